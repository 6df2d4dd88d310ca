"""One family's history as a single timeline: consultations, support entries, conferences,
plans, referrals and 支援台帳 entries (ファミサポ and 一時預かり will join later)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from .models import Topic


@dataclass
class Event:
    on: dt.date
    at: dt.datetime | None
    kind: str
    obj: object
    url: str = ""


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def for_household(household) -> list[Event]:
    events: list[Event] = []
    consultations = household.consultations.select_related("staff", "hub").prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("order"))
    )
    for c in consultations:
        url = reverse("consultations:consultation", args=[c.public_id])
        events.append(Event(_local_date(c.held_at), c.held_at, "相談", c, url))
    for s in household.support_entries.select_related("author"):
        events.append(Event(s.written_on, None, "支援記録", s))
    for m in household.conferences.all():
        url = reverse("consultations:conference", args=[m.public_id])
        events.append(Event(_local_date(m.held_at), m.held_at, "ケース会議", m, url))
    for p in household.plans.all():
        events.append(Event(p.made_on, None, "支援プラン", p))
    for r in household.referrals.select_related("agency"):
        url = reverse("consultations:referral", args=[r.public_id])
        events.append(Event(r.referred_on, None, "つなぎ", r, url))
    for e in household.register_entries.select_related("mother"):
        events.append(Event(e.registered_on, None, "支援台帳", e))
    events.sort(
        key=lambda e: (e.on, e.at or timezone.make_aware(dt.datetime.combine(e.on, dt.time.max))),
        reverse=True,
    )
    return events
