"""The centre's figures for a month or a 年度 (月報・年報): members, activities, children by age,
病児・緊急, matching speed, training, money. Counts only: no member is named.

One query per table, whatever the number of members (bench/famisapo_bench.py measures it).
"""

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from accounts.access import within

from .kinds import EMERGENCY, KINDS, OVERNIGHT, SICK_CHILD
from .models import Activity, Member, MemberKind, Request, StatusChange, TrainingRecord
from .selectors import rules_on
from .training import add_months, add_years

AGE_BANDS = ["0歳", "1・2歳", "3歳〜就学前", "小学1〜3年", "小学4〜6年", "中学生", "その他"]
STRENGTHENED = (SICK_CHILD, OVERNIGHT, EMERGENCY)  # 病児・緊急対応強化事業 kinds


def age_band(birth: dt.date, day: dt.date) -> str:
    """Age band on `day`; school years by the 4月1日 cut (a child born 4月2日… is in the later year)."""
    age = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
    # school year: 小1 is the 年度 in which the child turns 7 (born 4/2 … 4/1)
    fiscal = day.year if day.month >= 4 else day.year - 1
    school_year = fiscal - birth.year - (1 if (birth.month, birth.day) >= (4, 2) else 0) - 5
    if age < 1:
        return AGE_BANDS[0]
    if age < 3:
        return AGE_BANDS[1]
    if school_year < 1:
        return AGE_BANDS[2]
    if school_year <= 3:
        return AGE_BANDS[3]
    if school_year <= 6:
        return AGE_BANDS[4]
    if school_year <= 9:
        return AGE_BANDS[5]
    return AGE_BANDS[6]


@dataclass
class Figures:
    first: dt.date
    last: dt.date
    registered: dict = field(default_factory=dict)  # kind → members registered at the end
    active: dict = field(default_factory=dict)
    joined: dict = field(default_factory=dict)
    left: dict = field(default_factory=dict)
    activities: dict = field(default_factory=dict)  # kind → count (cancellations not counted)
    hours: dict = field(default_factory=dict)  # kind → hours
    cancelled: int = 0
    not_arranged: int = 0
    children: dict = field(default_factory=dict)  # age band → children cared for (延べ)
    strengthened: int = 0
    requests: dict = field(default_factory=dict)  # state → requests received in the period
    median_hours_to_match: float | None = None
    sessions: int = 0
    trained_members: int = 0
    expiring_soon: int = 0
    expired: int = 0
    requester_pays: int = 0
    city_pays: int = 0

    @property
    def registered_total(self) -> int:
        return sum(self.registered.values())

    @property
    def activity_total(self) -> int:
        return sum(self.activities.values())

    @property
    def hour_total(self) -> float:
        return round(sum(self.hours.values()), 1)


def figures(centres, first: dt.date, last: dt.date) -> Figures:
    """Figures of `centres` (a scoped queryset or a list of centres) for first … last."""
    f = Figures(first, last)
    members = list(within(centres, Member).values_list("pk", "kind", "centre_id"))
    kinds = {pk: kind for pk, kind, _ in members}
    cadence = {c.pk: rules_on(c, last).safety_course_years for c in centres}
    years = {pk: cadence.get(centre_id, 5) for pk, _, centre_id in members}
    _members(f, centres, kinds)
    _activities(f, centres)
    _requests(f, centres)
    _training(f, centres, kinds, years)
    return f


def _members(f: Figures, centres, kinds: dict) -> None:
    history = defaultdict(list)
    for member_id, on, status in (
        within(centres, StatusChange).order_by("on", "pk").values_list("member_id", "on", "status")
    ):
        history[member_id].append((on, status))
    registered: Counter[str] = Counter()
    active: Counter[str] = Counter()
    joined: Counter[str] = Counter()
    left: Counter[str] = Counter()
    for member_id, changes in history.items():
        kind = kinds[member_id]
        now = [s for on, s in changes if on <= f.last]
        if now and now[-1] != "left":
            registered[kind] += 1
            active[kind] += now[-1] == "active"
        if changes[0][0] >= f.first and changes[0][0] <= f.last:
            joined[kind] += 1
        left[kind] += any(s == "left" and f.first <= on <= f.last for on, s in changes)
    for name, counter in (
        ("registered", registered),
        ("active", active),
        ("joined", joined),
        ("left", left),
    ):
        setattr(f, name, {k: counter[k] for k in MemberKind.values})


def _activities(f: Figures, centres) -> None:
    rows = within(centres, Activity).filter(date__gte=f.first, date__lte=f.last)
    done = rows.filter(cancelled_at__isnull=True, cancelled_without_notice=False)
    f.cancelled = rows.count() - done.count()
    f.not_arranged = done.filter(arranged=False).count()
    counts: Counter[str] = Counter()
    minutes: dict[str, float] = defaultdict(float)
    for kind, day, start, end in done.values_list("kind", "date", "start", "end"):
        counts[kind] += 1
        begin = dt.datetime.combine(day, start)
        finish = dt.datetime.combine(day if end > start else day + dt.timedelta(days=1), end)
        minutes[kind] += (finish - begin).total_seconds() / 60
    f.activities = {k: counts[k] for k in KINDS if counts[k]}
    f.hours = {k: round(minutes[k] / 60, 1) for k in f.activities}
    f.strengthened = sum(counts[k] for k in STRENGTHENED)
    ages = Counter(
        age_band(birth, day)
        for day, birth in done.values_list("date", "children__birth_date")
        if birth is not None and birth <= day
    )
    f.children = {band: ages[band] for band in AGE_BANDS if ages[band]}
    money = rows.aggregate(requester=Sum("requester_pays"), city=Sum("city_pays"))
    f.requester_pays, f.city_pays = money["requester"] or 0, money["city"] or 0


def _requests(f: Figures, centres) -> None:
    received = within(centres, Request).filter(
        received_at__date__gte=f.first, received_at__date__lte=f.last
    )
    states = dict(received.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    f.requests = {label: states.get(code, 0) for code, label in Request.State.choices}
    waits = [
        (matched - asked).total_seconds() / 3600
        for asked, matched in received.filter(matched_at__isnull=False).values_list(
            "received_at", "matched_at"
        )
    ]
    f.median_hours_to_match = round(statistics.median(waits), 1) if waits else None


def _training(f: Figures, centres, kinds: dict, years: dict) -> None:
    records = within(centres, TrainingRecord)
    period = records.filter(taken_on__gte=f.first, taken_on__lte=f.last)
    f.sessions = period.count()
    f.trained_members = period.values("member").distinct().count()
    # Safety courses of helpers by their last session, with each centre's cadence.
    last: dict[int, dict[str, dt.date]] = defaultdict(dict)
    for member_id, kind, taken in records.filter(
        kind__in=["rescue", "accident"], taken_on__lte=f.last
    ).values_list("member_id", "kind", "taken_on"):
        last[member_id][kind] = max(taken, last[member_id].get(kind, taken))
    soon_line = add_months(f.last, 3)
    for member_id, courses in last.items():
        if kinds.get(member_id) == MemberKind.REQUESTER:
            continue
        ends = [add_years(day, years[member_id]) - dt.timedelta(days=1) for day in courses.values()]
        if min(ends) < f.last:
            f.expired += 1
        elif min(ends) <= soon_line:
            f.expiring_soon += 1


def month_period(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    return first, add_months(first, 1) - dt.timedelta(days=1)


def fiscal_period(fiscal_year: int) -> tuple[dt.date, dt.date]:
    return dt.date(fiscal_year, 4, 1), dt.date(fiscal_year + 1, 3, 31)
