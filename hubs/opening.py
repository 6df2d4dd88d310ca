"""Opening days and hours, computed from a hub's schedules, closures, extra days and holidays.

Nothing here is typed in by anyone: the figures a subsidy depends on (days per week, hours per day,
hours after 18:00, opening days in a 年度, the opening tier) all come from the schedule.
"""

import datetime as dt
import json
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from common.japanese import fiscal_year_bounds, holiday_name

from .models.schedules import WEEKDAYS

if TYPE_CHECKING:
    from .models import Hub

EVENING = dt.time(18, 0)
_TIERS_FILE = Path(__file__).parent / "data" / "opening_tiers.json"


def _hours(ranges) -> float:
    return (
        sum(
            (dt.datetime.combine(dt.date.min, c) - dt.datetime.combine(dt.date.min, o)).seconds
            for o, c in ranges
        )
        / 3600
    )


def _hours_after(ranges, line: dt.time) -> float:
    return _hours([(max(o, line), c) for o, c in ranges if c > line])


@dataclass(slots=True)
class DayOpening:
    date: dt.date
    ranges: tuple[tuple[dt.time, dt.time], ...]
    why: str = ""  # 祝日名, 年末年始, 臨時休館, 臨時開所 …

    @property
    def is_open(self) -> bool:
        return bool(self.ranges)

    @property
    def hours(self) -> float:
        return _hours(self.ranges)

    @property
    def hours_after_18(self) -> float:
        return _hours_after(self.ranges, EVENING)


@dataclass(frozen=True)
class WeeklyPattern:
    """The weekly shape of one schedule: hours per weekday and what follows from them."""

    ranges: dict[int, tuple[tuple[dt.time, dt.time], ...]]
    opens_on_public_holidays: bool

    @property
    def open_weekdays(self) -> list[int]:
        return sorted(d for d, r in self.ranges.items() if r)

    @property
    def days_per_week(self) -> int:
        return len(self.open_weekdays)

    def hours_on(self, weekday: int) -> float:
        return _hours(self.ranges.get(weekday, ()))

    def hours_after_18_on(self, weekday: int) -> float:
        return _hours_after(self.ranges.get(weekday, ()), EVENING)

    @property
    def min_hours(self) -> float:
        return min((self.hours_on(d) for d in self.open_weekdays), default=0)

    @property
    def max_hours(self) -> float:
        return max((self.hours_on(d) for d in self.open_weekdays), default=0)

    def days_with_hours(self, minimum: float) -> int:
        return sum(1 for d in self.open_weekdays if self.hours_on(d) >= minimum)

    def days_open_after_18(self, minimum_hours: float) -> int:
        return sum(1 for d in self.open_weekdays if self.hours_after_18_on(d) >= minimum_hours)

    @property
    def days_open_after_18_any(self) -> int:
        return sum(1 for d in self.open_weekdays if self.hours_after_18_on(d) > 0)

    @property
    def opens_weekend(self) -> bool:
        return 5 in self.open_weekdays or 6 in self.open_weekdays

    def describe(self) -> str:
        """Return e.g. 月〜金 9:30–15:30."""
        groups: list[tuple[list[int], tuple]] = []
        for d in self.open_weekdays:
            r = self.ranges[d]
            if groups and groups[-1][1] == r and groups[-1][0][-1] == d - 1:
                groups[-1][0].append(d)
            else:
                groups.append(([d], r))
        parts = []
        for days, r in groups:
            name = (
                WEEKDAYS[days[0]]
                if len(days) == 1
                else f"{WEEKDAYS[days[0]]}〜{WEEKDAYS[days[-1]]}"
            )
            times = "・".join(f"{o.hour}:{o.minute:02d}–{c.hour}:{c.minute:02d}" for o, c in r)
            parts.append(f"{name} {times}")
        return "、".join(parts) or "開所なし"


def pattern_of(schedule) -> WeeklyPattern:
    ranges: dict[int, list] = {}
    for h in schedule.hours.all():
        ranges.setdefault(h.weekday, []).append((h.opens, h.closes))
    return WeeklyPattern(
        ranges={d: tuple(sorted(r)) for d, r in ranges.items()},
        opens_on_public_holidays=schedule.opens_on_public_holidays,
    )


