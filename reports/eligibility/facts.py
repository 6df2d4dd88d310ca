"""The facts a rule reads, for one hub and one 年度: from the database, or from a JSON file.

These are the facts every programme shares (the hub, its schedule, staff, services, consultation
counts, the municipality's figures); each registered programme adds its own (programmes.py).

Facts come from the data (schedules and holidays, assignments, qualifications, training and
experience records, usage, events, consultations, municipality figures), never from a box an
officer ticks. The JSON form lets a planner ask about a hub that does not exist yet.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

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
    # While the 年度 runs: the month it is in, not yet over (monthly rules do not judge it yet).
    month_in_progress: tuple[int, int] | None = None
    opening_days: int = 0
    consultations: dict[str, int] = field(default_factory=dict)  # service → count
    municipality: MunicipalityFacts = field(default_factory=lambda: MunicipalityFacts(""))
    # Each programme's own facts, by its code (programmes.own): e.g. 拠点's 講習等 months.
    own: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Span:
    """The stretch of a 年度 that facts are read over."""

    start: dt.date  # 4月1日
    end: dt.date  # 3月31日
    last: dt.date  # the last day counted: the year's end, or today while it runs
    day: dt.date  # the reference day schedules and staffing are read on

    @property
    def counted(self) -> bool:
        return self.last >= self.start


# From the database ---------------------------------------------------------------------------


def _reference_day(fiscal_year: int, today: dt.date) -> dt.date:
    start, end = fiscal_year_bounds(fiscal_year)
    return min(max(today, start), end)


def hub_facts(hub, fiscal_year: int, *, today: dt.date | None = None) -> HubFacts:
    """Gather the facts of a real hub for a 年度 (reference day: today, or the year's end)."""
    from django.db.models import Count
    from django.utils import timezone

    from consultations.models import Consultation
    from hubs.opening import calendar_for_hub

    from .programmes import programmes

    today = today or timezone.localdate()
    start, end = fiscal_year_bounds(fiscal_year)
    span = Span(start, end, min(end, today), _reference_day(fiscal_year, today))
    calendar = calendar_for_hub(hub)
    open_by_month = calendar.open_days_by_month(start, span.last) if span.counted else {}
    consultations = dict(
        within(hub, Consultation)
        .filter(held_at__date__range=(start, span.last))
        .values_list("service")
        .annotate(n=Count("id"))
    )
    return HubFacts(
        name=hub.name,
        hub_type=hub.hub_type,
        premises=hub.premises,
        fiscal_year=fiscal_year,
        reference_day=span.day,
        pattern=calendar.pattern_on(span.day),
        services=_services(hub, span),
        staff=_staff(hub, span.day),
        months_open=[m for m in fiscal_year_months(fiscal_year) if open_by_month.get(m)],
        month_in_progress=_month_in_progress(span),
        opening_days=sum(open_by_month.values()),
        consultations=consultations,
        municipality=municipality_facts(hub.municipality),
        own={p.code: p.gather(hub, span) for p in programmes() if p.gather is not None},
    )


def _month_in_progress(span: Span) -> tuple[int, int] | None:
    if not span.counted or span.last >= span.end:
        return None
    if (span.last + dt.timedelta(days=1)).month != span.last.month:
        return None  # its last day: the month is complete
    return (span.last.year, span.last.month)


def _services(hub, span: Span) -> set[str]:
    """The kinds of HubService running at some point of the year."""
    from django.db.models import Q

    from hubs.models import HubService

    return set(
        within(hub, HubService)
        .filter(started_on__lte=span.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=span.start))
        .values_list("kind", flat=True)
    )


def _staff(hub, day: dt.date) -> list[StaffFacts]:
    """Who works at the hub on the reference day, with qualifications, training and experience."""
    from django.db.models import Q

    from hubs.models import Assignment

    assignments = (
        within(hub, Assignment)
        .filter(started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .select_related("staff", "service")
        .prefetch_related("staff__qualifications", "staff__training__course", "staff__experiences")
    )
    staff = []
    for a in assignments:
        experience = sum(
            ((w.ended_on or day) - w.started_on).days
            for w in a.staff.experiences.all()
            if w.counts_as_consultation
        )
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
    return staff


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
    from .programmes import programmes

    if not isinstance(data, dict):
        raise FactsError("最上位はオブジェクト（{…}）にしてください。")
    start, end = fiscal_year_bounds(fiscal_year)
    day = _date(data.get("reference_day", str(end)), "reference_day")
    span = Span(start, end, end, day)
    hub_type = data.get("hub_type", "ippan")
    if hub_type not in ("ippan", "renkei"):
        raise FactsError("hub_type は ippan（一般型）か renkei（連携型）にしてください。")
    months = fiscal_year_months(fiscal_year)
    return HubFacts(
        name=data.get("name", "（仮の拠点）"),
        hub_type=hub_type,
        premises=data.get("premises", "public_space"),
        fiscal_year=fiscal_year,
        reference_day=day,
        pattern=_pattern_from_json(data),
        services=set(data.get("services", [])),
        staff=_staff_from_json(data.get("staff", []), start),
        months_open=months[: int(data.get("months_open", 12))],
        opening_days=int(data.get("opening_days", 0)),
        consultations={k: int(v) for k, v in (data.get("consultations") or {}).items()},
        municipality=_municipality_from_json(data.get("municipality") or {}),
        own={p.code: p.from_json(data, span) for p in programmes() if p.from_json is not None},
    )


def _pattern_from_json(data: dict) -> WeeklyPattern | None:
    ranges: dict[int, tuple] = {}
    for key, spans in (data.get("schedule") or {}).items():
        if key not in WEEKDAY_KEYS:
            raise FactsError(f"schedule: 曜日「{key}」は mon〜sun で書いてください。")
        ranges[WEEKDAY_KEYS[key]] = tuple(
            (_time(a, f"schedule.{key}"), _time(b, f"schedule.{key}")) for a, b in spans
        )
    if not ranges:
        return None
    return WeeklyPattern(ranges=ranges, opens_on_public_holidays=bool(data.get("open_on_holidays")))


def _staff_from_json(rows: list, start: dt.date) -> list[StaffFacts]:
    staff = []
    for i, s in enumerate(rows):
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
    return staff


def _municipality_from_json(city: dict) -> MunicipalityFacts:
    return MunicipalityFacts(
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
