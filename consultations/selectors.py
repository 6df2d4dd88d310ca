"""Reads of consultation data. Callers pass a hub, municipality or household they got through
`accounts.access` or `consultations.scoping`."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from accounts.access import within

from .models import (
    AbuseAlert,
    Consultation,
    Referral,
    ReferralStatus,
    RegisterEntry,
    Risk,
    SupportPlan,
    Topic,
)


def open_alerts_for_household(household) -> QuerySet[AbuseAlert]:
    return (
        within(household.hub, AbuseAlert)
        .filter(consultation__household=household, handled_at__isnull=True)
        .select_related("consultation")
    )


def open_alert_count(municipality) -> int:
    return within(municipality, AbuseAlert).filter(handled_at__isnull=True).count()


def municipality_alerts(municipality) -> tuple[list[AbuseAlert], list[AbuseAlert]]:
    """(open alerts, the last 50 handled ones) of a municipality."""
    rows = within(municipality, AbuseAlert).select_related(
        "hub", "consultation__household", "referral__agency"
    )
    return [a for a in rows if a.handled_at is None], [a for a in rows if a.handled_at][:50]


def hub_consultations_since(hub, since: dt.date) -> QuerySet[Consultation]:
    return (
        within(hub, Consultation)
        .filter(held_at__date__gte=since)
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("order")))
        .order_by("-held_at")
    )


def register_entries(hub, risk: str = "") -> list[RegisterEntry]:
    """The 支援台帳 of a site, optionally one level of need."""
    qs = within(hub, RegisterEntry)
    if risk in Risk.values:
        qs = qs.filter(risk=risk)
    return list(
        qs.select_related("household__hub__municipality", "mother").order_by(
            "due_date", "child_birth_date", "id"
        )
    )


@dataclass
class Worklist:
    follow_ups: list[Consultation]
    reviews: list[SupportPlan]
    referrals: list[Referral]
    births: list[RegisterEntry]

    def households(self) -> list:
        """Each family listed, once."""
        rows = [*self.follow_ups, *self.reviews, *self.referrals, *self.births]
        return list({row.household.pk: row.household for row in rows}.values())


def worklist(hub, today: dt.date) -> Worklist:
    """Follow-ups from 30 days ago to 7 days ahead, plan reviews within 14 days, referrals still
    open, and births expected within 60 days, at one site."""
    family = "household__hub__municipality"
    return Worklist(
        follow_ups=list(
            within(hub, Consultation)
            .filter(
                household__isnull=False,
                follow_up_on__range=(today - dt.timedelta(days=30), today + dt.timedelta(days=7)),
            )
            .select_related(family)
            .order_by("follow_up_on")
        ),
        reviews=list(
            within(hub, SupportPlan)
            .filter(review_on__lte=today + dt.timedelta(days=14))
            .select_related(family)
            .order_by("review_on")
        ),
        referrals=list(
            within(hub, Referral)
            .filter(
                status__in=[ReferralStatus.REQUESTED, ReferralStatus.IN_PROGRESS],
            )
            .select_related(family, "agency")
            .order_by("follow_up_on", "referred_on")
        ),
        births=list(
            within(hub, RegisterEntry)
            .filter(
                child_birth_date__isnull=True,
                due_date__range=(today - dt.timedelta(days=14), today + dt.timedelta(days=60)),
            )
            .select_related(family, "mother")
            .order_by("due_date")
        ),
    )


def casework_counts(hub, today: dt.date) -> dict[str, int]:
    """How much of the site's casework is due, as counts (no family named): for the home page."""
    work = worklist(hub, today)
    return {
        "follow_ups": sum(1 for c in work.follow_ups if c.follow_up_on <= today),
        "follow_ups_soon": sum(1 for c in work.follow_ups if c.follow_up_on > today),
        "reviews": len(work.reviews),
        "referrals": len(work.referrals),
        "births": len(work.births),
        "alerts": within(hub, AbuseAlert).filter(hub=hub, handled_at__isnull=True).count(),
    }
