"""Where helpers are missing: the 提供会員 a centre has, by age, area and time slot, against the
requests it received, by area and time slot (seed 004: 「活動中の提供会員の属性（年齢層、地域、時間帯）
…を分析する。…どのエリアの提供会員が少ないのか」), so that recruitment can be aimed.

- Helpers: 提供会員・両方会員 active on the last day of the period. A helper counts in an area
  when it is the 町名 of their own address or one of the areas they said they help in, and in a
  time slot when one of their weekly slots overlaps it (weekdays and 土日祝 apart).
- Requests: every request received in the period, by the 町名 of the requester's address and the
  slots its time overlaps; 「調整できず」 are the requests no helper could take.
- A cell is 不足 (missing) when it had requests that could not be matched or no helper who could
  take them, and 手薄 (thin) when its requests per helper are at least twice the centre's as a
  whole.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from accounts.access import within
from common.japanese import holiday_name

from .matching import area_key
from .models import Availability, HelperProfile, Member, Request, StatusChange
from .selectors import status_on

SLOTS = (
    ("早朝（〜7時）", dt.time(0), dt.time(7)),
    ("午前（7〜12時）", dt.time(7), dt.time(12)),
    ("午後（12〜17時）", dt.time(12), dt.time(17)),
    ("夕方（17〜19時）", dt.time(17), dt.time(19)),
    ("夜間（19時〜）", dt.time(19), dt.time(23, 59, 59)),
)
DAYS = ("平日", "土日祝")
AGE_BANDS = ("20代以下", "30代", "40代", "50代", "60代", "70代以上", "生年月日なし")


def slot_names() -> list[str]:
    return [f"{day}{name}" for day in DAYS for name, _, _ in SLOTS]


def slots_of(weekend: bool, start: dt.time, end: dt.time) -> list[str]:
    """The time slots `start`–`end` overlaps (an end before the start runs to midnight)."""
    day = DAYS[1] if weekend else DAYS[0]
    stop = end if end > start else dt.time(23, 59, 59)
    return [f"{day}{name}" for name, lo, hi in SLOTS if start < hi and lo < stop]


def age_band(birth_date: dt.date | None, on: dt.date) -> str:
    if birth_date is None:
        return AGE_BANDS[-1]
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    decade = min(max(age // 10, 2), 7)
    return AGE_BANDS[decade - 2]


@dataclass
class Cell:
    requests: int = 0
    unmatched: int = 0
    helpers: int = 0

    @property
    def per_helper(self) -> float | None:
        return self.requests / self.helpers if self.helpers else None

    def level(self, overall: float | None) -> str:
        if not self.requests:
            return ""
        if self.unmatched or not self.helpers:
            return "不足"
        if overall and self.requests / self.helpers >= 2 * overall:
            return "手薄"
        return ""


@dataclass
class Supply:
    first: dt.date
    last: dt.date
    areas: list[str]
    slots: list[str]
    grid: dict[tuple[str, str], Cell]
    by_area: dict[str, Cell]
    by_slot: dict[str, Cell]
    ages: dict[str, int]
    ages_by_area: dict[str, Counter] = field(default_factory=dict)
    helpers: int = 0
    requests: int = 0

    @property
    def overall(self) -> float | None:
        """Requests per helper over every area × slot cell."""
        requests = sum(c.requests for c in self.grid.values())
        helpers = sum(c.helpers for c in self.grid.values())
        return requests / helpers if helpers else None

    def short_cells(self) -> list[tuple[str, str, Cell, str]]:
        """The area × slot cells 不足 or 手薄, the worst first."""
        overall = self.overall
        cells = [(a, s, c, c.level(overall)) for (a, s), c in self.grid.items()]
        cells = [x for x in cells if x[3]]
        return sorted(
            cells,
            key=lambda x: (x[3] != "不足", -x[2].unmatched, -(x[2].per_helper or 1e9), x[0]),
        )


def supply(centre, first: dt.date, last: dt.date) -> Supply:
    helpers = _active_helpers(centre, last)
    profiles = {p.member_id: p for p in within(centre, HelperProfile).filter(member__in=helpers)}
    slots_by_helper: dict[int, set[str]] = {}
    for slot in within(centre, Availability).filter(member__in=helpers):
        names = slots_of(slot.weekday >= 5, slot.start, slot.end)
        slots_by_helper.setdefault(slot.member_id, set()).update(names)

    requests = list(
        within(centre, Request)
        .filter(received_at__date__gte=first, received_at__date__lte=last)
        .select_related("requester")
    )
    areas_by_helper = {}
    for helper in helpers:
        own = area_key(helper.address_area)
        said = profiles[helper.pk].area_list() if helper.pk in profiles else []
        areas_by_helper[helper.pk] = {a for a in [own, *map(area_key, said)] if a}
    request_areas = {area_key(r.requester.address_area) or "住所なし" for r in requests}
    areas = sorted(request_areas | {a for s in areas_by_helper.values() for a in s})
    slots = slot_names()

    grid = {(a, s): Cell() for a in areas for s in slots}
    by_area = {a: Cell() for a in areas}
    by_slot = {s: Cell() for s in slots}
    for helper in helpers:
        helper_slots = slots_by_helper.get(helper.pk, set())
        for area in areas_by_helper[helper.pk]:
            by_area[area].helpers += 1
            for slot in helper_slots:
                grid[(area, slot)].helpers += 1
        for slot in helper_slots:
            by_slot[slot].helpers += 1
    for request in requests:
        area = area_key(request.requester.address_area) or "住所なし"
        weekend = request.date.weekday() >= 5 or holiday_name(request.date) is not None
        unmatched = request.state == Request.State.UNMATCHED
        by_area[area].requests += 1
        by_area[area].unmatched += unmatched
        for slot in slots_of(weekend, request.start, request.end):
            for cell in (grid[(area, slot)], by_slot[slot]):
                cell.requests += 1
                cell.unmatched += unmatched

    ages = {band: 0 for band in AGE_BANDS}
    ages_by_area: dict[str, Counter] = {a: Counter() for a in areas}
    for helper in helpers:
        band = age_band(helper.birth_date, last)
        ages[band] += 1
        for area in areas_by_helper[helper.pk]:
            ages_by_area[area][band] += 1
    return Supply(
        first=first,
        last=last,
        areas=areas,
        slots=slots,
        grid=grid,
        by_area=by_area,
        by_slot=by_slot,
        ages=ages,
        ages_by_area=ages_by_area,
        helpers=len(helpers),
        requests=len(requests),
    )


def _active_helpers(centre, day: dt.date) -> list[Member]:
    members = list(within(centre, Member).filter(kind__in=["helper", "both"]))
    changes: dict[int, list[StatusChange]] = {}
    for change in within(centre, StatusChange).filter(member__in=members).order_by("on", "id"):
        changes.setdefault(change.member_id, []).append(change)
    return [m for m in members if status_on(changes.get(m.pk, []), day) == "active"]
