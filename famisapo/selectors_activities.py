"""Reads of requests and activities: the candidates for a request, a pair's meetings, the fee
schedules in force, the coordinator's worklists and a month's statements."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q, prefetch_related_objects

from accounts.access import within

from .fees import FeeSchedule, schedule_on
from .matching import Candidate, judge, rank
from .models import (
    Activity,
    AreaPoint,
    Availability,
    Centre,
    Member,
    MemberChild,
    MonthClose,
    PreMeeting,
    Request,
)
from .selectors import curricula, fee_schedules, rules_on, status_on
from .training import training_status


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def schedules(centre: Centre) -> list[FeeSchedule]:
    return [row.schedule() for row in fee_schedules(centre)]


def schedule_for(centre: Centre, day: dt.date) -> FeeSchedule | None:
    return schedule_on(schedules(centre), day)


def helpers_to_pick(centre: Centre, *, besides: Member):
    """The centre's 提供会員・両方会員 a coordinator may name for an activity (not the requester
    themself, not a disposed record), by number."""
    return (
        within(centre, Member)
        .filter(kind__in=["helper", "both"], disposed_on__isnull=True)
        .exclude(pk=besides.pk)
        .order_by("number")
    )


def candidates(request: Request) -> list[Candidate]:
    """Every helper of the centre judged for the request, eligible first (matching.py)."""
    centre, day = request.centre, request.date
    rules = rules_on(centre, day)
    courses = curricula(centre)
    helpers = (
        within(centre, Member)
        .filter(kind__in=["helper", "both"])
        .select_related("helper_profile")
        .prefetch_related(
            "status_changes",
            "training_records",
            Prefetch("availability", queryset=within(centre, Availability)),
        )
    )
    first, last = month_bounds(day)
    activities = within(centre, Activity).filter(
        date__gte=first - dt.timedelta(days=1), date__lte=last
    )
    load = Counter(a.helper_id for a in activities if a.date >= first)
    pairings = Counter(
        within(centre, Activity)
        .filter(requester=request.requester)
        .values_list("helper_id", flat=True)
    )
    busy = defaultdict(list)
    for a in activities.filter(
        date__gte=day - dt.timedelta(days=1), date__lte=day + dt.timedelta(days=1)
    ):
        start = dt.datetime.combine(a.date, a.start)
        end_day = a.date if a.end > a.start else a.date + dt.timedelta(days=1)
        busy[a.helper_id].append((start, dt.datetime.combine(end_day, a.end)))
    others = (
        within(centre, Request)
        .filter(
            state=Request.State.MATCHED,
            date__gte=day - dt.timedelta(days=1),
            date__lte=day + dt.timedelta(days=1),
        )
        .exclude(pk=request.pk)
    )
    for r in others:
        if not r.activities.exists():
            busy[r.helper_id].append((r.starts_at, r.ends_at))
    declined = set(request.events.filter(step="declined").values_list("helper_id", flat=True))
    # Each helper is judged against the request's children: read them once, not per helper.
    prefetch_related_objects([request], Prefetch("children", queryset=within(centre, MemberChild)))
    points = {
        name: (float(lat), float(lon))
        for name, lat, lon in within(centre, AreaPoint).values_list("name", "latitude", "longitude")
    }
    judged = []
    for helper in helpers:
        training = training_status(
            helper,
            courses,
            list(helper.training_records.all()),
            day=day,
            safety_years=rules.safety_course_years,
        )
        judged.append(
            judge(
                request,
                helper,
                status=status_on(list(helper.status_changes.all()), day),
                training=training,
                slots=list(helper.availability.all()),
                busy=busy[helper.pk],
                pairings=pairings[helper.pk],
                load=load[helper.pk],
                declined=helper.pk in declined,
                points=points,
            )
        )
    return rank(judged)


def pair_meetings(centre: Centre, requester: Member, helper: Member) -> list[PreMeeting]:
    return list(
        within(centre, PreMeeting)
        .filter(requester=requester, helper=helper)
        .prefetch_related(Prefetch("children", queryset=within(centre, MemberChild)))
    )


def open_requests(centre: Centre):
    return (
        within(centre, Request)
        .filter(state=Request.State.OPEN)
        .select_related("requester")
        .order_by("date", "start")
    )


def unconfirmed(centre: Centre, today: dt.date) -> list[Activity]:
    """Reports not confirmed by the requester after the centre's deadline for their month."""
    deadline_day = rules_on(centre, today).report_deadline_day
    rows = []
    for a in (
        within(centre, Activity)
        .filter(confirmed_on__isnull=True)
        .select_related("requester", "helper")
    ):
        _, last = month_bounds(a.date)
        due = last if deadline_day == 0 else (last + dt.timedelta(days=deadline_day))
        if today > due:
            rows.append(a)
    return rows