@dataclass
class HubCalendar:
    """Every day of a hub, open or not, from data fetched once (see `calendar_for_hubs`)."""

    hub: "Hub"
    schedules: list = field(default_factory=list)  # sorted by valid_from, hours prefetched
    closures: list = field(default_factory=list)
    extra_days: dict = field(default_factory=dict)

    def __post_init__(self):
        self.schedules = sorted(self.schedules, key=lambda s: s.valid_from)
        self._starts = [s.valid_from for s in self.schedules]
        self._patterns = [pattern_of(s) for s in self.schedules]
        # Closures expanded to days once: a year's walk then looks each day up instead of scanning.
        self._closed: dict[dt.date, str] = {}
        for c in sorted(self.closures, key=lambda c: c.starts_on, reverse=True):
            why = c.note or c.get_kind_display()
            for n in range((c.ends_on - c.starts_on).days + 1):
                self._closed[c.starts_on + dt.timedelta(days=n)] = why

    def history(self) -> list[tuple]:
        """Return every schedule with its weekly pattern, oldest first."""
        return list(zip(self.schedules, self._patterns, strict=True))

    def pattern_on(self, day: dt.date) -> WeeklyPattern | None:
        i = bisect_right(self._starts, day) - 1
        return self._patterns[i] if i >= 0 else None

    def day(self, day: dt.date) -> DayOpening:
        if not self.hub.is_open_on(day):
            return DayOpening(day, (), "開設期間外")
        extra = self.extra_days.get(day)
        if extra is not None:
            return DayOpening(day, ((extra.opens, extra.closes),), extra.note or "臨時開所")
        closed_why = self._closed.get(day)
        if closed_why is not None:
            return DayOpening(day, (), closed_why)
        pattern = self.pattern_on(day)
        if pattern is None:
            return DayOpening(day, (), "スケジュール未登録")
        holiday = holiday_name(day)
        if holiday and not pattern.opens_on_public_holidays:
            return DayOpening(day, (), holiday)
        return DayOpening(day, pattern.ranges.get(day.weekday(), ()), holiday or "")

    def days(self, start: dt.date, end: dt.date) -> list[DayOpening]:
        return [self.day(start + dt.timedelta(n)) for n in range((end - start).days + 1)]

    def open_days_by_month(self, start: dt.date, end: dt.date) -> dict[tuple[int, int], int]:
        """Count opening days per month: the same rules as `day`, without building each day.

        The prefecture-wide summary calls this for hundreds of hubs that mostly share a weekly
        pattern, the holidays and 年末年始, so each schedule period's count is memoised.
        """
        counts: dict[tuple[int, int], int] = {}
        first = max(start, self.hub.opened_on or start)
        last = min(end, self.hub.closed_on or end)
        for i, schedule_start in enumerate(self._starts):
            seg_from = max(first, schedule_start)
            seg_to = last
            if i + 1 < len(self._starts):
                seg_to = min(last, self._starts[i + 1] - dt.timedelta(days=1))
            if seg_from > seg_to:
                continue
            pattern = self._patterns[i]
            open_weekdays = frozenset(d for d, r in pattern.ranges.items() if r)
            closed = frozenset(d for d in self._closed if seg_from <= d <= seg_to)
            for month, n in _count_open_days(
                open_weekdays, pattern.opens_on_public_holidays, seg_from, seg_to, closed
            ):
                counts[month] = counts.get(month, 0) + n
        # An extra opening day counts even where the schedule says closed (or before any schedule).
        for day in self.extra_days:
            if first <= day <= last and not self._scheduled_open(day):
                counts[(day.year, day.month)] = counts.get((day.year, day.month), 0) + 1
        return counts

    def _scheduled_open(self, day: dt.date) -> bool:
        pattern = self.pattern_on(day)
        if pattern is None or day in self._closed or not pattern.ranges.get(day.weekday()):
            return False
        return pattern.opens_on_public_holidays or holiday_name(day) is None

    def fiscal_year_days(self, fiscal_year: int) -> list[DayOpening]:
        return self.days(*fiscal_year_bounds(fiscal_year))


@lru_cache(maxsize=4096)
def _count_open_days(
    open_weekdays: frozenset[int],
    holidays_open: bool,
    start: dt.date,
    end: dt.date,
    closed: frozenset[dt.date],
) -> tuple[tuple[tuple[int, int], int], ...]:
    """Count, per month, the days a weekly pattern opens between two dates."""
    counts: dict[tuple[int, int], int] = {}
    day = start
    while day <= end:
        if (
            day.weekday() in open_weekdays
            and day not in closed
            and (holidays_open or holiday_name(day) is None)
        ):
            counts[(day.year, day.month)] = counts.get((day.year, day.month), 0) + 1
        day += dt.timedelta(days=1)
    return tuple(counts.items())


