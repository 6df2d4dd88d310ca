"""The year lock: once a municipality's 年度 is closed, the data it was built from is read-only.

The mechanism lives here, below every app; who decides and what is guarded live in the apps:
- `reports` answers which 年度 of a municipality are locked (an approved annual report), and with
  what message, and names itself with `set_source()` in its `AppConfig.ready()`;
- each app that owns data a 年度 is built from registers its own models with `guard()` in its own
  `AppConfig.ready()` (hubs: usage, schedules, staffing; reports: the hubs' yearly costs).

One guard on save and on delete refuses every write, whatever path it comes by (screens, imports,
the admin, a cascade); services turn the refusal into a message. Only the prefecture can lift the
lock, by undoing the approval with a reason.

A write touches the 年度 of the dates it changes: a day's row its own 年度; a period (a closure,
an assignment) the 年度 of the part of the period that changes, so ending in 2026 an assignment
that began in 2023 touches 2026 only; a new weekly schedule every 年度 from its first day on.
"""

import contextlib
import contextvars
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from django.db.models.signals import pre_delete, pre_save

from .japanese import fiscal_year_of

FAR_FUTURE = dt.date(9999, 3, 31)


class YearLocked(Exception):
    """A write into a locked 年度; its message says why and who can lift the lock."""

    def __init__(self, message: str, fiscal_year: int):
        self.fiscal_year = fiscal_year
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


class LockSource(Protocol):
    """What decides which 年度 of a municipality are locked, and says why (reports)."""

    def locked_years(self, municipality_id: int) -> set[int]: ...

    def refusal(self, municipality_id: int, fiscal_year: int) -> str: ...


_source: LockSource | None = None


def set_source(source: LockSource) -> None:
    """Name the one place that knows which years are locked (from its AppConfig.ready())."""
    global _source
    _source = source


# Within `remembered_locks()` (one import's transaction) each municipality's locked 年度 are
# read once. A lock set meanwhile by another transaction is still refused by PostgreSQL itself
# for day rows (KY001), so remembering them for the length of one file is safe.
_remembered: contextvars.ContextVar[dict[int, set[int]] | None] = contextvars.ContextVar(
    "kyoten_locked_years", default=None
)


@contextlib.contextmanager
def remembered_locks() -> Iterator[None]:
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def locked_years(municipality_id: int) -> set[int]:
    if _source is None:
        return set()
    memo = _remembered.get()
    if memo is None:
        return _source.locked_years(municipality_id)
    if municipality_id not in memo:
        memo[municipality_id] = _source.locked_years(municipality_id)
    return memo[municipality_id]


def locked_message(municipality, fiscal_year: int) -> str:
    """The refusal a screen shows before anyone tries, or "" when the 年度 is open."""
    if _source is None or fiscal_year not in _source.locked_years(municipality.pk):
        return ""
    return _source.refusal(municipality.pk, fiscal_year)


def ensure_open(municipality_id: int, first: dt.date, last: dt.date | None = None) -> None:
    """Refuse if any 年度 from `first` to `last` (open-ended: None) is locked."""
    if _source is None:
        return
    low, high = fiscal_year_of(first), fiscal_year_of(last or FAR_FUTURE)
    hit = sorted(y for y in locked_years(municipality_id) if low <= y <= high)
    if hit:
        raise YearLocked(_source.refusal(municipality_id, hit[0]), hit[0])


@dataclass(frozen=True)
class Guarded:
    """How to find a row's municipality (its id) and the dates it covers."""

    municipality: Callable
    start: str  # a date field (dotted through relations) or a 年度 field
    end: str | None = None  # a field, or None: one day (or, with open_ended, from start on)
    open_ended: bool = False


def _fy_start(fiscal_year: int) -> dt.date:
    return dt.date(fiscal_year, 4, 1)


def _get(obj, path: str):
    for name in path.split("."):
        obj = getattr(obj, name)
    return obj


def _period(spec: Guarded, obj) -> tuple[dt.date, dt.date | None]:
    start = _get(obj, spec.start)
    if isinstance(start, int):  # a 年度 field
        return _fy_start(start), _fy_start(start)
    if spec.open_ended:
        return start, None
    if spec.end is None:
        return start, start
    return start, getattr(obj, spec.end)


def _changed_ranges(spec: Guarded, old, new) -> list[tuple[dt.date, dt.date | None]]:
    """The date ranges an update changes: the moved ends only, when nothing else changed."""
    old_period, new_period = _period(spec, old), _period(spec, new)
    others = [
        f.attname
        for f in new._meta.concrete_fields
        if f.attname not in {spec.start, spec.end, "updated_at", "updated_by_id"}
    ]
    if spec.end is None or any(getattr(old, a) != getattr(new, a) for a in others):
        return [old_period, new_period]
    ranges: list[tuple[dt.date, dt.date | None]] = []
    if old_period[0] != new_period[0]:
        ranges.append((min(old_period[0], new_period[0]), max(old_period[0], new_period[0])))
    old_end, new_end = old_period[1] or FAR_FUTURE, new_period[1] or FAR_FUTURE
    if old_end != new_end:
        ranges.append((min(old_end, new_end), max(old_end, new_end)))
    return ranges


def _guard_save(spec: Guarded):
    def receiver(sender, instance, raw=False, **kwargs):
        if raw:  # loading fixtures
            return
        municipality_id = spec.municipality(instance)
        if not locked_years(municipality_id):  # the usual case: one small query
            return
        # The row as stored before this save, whoever saves it (the lock holds for every scope).
        old = sender._base_manager.filter(pk=instance.pk).first() if instance.pk else None
        ranges = [_period(spec, instance)] if old is None else _changed_ranges(spec, old, instance)
        for first, last in ranges:
            ensure_open(municipality_id, first, last)

    return receiver


def _guard_delete(spec: Guarded):
    def receiver(sender, instance, **kwargs):
        ensure_open(spec.municipality(instance), *_period(spec, instance))

    return receiver


def guard(model, spec: Guarded) -> None:
    """Refuse writes to `model`'s rows that fall in a locked 年度 (call from AppConfig.ready())."""
    label = model._meta.label
    pre_save.connect(_guard_save(spec), sender=model, weak=False, dispatch_uid=f"lock:{label}")
    pre_delete.connect(
        _guard_delete(spec), sender=model, weak=False, dispatch_uid=f"lock-del:{label}"
    )
