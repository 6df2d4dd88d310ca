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
from common.japanese import fiscal_year_bounds, fiscal_year_months
from hubs.opening import WeeklyPattern


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
    # TrainingExemption.Basis values: the cases of 4(1)③ア(ア)'s table recorded for the person.
    exemptions: set[str] = field(default_factory=set)
    key: str = ""  # the person's id (a StaffMember's public id, or the JSON name)

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
    former_tokutei: bool | None = None  # 特定市町村 (平成24年改正前の児童福祉法第56条の8第1項)
    # The periods 利用者支援事業実施要綱 4(1)③ア leaves to the municipality (RiyoshaSetting rows):
    # {first_year, last_year, training_deadline_months, experience_months_licensed,
    #  experience_months_other, source}.
    riyosha_settings: list[dict] = field(default_factory=list)
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
    # Rows more than one programme reads, fetched once per gathering (see year_record).
    shared: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def counted(self) -> bool:
        return self.last >= self.start


# From the database ---------------------------------------------------------------------------


def _reference_day(fiscal_year: int, today: dt.date) -> dt.date:
    start, end = fiscal_year_bounds(fiscal_year)
    return min(max(today, start), end)


def hub_facts(hub, fiscal_year: int, *, today: dt.date | None = None) -> HubFacts:
    """Gather the facts of a real hub for a 年度 (reference day: today, or the year's end)."""
    return hub_facts_for([hub], fiscal_year, today=today)[hub.pk]


def hub_facts_for(hubs, fiscal_year: int, *, today: dt.date | None = None) -> dict[int, HubFacts]:
    """The facts of many hubs at once (the annual report's): calendars, consultations, services,
    staff and each municipality's figures are read with one set of queries for all of them;
    each programme still gathers its own facts hub by hub."""
    from collections import defaultdict

    from django.db.models import Count
    from django.utils import timezone

    from consultations.models import Consultation
    from hubs.opening import calendar_for_hubs

    from .programmes import programmes

    hubs = list(hubs)
    today = today or timezone.localdate()
    start, end = fiscal_year_bounds(fiscal_year)
    last, day = min(end, today), _reference_day(fiscal_year, today)
    calendars = calendar_for_hubs(hubs)
    consultations: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        within(hubs, Consultation)
        .filter(held_at__date__range=(start, last))
        .order_by()
        .values_list("hub_id", "service")
        .annotate(n=Count("id"))
    )
    for hub_id, service, n in rows:
        consultations[hub_id][service] = n
    services = _services_by_hub(hubs, start, end)
    staff = _staff_by_hub(hubs, day)
    cities = {h.municipality_id: h.municipality for h in hubs}
    city_facts = {pk: municipality_facts(m) for pk, m in cities.items()}
    facts = {}
    for hub in hubs:
        span = Span(start, end, last, day)  # one per hub: its `shared` rows are the hub's own
        calendar = calendars[hub.pk]
        open_by_month = calendar.open_days_by_month(start, span.last) if span.counted else {}
        facts[hub.pk] = HubFacts(
            name=hub.name,
            hub_type=hub.hub_type,
            premises=hub.premises,
            fiscal_year=fiscal_year,
            reference_day=span.day,
            pattern=calendar.pattern_on(span.day),
            services=services.get(hub.pk, set()),
            staff=staff.get(hub.pk, []),
            months_open=[m for m in fiscal_year_months(fiscal_year) if open_by_month.get(m)],
            month_in_progress=_month_in_progress(span),
            opening_days=sum(open_by_month.values()),
            consultations=dict(consultations.get(hub.pk, {})),
            municipality=city_facts[hub.municipality_id],
            own={p.code: p.gather(hub, span) for p in programmes() if p.gather is not None},
        )
    return facts


def _month_in_progress(span: Span) -> tuple[int, int] | None:
    if not span.counted or span.last >= span.end:
        return None
    if (span.last + dt.timedelta(days=1)).month != span.last.month:
        return None  # its last day: the month is complete
    return (span.last.year, span.last.month)


def services_in_year(hub, fiscal_year: int) -> set[str]:
    """The kinds of HubService running at some point of the 年度."""
    start, end = fiscal_year_bounds(fiscal_year)
    return _services_by_hub([hub], start, end).get(hub.pk, set())


def _services_by_hub(hubs, start: dt.date, end: dt.date) -> dict[int, set[str]]:
    from django.db.models import Q

    from hubs.models import HubService

    running: dict[int, set[str]] = {}
    rows = (
        within(hubs, HubService)
        .filter(started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .values_list("hub_id", "kind")
    )
    for hub_id, kind in rows:
        running.setdefault(hub_id, set()).add(kind)
    return running


def _staff_by_hub(hubs, day: dt.date) -> dict[int, list[StaffFacts]]:
    """Who works at each hub on the reference day, with qualifications, training and experience."""
    from django.db.models import Q

    from hubs.models import Assignment

    assignments = (
        within(hubs, Assignment)
        .filter(started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .select_related("staff", "service")
        .prefetch_related(
            "staff__qualifications",
            "staff__training__course",
            "staff__experiences",
            "staff__exemptions",
        )
    )
    staff: dict[int, list[StaffFacts]] = {}
    for a in assignments:
        experience = sum(
            ((w.ended_on or day) - w.started_on).days
            for w in a.staff.experiences.all()
            if w.counts_as_consultation
        )
        staff.setdefault(a.hub_id, []).append(
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
                exemptions={e.basis for e in a.staff.exemptions.all()},
                key=str(a.staff.public_id),
            )
        )
    return staff


def municipality_facts(municipality) -> MunicipalityFacts:
    from hubs.models import HubService

    from ..models import LocalCondition, MunicipalityYear, RiyoshaSetting

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
    facts.riyosha_settings = [
        dict(row)
        for row in within(municipality, RiyoshaSetting).values(
            "first_year",
            "last_year",
            "training_deadline_months",
            "experience_months_licensed",
            "experience_months_other",
            "source",
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
        if row.former_tokutei is not None:
            facts.former_tokutei = bool(facts.former_tokutei) or row.former_tokutei
    return facts


# From a JSON file (read by facts_json) -------------------------------------------------------


class FactsError(ValueError):
    """A JSON facts file that cannot be read: the message says where, in Japanese."""


def facts_from_json(data, fiscal_year: int) -> HubFacts:
    """Build the facts of a hypothetical hub. The format is documented in docs/eligibility.md."""
    from .facts_json import read

    return read(data, fiscal_year)


def year_record(hub, span: Span):
    """The officer's record of the hub's 年度 (reports.HubYearRecord), or None: read once for
    every programme that gathers from it."""
    if "year_record" not in span.shared:
        from ..models import HubYearRecord

        span.shared["year_record"] = (
            within(hub, HubYearRecord)
            .filter(fiscal_year=span.start.year)
            .prefetch_related("visit_staff", "care_staff")
            .first()
        )
    return span.shared["year_record"]
