"""The facts a rule reads, for one hub and one 年度: from the database, or from a JSON file.

Facts come from the data (schedules and holidays, assignments, qualifications, training and
experience records, usage, events, consultations, municipality figures), never from a box an
officer ticks. The JSON form lets a planner ask about a hub that does not exist yet.
"""

import datetime as dt
import math
from dataclasses import dataclass, field

from accounts.access import within
from common.japanese import fiscal_year_bounds, fiscal_year_months, parse_date
from hubs.opening import WeeklyPattern

WEEKDAY_KEYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


@dataclass
class StaffFacts:
    name: str
    role: str  # Assignment.Role value
    service: str  # "hiroba" or a HubService.Kind value
    dedicated: bool
    started_on: dt.date
    qualifications: set[str] = field(default_factory=set)
    training: dict[str, dt.date] = field(default_factory=dict)  # course code → completed on
    experience_days: int = 0  # recognised consultation/coordination work, in days

    @property
    def experience_years(self) -> float:
        return self.experience_days / 365.2425


@dataclass
class MunicipalityFacts:
    name: str
    emergency_measures: bool | None = None  # 緊急対策に参加
    population_0_5: dict[int, int] = field(default_factory=dict)  # year → 0–5 population (10/1)
    nursery_occupancy: dict[int, float] = field(default_factory=dict)  # year → % (10/1)
    nurseries: int | None = None  # 保育所・幼保連携型認定こども園の数 (H31.4.1)
    waiting_children: dict[int, int] = field(default_factory=dict)  # year → 待機児童数 (4/1)
    tokutei_sites: int = 0  # 利用者支援 特定型 sites the municipality runs
    # Stricter local conditions: {service, kind, value, first_year, last_year, source}.
    local_conditions: list[dict] = field(default_factory=list)


@dataclass
class HubFacts:
    name: str
    hub_type: str  # "ippan" / "renkei"
    premises: str
    fiscal_year: int
    reference_day: dt.date  # the day schedules and staffing are read on
    pattern: WeeklyPattern | None
    services: set[str] = field(default_factory=set)  # HubService kinds running in the 年度
    staff: list[StaffFacts] = field(default_factory=list)
    months_open: list[tuple[int, int]] = field(default_factory=list)
    koshu_months: set[tuple[int, int]] = field(default_factory=set)
    usage_days: int = 0
    opening_days: int = 0
    consultations: dict[str, int] = field(default_factory=dict)  # service → count
    outreach_weeks: int = 0  # weeks with a 出張ひろば session of 5 hours or more
    outreach_weeks_total: int = 0  # weeks in which 出張ひろば was to run
    register_entries: int = 0  # 支援台帳 entries of the site's families
    support_plans: int = 0  # 支援プラン of the site's families
    municipality: MunicipalityFacts = field(default_factory=lambda: MunicipalityFacts(""))


# From the database ---------------------------------------------------------------------------


def _reference_day(fiscal_year: int, today: dt.date) -> dt.date:
    start, end = fiscal_year_bounds(fiscal_year)
    return min(max(today, start), end)