def calendar_for_hubs(hubs) -> dict[int, HubCalendar]:
    """Build calendars for many hubs with four queries, whatever their number."""
    from accounts.access import within

    from .models import ClosurePeriod, ExtraOpeningDay, OpeningSchedule

    hubs = list(hubs)
    ids = [h.pk for h in hubs]
    schedules: dict[int, list] = {pk: [] for pk in ids}
    closures: dict[int, list] = {pk: [] for pk in ids}
    extra_days: dict[int, dict] = {pk: {} for pk in ids}
    for s in within(hubs, OpeningSchedule).prefetch_related("hours"):
        schedules[s.hub_id].append(s)
    for c in within(hubs, ClosurePeriod):
        closures[c.hub_id].append(c)
    for e in within(hubs, ExtraOpeningDay):
        extra_days[e.hub_id][e.date] = e
    return {h.pk: HubCalendar(h, schedules[h.pk], closures[h.pk], extra_days[h.pk]) for h in hubs}


def calendar_for_hub(hub) -> HubCalendar:
    return calendar_for_hubs([hub])[hub.pk]


# Opening tier ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TierVerdict:
    tier: str | None  # the label people read (週5日型); None: below the floor
    reason: str
    clause: str
    code: str | None = None  # the stable code (days5): price keys are built from it


@cache
def _tier_periods():
    data = json.loads(_TIERS_FILE.read_text(encoding="utf-8"))
    return [
        {
            **p,
            "valid_from": dt.date.fromisoformat(p["valid_from"]),
            "valid_to": dt.date.fromisoformat(p["valid_to"]) if p["valid_to"] else None,
        }
        for p in data["periods"]
    ]


def opening_tier(hub_type: str, pattern: WeeklyPattern | None, on: dt.date) -> TierVerdict:
    """Return the opening tier (週3〜4日型 …) a weekly pattern earns, with the reason."""
    period = next(
        (
            p
            for p in _tier_periods()
            if p["valid_from"] <= on and (p["valid_to"] is None or on <= p["valid_to"])
        ),
        None,
    )
    if period is None:
        return TierVerdict(
            None, f"{on:%Y-%m-%d} に適用できる開設区分の定めが登録されていません。", ""
        )
    rule = period[hub_type]
    clause = period["source"]
    if pattern is None or not pattern.open_weekdays:
        return TierVerdict(None, "開所スケジュールが登録されていません。", clause)
    floor_h = rule["min_hours_per_day"]
    counted = pattern.days_with_hours(floor_h)
    facts = f"{pattern.describe()} → 1日{floor_h}時間以上の開所が週{counted}日"
    short_days = [WEEKDAYS[d] for d in pattern.open_weekdays if pattern.hours_on(d) < floor_h]
    if short_days:
        facts += f"（{'・'.join(short_days)}は{floor_h}時間未満のため数えません）"
    for tier in rule["tiers"]:
        if counted >= tier["min_days"]:
            reason = f"{facts} → {rule['label']} {tier['label']}"
            return TierVerdict(tier["label"], reason, clause, code=tier["code"])
    return TierVerdict(
        None,
        f"{facts} → {rule['label']}の基準（週{rule['min_days_per_week']}日以上・"
        f"1日{floor_h}時間以上）を下回っています。",
        clause,
    )


@dataclass(frozen=True)
class YearFacts:
    fiscal_year: int
    opening_days: int
    opening_hours: float
    evening_days: int  # days open after 18:00
    weekend_or_holiday_days: int
    by_month: dict[tuple[int, int], int]


def year_facts(calendar: HubCalendar, fiscal_year: int) -> YearFacts:
    """Return a 年度's opening days and hours, from the calendar day by day."""
    days = [d for d in calendar.fiscal_year_days(fiscal_year) if d.is_open]
    by_month: dict[tuple[int, int], int] = {}
    for d in days:
        by_month[(d.date.year, d.date.month)] = by_month.get((d.date.year, d.date.month), 0) + 1
    return YearFacts(
        fiscal_year=fiscal_year,
        opening_days=len(days),
        opening_hours=sum(d.hours for d in days),
        evening_days=sum(1 for d in days if d.hours_after_18 > 0),
        weekend_or_holiday_days=sum(
            1 for d in days if d.date.weekday() >= 5 or holiday_name(d.date)
        ),
        by_month=by_month,
    )