def is_closed(centre: Centre, day: dt.date) -> bool:
    return within(centre, MonthClose).filter(month=day.replace(day=1)).exists()


@dataclass(frozen=True, slots=True)
class StatementLine:
    member: Member
    other: Member  # the helper on a requester's statement, the requester on a helper's
    activities: list
    requester_pays: int
    city_pays: int


def statements(centre: Centre, month: dt.date, *, by: str) -> list[StatementLine]:
    """The month's money per requester (what they owe each helper) or per helper (what they
    earned from each family and from the city). `by` is "requester" or "helper"."""
    first, last = month_bounds(month)
    rows = (
        within(centre, Activity)
        .filter(date__gte=first, date__lte=last)
        .select_related("requester", "helper")
        .order_by("date", "start")
    )
    grouped: dict[tuple[int, int], list[Activity]] = defaultdict(list)
    for a in rows:
        key = (a.requester_id, a.helper_id) if by == "requester" else (a.helper_id, a.requester_id)
        grouped[key].append(a)
    lines = []
    for items in grouped.values():
        first_item = items[0]
        member, other = (
            (first_item.requester, first_item.helper)
            if by == "requester"
            else (first_item.helper, first_item.requester)
        )
        lines.append(
            StatementLine(
                member,
                other,
                items,
                sum(a.requester_pays for a in items),
                sum(a.city_pays for a in items),
            )
        )
    return sorted(lines, key=lambda line: (line.member.number, line.other.number))


def activities_between(centre: Centre, first: dt.date, last: dt.date):
    return within(centre, Activity).filter(Q(date__gte=first) & Q(date__lte=last))


def open_concerns(centre: Centre):
    """Worries not yet handled, suspicions of abuse first."""
    from .models import Concern

    return (
        within(centre, Concern)
        .filter(handled_on__isnull=True)
        .select_related("activity__requester", "activity__helper")
        .order_by("-abuse_suspected", "recorded_at")
    )


def open_abuse_concerns(municipality) -> int:
    """Suspicions of abuse from the municipality's centres not yet handled (the officer's alert)."""
    from .models import Concern

    return (
        within(municipality, Concern).filter(abuse_suspected=True, handled_on__isnull=True).count()
    )


def abuse_concerns(municipality, handled_limit: int = 50):
    """Suspicions of abuse from the municipality's centres: the open ones (oldest first), then
    the last handled. For the officer's list: centre, days and where it was reported, no names."""
    from .models import Concern

    rows = within(municipality, Concern).filter(abuse_suspected=True)
    rows = rows.select_related("activity__centre").only(
        "recorded_at",
        "handled_on",
        "reported_to",
        "family_consents",
        "activity__date",
        "activity__centre__name",
    )
    open_rows = list(rows.filter(handled_on__isnull=True).order_by("recorded_at"))
    handled = list(rows.filter(handled_on__isnull=False).order_by("-handled_on")[:handled_limit])
    return open_rows, handled


def incidents(centre: Centre):
    from .models import Incident

    return within(centre, Incident).select_related("activity").order_by("-occurred_on")


def hubs_running_famisapo(municipalities, first: dt.date, last: dt.date) -> dict[int, set[int]]:
    """Hub id → the 年度 in which a centre sitting at that hub recorded activities (the
    prefecture's 多機能化 counts a hub as running ファミサポ from the centre's own data)."""
    from django.db.models.functions import TruncMonth

    from common.japanese import fiscal_year_of

    months = (
        within(municipalities, Activity)
        .filter(date__range=(first, last), centre__hub__isnull=False)
        .annotate(month=TruncMonth("date"))
        .values_list("centre__hub_id", "month")
        .distinct()
    )
    years: dict[int, set[int]] = defaultdict(set)
    for hub_id, month in months:
        years[hub_id].add(fiscal_year_of(month))
    return dict(years)