def hub_facts(hub, fiscal_year: int, *, today: dt.date | None = None) -> HubFacts:
    """Gather the facts of a real hub for a 年度 (reference day: today, or the year's end)."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from consultations.models import Consultation, RegisterEntry, SupportPlan
    from hubs.models import Assignment, DailyUsage, Event, HubService, OutreachSession
    from hubs.opening import calendar_for_hub

    today = today or timezone.localdate()
    start, end = fiscal_year_bounds(fiscal_year)
    day = _reference_day(fiscal_year, today)
    last = min(end, today)
    calendar = calendar_for_hub(hub)
    open_by_month = calendar.open_days_by_month(start, last) if last >= start else {}
    services = set(
        within(hub, HubService)
        .filter(started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .values_list("kind", flat=True)
    )
    assignments = (
        within(hub, Assignment)
        .filter(started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .select_related("staff", "service")
        .prefetch_related("staff__qualifications", "staff__training__course", "staff__experiences")
    )
    staff = []
    for a in assignments:
        experience = 0
        for w in a.staff.experiences.all():
            if w.counts_as_consultation:
                experience += ((w.ended_on or day) - w.started_on).days
        staff.append(
            StaffFacts(
                name=a.staff.name,
                role=a.role,
                service=a.service.kind if a.service else "hiroba",
                dedicated=a.dedicated,
                started_on=a.started_on,
                qualifications={q.kind for q in a.staff.qualifications.all()},
                training={
                    r.course.code: r.completed_on
                    for r in a.staff.training.all()
                    if r.completed_on <= day
                },
                experience_days=experience,
            )
        )
    koshu = {
        (d.year, d.month)
        for d in within(hub, Event)
        .filter(kind=Event.Kind.KOSHU, date__range=(start, last))
        .values_list("date", flat=True)
    }
    consultations = dict(
        within(hub, Consultation)
        .filter(held_at__date__range=(start, last))
        .values_list("service")
        .annotate(n=Count("id"))
    )
    sessions = within(hub, OutreachSession).filter(date__range=(start, last))
    long_weeks = {
        s.date.isocalendar()[:2]
        for s in sessions
        if dt.datetime.combine(s.date, s.ends) - dt.datetime.combine(s.date, s.starts)
        >= dt.timedelta(hours=5)
    }
    outreach_total = 0
    if "shuccho" in services and last >= start:
        outreach_total = math.ceil(((last - start).days + 1) / 7)
    return HubFacts(
        name=hub.name,
        hub_type=hub.hub_type,
        premises=hub.premises,
        fiscal_year=fiscal_year,
        reference_day=day,
        pattern=calendar.pattern_on(day),
        services=services,
        staff=staff,
        months_open=[m for m in fiscal_year_months(fiscal_year) if open_by_month.get(m)],
        koshu_months=koshu,
        usage_days=within(hub, DailyUsage).filter(date__range=(start, last)).count(),
        opening_days=sum(open_by_month.values()),
        consultations=consultations,
        outreach_weeks=len(long_weeks),
        outreach_weeks_total=outreach_total,
        register_entries=within(hub, RegisterEntry).count(),
        support_plans=within(hub, SupportPlan).count(),
        municipality=municipality_facts(hub.municipality),
    )


def municipality_facts(municipality) -> MunicipalityFacts:
    from hubs.models import HubService

    from ..models import LocalCondition, MunicipalityYear

    facts = MunicipalityFacts(
        name=municipality.name,
        tokutei_sites=within(municipality, HubService)
        .filter(kind="riyosha_tokutei", ended_on__isnull=True)
        .count(),
    )
    facts.local_conditions = [
        dict(row)
        for row in within(municipality, LocalCondition).values(
            "service", "kind", "value", "first_year", "last_year", "source"
        )
    ]
    for row in within(municipality, MunicipalityYear):
        if row.population_0_5 is not None:
            facts.population_0_5[row.year] = row.population_0_5
        if row.nursery_occupancy is not None:
            facts.nursery_occupancy[row.year] = float(row.nursery_occupancy)
        if row.waiting_children is not None:
            facts.waiting_children[row.year] = row.waiting_children
        if row.nurseries is not None:
            facts.nurseries = row.nurseries
        if row.emergency_measures is not None:
            facts.emergency_measures = row.emergency_measures
    return facts


# From a JSON file ----------------------------------------------------------------------------


class FactsError(ValueError):
    """A JSON facts file that cannot be read: the message says where, in Japanese."""


def _time(value: str, where: str) -> dt.time:
    try:
        return dt.time.fromisoformat(value)
    except (TypeError, ValueError):
        raise FactsError(f"{where}: 時刻「{value}」は HH:MM で書いてください。") from None


def _date(value, where: str) -> dt.date:
    try:
        return parse_date(value)
    except (TypeError, ValueError) as error:
        raise FactsError(f"{where}: {error}") from None


def facts_from_json(data: dict, fiscal_year: int) -> HubFacts:
    """Build the facts of a hypothetical hub. The format is documented in docs/eligibility.md."""
    if not isinstance(data, dict):
        raise FactsError("最上位はオブジェクト（{…}）にしてください。")
    start, end = fiscal_year_bounds(fiscal_year)
    day = _date(data.get("reference_day", str(end)), "reference_day")
    ranges: dict[int, tuple] = {}
    for key, spans in (data.get("schedule") or {}).items():
        if key not in WEEKDAY_KEYS:
            raise FactsError(f"schedule: 曜日「{key}」は mon〜sun で書いてください。")
        ranges[WEEKDAY_KEYS[key]] = tuple(
            (_time(a, f"schedule.{key}"), _time(b, f"schedule.{key}")) for a, b in spans
        )
    pattern = (
        WeeklyPattern(ranges=ranges, opens_on_public_holidays=bool(data.get("open_on_holidays")))
        if ranges
        else None
    )
    staff = []
    for i, s in enumerate(data.get("staff", [])):
        where = f"staff[{i}]"
        staff.append(
            StaffFacts(
                name=s.get("name", f"職員{i + 1}"),
                role=s.get("role", "hiroba"),
                service=s.get("service", "hiroba"),
                dedicated=bool(s.get("dedicated", True)),
                started_on=_date(s.get("started_on", str(start)), f"{where}.started_on"),
                qualifications=set(s.get("qualifications", [])),
                training={
                    code: _date(on, f"{where}.training.{code}")
                    for code, on in (s.get("training") or {}).items()
                },
                experience_days=round(float(s.get("experience_years", 0)) * 365.25),
            )
        )
    months = fiscal_year_months(fiscal_year)
    koshu_per_month = data.get("koshu_per_month")
    koshu = (
        {m for m, n in zip(months, koshu_per_month, strict=False) if n}
        if koshu_per_month is not None
        else set()
    )
    city = data.get("municipality") or {}
    municipality = MunicipalityFacts(
        name=city.get("name", ""),
        emergency_measures=city.get("emergency_measures"),
        population_0_5={int(k): int(v) for k, v in (city.get("population_0_5") or {}).items()},
        nursery_occupancy={
            int(k): float(v) for k, v in (city.get("nursery_occupancy") or {}).items()
        },
        nurseries=city.get("nurseries"),
        waiting_children={int(k): int(v) for k, v in (city.get("waiting_children") or {}).items()},
        tokutei_sites=int(city.get("tokutei_sites", 0)),
        local_conditions=[
            {"first_year": 2000, "last_year": None, "source": "（JSON）"} | dict(c)
            for c in city.get("local_conditions", [])
        ],
    )
    hub_type = data.get("hub_type", "ippan")
    if hub_type not in ("ippan", "renkei"):
        raise FactsError("hub_type は ippan（一般型）か renkei（連携型）にしてください。")
    return HubFacts(
        name=data.get("name", "（仮の拠点）"),
        hub_type=hub_type,
        premises=data.get("premises", "public_space"),
        fiscal_year=fiscal_year,
        reference_day=day,
        pattern=pattern,
        services=set(data.get("services", [])),
        staff=staff,
        months_open=months[: int(data.get("months_open", 12))],
        koshu_months=koshu,
        usage_days=int(data.get("usage_days", 0)),
        opening_days=int(data.get("opening_days", 0)),
        consultations={k: int(v) for k, v in (data.get("consultations") or {}).items()},
        outreach_weeks=int(data.get("outreach_weeks", 0)),
        outreach_weeks_total=int(data.get("outreach_weeks_total", 0)),
        register_entries=int(data.get("register_entries", 0)),
        support_plans=int(data.get("support_plans", 0)),
        municipality=municipality,
    )
