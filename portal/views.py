"""Pages that show several domains at once: the start page and the municipality's and
prefecture's pages. They ask each domain's selectors; no domain app imports another."""

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from accounts import access
from accounts.decorators import municipality_view, prefecture_view
from accounts.roles import Perm
from common.japanese import fiscal_year_of
from consultations import selectors as consultation_selectors
from famisapo import selectors as famisapo_selectors
from famisapo import selectors_activities as famisapo_selectors_activities
from hubs import selectors as hub_selectors
from hubs.models import Hub


@municipality_view(Perm.HUB_VIEW)
def municipality_detail(request):
    municipality = request.municipality
    today = timezone.localdate()
    rows = hub_selectors.with_tiers(
        hub_selectors.hub_list(user=request.user, municipality=municipality)
    )
    fiscal_year = fiscal_year_of(today)
    return render(
        request,
        "portal/municipality.html",
        {
            "municipality": municipality,
            "rows": rows,
            "granted": request.perms,
            "fiscal_years": [fiscal_year - 1, fiscal_year],
            "open_alerts": consultation_selectors.open_alert_count(municipality)
            if Perm.ALERT_VIEW in request.perms
            else 0,
            "famisapo_alerts": famisapo_selectors_activities.open_abuse_concerns(municipality)
            if Perm.ALERT_VIEW in request.perms
            else 0,
            "centres": famisapo_selectors.centres_in(municipality)
            if Perm.CENTRE_VIEW in request.perms
            else [],
            "year_end_open": _year_end_open(rows, today),
        },
    )


def _year_end_open(rows, today) -> list:
    """(hub, days counted as open) for hubs whose coming 年末年始 closure is not registered."""
    hubs = [hub for hub, _ in rows if hub.closed_on is None or hub.closed_on >= today]
    gaps = hub_selectors.year_end_not_registered(hubs, today=today)
    return [(hub, gaps[hub.pk]) for hub in hubs if hub.pk in gaps]


@prefecture_view(Perm.HUB_VIEW)
def prefecture_detail(request):
    prefecture = request.prefecture
    today = timezone.localdate()
    municipalities = access.municipalities_for_user(request.user).filter(prefecture=prefecture)
    municipalities = municipalities.annotate(
        hub_count=Count(
            "hubs", filter=Q(hubs__closed_on__isnull=True) | Q(hubs__closed_on__gte=today)
        ),
        ippan_count=Count("hubs", filter=Q(hubs__hub_type=Hub.HubType.IPPAN)),
        renkei_count=Count("hubs", filter=Q(hubs__hub_type=Hub.HubType.RENKEI)),
    ).order_by("code")
    fiscal_year = fiscal_year_of(today)
    return render(
        request,
        "portal/prefecture.html",
        {
            "prefecture": prefecture,
            "municipalities": municipalities,
            "fiscal_years": [fiscal_year - 1, fiscal_year],
        },
    )
