import calendar
import datetime as dt

from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone

from accounts import access
from accounts.decorators import hub_view
from accounts.roles import Perm
from common.japanese import fiscal_year_of, wareki_fiscal_year
from common.locks import locked_message
from common.services import Actor

from . import selectors, services
from .models import DailyUsage
from .opening import calendar_for_hub, opening_tier, year_facts


def day_from_url(date: str) -> dt.date:
    try:
        return dt.date.fromisoformat(date)
    except ValueError:
        raise Http404 from None


def hub_list(request):
    """List every hub in the user's scope (an empty list for a user with no role)."""
    rows = selectors.with_tiers(selectors.hub_list(user=request.user))
    return render(request, "hubs/hub_list.html", {"rows": rows})


@hub_view(Perm.HUB_VIEW)
def hub_detail(request):
    hub = request.hub
    today = timezone.localdate()
    fiscal_year = fiscal_year_of(today)
    cal = calendar_for_hub(hub)
    pattern = cal.pattern_on(today)
    services_ = list(hub.services.all())
    context = {
        "hub": hub,
        "today": today,
        "services": [(s, s.label_on(today)) for s in services_],
        "runs_temporary_care": any(s.kind == s.Kind.ICHIJI_AZUKARI for s in services_),
        "schedules": cal.history(),
        "pattern": pattern,
        "tier": opening_tier(hub.hub_type, pattern, today),
        "facts": year_facts(cal, fiscal_year),
        "fiscal_year": fiscal_year,
        "fiscal_year_label": wareki_fiscal_year(fiscal_year),
        "closures": hub.closures.filter(ends_on__gte=today - dt.timedelta(days=365)),
        "satellites": hub.satellites.all(),
        "year_end_open": selectors.year_end_not_registered([hub], today=today).get(hub.pk, []),
        "granted": request.perms,
        # The crumb links to the municipality's page only for those who may open it.
        "municipality_visible": bool(access.permissions_on(request.user, hub.municipality)),
    }
    return render(request, "hubs/hub_detail.html", context)


@hub_view(Perm.STAFF_VIEW)
def hub_staff(request):
    today = timezone.localdate()
    rows = selectors.current_staff(hub=request.hub, on=today)
    context = {
        "hub": request.hub,
        "rows": rows,
        "today": today,
        "can_edit": Perm.STAFF_EDIT in request.perms,
    }
    return render(request, "hubs/hub_staff.html", context)


def month_from_url(year: int, month: int) -> dt.date:
    """Return the month's first day, or 404 for a month that cannot be."""
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    return dt.date(year, month, 1)


def month_nav(first: dt.date) -> dict:
    """Previous and next month links; none before January 2000 (month_from_url's first) and no
    next month in the future."""
    next_month = (first + dt.timedelta(days=32)).replace(day=1)
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    return {
        "month": first,
        "prev_month": prev_month if prev_month.year >= 2000 else None,
        "next_month": next_month if next_month <= timezone.localdate() else None,
    }


def _totals_context(totals: dict[str, int]) -> dict:
    return {"totals": totals, "total_cells": [(f, totals[f]) for f in DailyUsage.COUNT_FIELDS]}


GRID_FIELDS = [*DailyUsage.COUNT_FIELDS, "note"]


@hub_view(Perm.USAGE_VIEW)
def usage_month(request, year: int, month: int):
    """The month grid: one row per day, one cell per count, saved cell by cell."""
    hub = request.hub
    first = month_from_url(year, month)
    days_in_month = calendar.monthrange(year, month)[1]
    cal = calendar_for_hub(hub)
    usage = selectors.month_usage(hub=hub, year=year, month=month)
    today = timezone.localdate()
    locked = locked_message(hub.municipality, fiscal_year_of(first))
    can_edit = "usage.edit" in request.perms and not locked
    rows = []
    for n in range(days_in_month):
        day = first + dt.timedelta(days=n)
        u = usage.get(day)
        rows.append(
            {
                "date": day,
                "opening": cal.day(day),
                "usage": u,
                "is_today": day == today,
                "is_future": day > today,
                "cells": [
                    {"field": f, "label": services.FIELD_LABELS[f], "value": getattr(u, f, None)}
                    for f in GRID_FIELDS
                ],
                "editable": can_edit and day <= today and hub.is_open_on(day),
            }
        )
    context = {
        "hub": hub,
        **month_nav(first),
        "rows": rows,
        "fields": [(f, services.FIELD_LABELS[f]) for f in DailyUsage.COUNT_FIELDS],
        "grid_fields": GRID_FIELDS,
        "columns": len(GRID_FIELDS) + 3,
        **_totals_context(selectors.month_totals(hub=hub, year=year, month=month)),
        "opening_days": sum(1 for r in rows if r["opening"].is_open),
        "can_edit": can_edit,
        "locked": locked,
    }
    return render(request, "hubs/usage_month.html", context)


def _cell_state(result: services.CellResult, typed: str) -> dict:
    """What the answered cell shows: the stored value once saved; a refused or unconfirmed
    value stays as typed, marked, with its message (which names the column) beside the row."""
    if result.saved:
        return {"state": "saved", "value": result.stored, "message": ""}
    if result.warning:
        return {"state": "pending", "value": typed, "message": f"未保存: {result.warning}"}
    stored = "なし" if result.stored in (None, "") else str(result.stored)
    message = f"{result.error}（「{typed}」は保存されていません。保存されている値: {stored}）"
    return {"state": "refused", "value": typed, "message": message}


@hub_view(Perm.USAGE_EDIT)
def usage_cell(request, date: str):
    """Save one cell (htmx); answer with out-of-band swaps of that cell, its message, the
    day's sums and the month totals."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    hub = request.hub
    day = day_from_url(date)
    field = request.POST.get("field", "")
    if field not in GRID_FIELDS:
        raise Http404
    typed = request.POST.get("value", "")
    result = services.daily_usage_set_cell(
        hub=hub,
        day=day,
        field=field,
        raw=typed,
        confirmed=request.POST.get("confirm") == "1",
        actor=Actor.of(request),
    )
    u = result.usage
    label = services.FIELD_LABELS[field]
    context = {
        "hub": hub,
        "date": day,
        "d": day.isoformat(),
        "cell": {"field": field, "label": label, **_cell_state(result, typed)},
        "typed": typed,
        "result": result,
        "day_adults": u.adults if u and result.saved else None,
        "day_children": u.children if u and result.saved else None,
        **_totals_context(selectors.month_totals(hub=hub, year=day.year, month=day.month)),
    }
    return render(request, "hubs/_usage_cell_result.html", context)
