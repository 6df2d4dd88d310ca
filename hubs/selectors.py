"""Reads of hub-owned data. Callers pass a hub they got through `accounts.access`."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from accounts.access import hubs_for_user, shared, within

from .models import Assignment, DailyUsage, Hub, TrainingCourse, TrainingRecord
from .opening import calendar_for_hubs, opening_tier


def hub_list(*, user, municipality=None) -> QuerySet[Hub]:
    """Return the hubs the user may see, with what a list row shows, in one query."""
    qs = hubs_for_user(user).select_related("municipality", "ward", "operator", "satellite_of")
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    return qs.order_by("municipality__code", "kana", "name")


@dataclass
class StaffRow:
    assignment: Assignment
    service_label: str
    qualifications: list
    missing_training: list


def current_staff(*, hub: Hub, on: dt.date) -> list[StaffRow]:
    """Return who works at the hub on a day, and which expected training each still lacks."""
    assignments = (
        within(hub, Assignment)
        .filter(started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .select_related("staff", "service")
        .prefetch_related(
            "staff__qualifications",
            Prefetch(
                "staff__training",
                queryset=TrainingRecord.objects.filter(completed_on__lte=on).select_related(
                    "course"
                ),
            ),
        )
        .order_by("staff__kana", "started_on")
    )
    courses = list(within(hub.municipality, TrainingCourse) | shared(TrainingCourse))
    rows = []
    for a in assignments:
        kind = a.service.kind if a.service is not None else "hiroba"
        done = {r.course_id for r in a.staff.training.all()}
        rows.append(
            StaffRow(
                assignment=a,
                service_label=a.service.label_on(on)
                if a.service is not None
                else "ひろば（拠点事業）",
                qualifications=list(a.staff.qualifications.all()),
                missing_training=[
                    c for c in courses if c.is_expected_for(kind) and c.pk not in done
                ],
            )
        )
    return rows


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First day of the month, and first day of the next (exclusive end)."""
    start = dt.date(year, month, 1)
    return start, (start + dt.timedelta(days=32)).replace(day=1)


def month_usage(*, hub: Hub, year: int, month: int) -> dict[dt.date, DailyUsage]:
    start, end = _month_bounds(year, month)
    return {u.date: u for u in within(hub, DailyUsage).filter(date__gte=start, date__lt=end)}


def month_totals(*, hub: Hub, year: int, month: int) -> dict[str, int]:
    start, end = _month_bounds(year, month)
    sums = (
        within(hub, DailyUsage)
        .filter(date__gte=start, date__lt=end)
        .aggregate(**{f: Sum(f) for f in DailyUsage.COUNT_FIELDS})
    )
    totals = {f: sums[f] or 0 for f in DailyUsage.COUNT_FIELDS}
    totals["adults"] = sum(totals[f] for f in DailyUsage.ADULT_FIELDS)
    totals["children"] = sum(totals[f] for f in DailyUsage.CHILD_FIELDS)
    return totals


def usual_maximum(*, hub: Hub, field: str, before: dt.date, days: int = 120) -> int | None:
    """Return the 90th percentile of a count over the hub's recent days (None if too few)."""
    values = sorted(
        within(hub, DailyUsage)
        .filter(date__lt=before, date__gte=before - dt.timedelta(days=days))
        .values_list(field, flat=True)
    )
    if len(values) < 10:
        return None
    return values[int(len(values) * 0.9) - 1]


def with_tiers(hubs) -> list:
    """Pair each hub with the opening tier its schedule earns today."""
    today = timezone.localdate()
    hubs = list(hubs)
    calendars = calendar_for_hubs(hubs)
    return [(h, opening_tier(h.hub_type, calendars[h.pk].pattern_on(today), today)) for h in hubs]


def year_end_window(today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The coming 年末年始 (12月29日〜1月3日, as most municipalities close), from November until it
    is over; None the rest of the year."""
    if today.month >= 11:
        year = today.year
    elif today.month == 1 and today.day <= 3:
        year = today.year - 1
    else:
        return None
    return dt.date(year, 12, 29), dt.date(year + 1, 1, 3)


def year_end_not_registered(hubs, *, today: dt.date) -> dict[int, list[dt.date]]:
    """Hubs without a 年末年始 closure for the coming year-end whose schedule counts some of its
    days as opening days: hub pk → those days (from today on)."""
    from .models import ClosurePeriod

    window = year_end_window(today)
    if window is None:
        return {}
    start, end = window
    hubs = list(hubs)
    registered = set(
        within(hubs, ClosurePeriod)
        .filter(kind=ClosurePeriod.Kind.NEW_YEAR, starts_on__lte=end, ends_on__gte=start)
        .values_list("hub_id", flat=True)
    )
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    days = [d for d in days if d >= today]
    calendars = calendar_for_hubs([h for h in hubs if h.pk not in registered])
    gaps = {}
    for pk, cal in calendars.items():
        open_days = [d for d in days if cal.day(d).is_open]
        if open_days:
            gaps[pk] = open_days
    return gaps


def entry_gaps(hubs, first: dt.date, last: dt.date) -> dict[int, list[dt.date]]:
    """Opening days from `first` to `last` that have no day of usage entered, per hub pk
    (hubs with none missing are left out). Two queries for the usage and the calendars."""
    hubs = list(hubs)
    if last < first or not hubs:
        return {}
    entered: dict[int, set[dt.date]] = {h.pk: set() for h in hubs}
    rows = within(hubs, DailyUsage).filter(date__range=(first, last)).values_list("hub_id", "date")
    for hub_id, day in rows:
        entered[hub_id].add(day)
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    gaps = {}
    for pk, cal in calendar_for_hubs(hubs).items():
        missing = [d for d in days if d not in entered[pk] and cal.day(d).is_open]
        if missing:
            gaps[pk] = missing
    return gaps
