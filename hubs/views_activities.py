"""Events and 講習, 出張ひろば sessions and 一時預かり days of a hub."""

import calendar
import datetime as dt

from django.contrib import messages
from django.db.models import Sum
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import within
from accounts.decorators import hub_view
from accounts.roles import Perm
from common.japanese import fiscal_year_bounds, fiscal_year_of, wareki_fiscal_year
from common.models import field_label
from common.services import Actor, ServiceError

from . import services
from .forms import EventForm, OutreachSessionForm, TemporaryCareForm
from .models import Event, OutreachSession, TemporaryCareDay
from .opening import calendar_for_hub
from .views import day_from_url, month_from_url, month_nav


def _year_context(fiscal_year: int) -> dict:
    if not 2000 <= fiscal_year <= 2100:
        raise Http404
    return {
        "fiscal_year": fiscal_year,
        "fiscal_year_label": wareki_fiscal_year(fiscal_year),
        "prev_year": fiscal_year - 1 if fiscal_year > 2000 else None,
        "next_year": fiscal_year + 1
        if fiscal_year < fiscal_year_of(timezone.localdate())
        else None,
    }


def _event_context(hub, fiscal_year):
    events = within(hub, Event).filter(date__range=fiscal_year_bounds(fiscal_year)).order_by("date")
    koshu_months = {(e.date.year, e.date.month) for e in events if e.kind == Event.Kind.KOSHU}
    return {"events": events, "koshu_months": len(koshu_months)}


def _outreach_context(hub, fiscal_year):
    sessions = (
        within(hub, OutreachSession)
        .filter(date__range=fiscal_year_bounds(fiscal_year))
        .select_related("site")
        .order_by("date", "starts")
    )
    return {"sessions": sessions, "sites": hub.outreach_sites.all()}


def _list_page(request, fiscal_year, *, template, rows, form, status=200):
    hub = request.hub
    context = _year_context(fiscal_year) | rows(hub, fiscal_year)
    context |= {"hub": hub, "form": form, "can_edit": Perm.USAGE_EDIT in request.perms}
    return render(request, template, context, status=status)


def _add(request, *, form_class, create, template, rows, list_url, message):
    """Validate and record one item; on errors show the year's list again with the form."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = form_class(request.POST)
    if form.is_valid():
        try:
            item = create(hub=request.hub, data=form.cleaned_data, actor=Actor.of(request))
        except ServiceError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, message(item))
            return redirect(
                list_url, hub_id=request.hub.public_id, fiscal_year=fiscal_year_of(item.date)
            )
    fiscal_year = fiscal_year_of(timezone.localdate())
    return _list_page(request, fiscal_year, template=template, rows=rows, form=form, status=400)


@hub_view(Perm.USAGE_VIEW)
def event_list(request, fiscal_year: int):
    form = EventForm(initial={"date": timezone.localdate()})
    return _list_page(
        request, fiscal_year, template="hubs/event_list.html", rows=_event_context, form=form
    )


@hub_view(Perm.USAGE_EDIT)
def event_add(request):
    return _add(
        request,
        form_class=EventForm,
        create=services.event_create,
        template="hubs/event_list.html",
        rows=_event_context,
        list_url="hubs:events",
        message=lambda e: f"「{e.title}」を登録しました。",
    )


def _edit(request, obj, *, form, update, delete, what: str, list_url: str):
    """Correct or delete one recorded item of the hub (audited; a locked 年度 refuses both)."""
    hub = request.hub
    back = reverse(
        list_url, kwargs={"hub_id": hub.public_id, "fiscal_year": fiscal_year_of(obj.date)}
    )
    if request.method == "POST" and request.POST.get("delete") == "yes":
        try:
            delete(obj, Actor.of(request))
        except ServiceError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, f"{what}を削除しました。")
            return redirect(back)
    elif request.method == "POST" and form.is_valid():
        try:
            update(obj, form.cleaned_data, Actor.of(request))
        except ServiceError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, f"{what}を修正しました。")
            return redirect(back)
    context = {"hub": hub, "form": form, "what": what, "back": back, "item": obj}
    return render(request, "hubs/item_edit.html", context, status=400 if form.errors else 200)


@hub_view(Perm.USAGE_EDIT)
def event_edit(request, pk: int):
    event = within(request.hub, Event).filter(pk=pk).first()
    if event is None:
        raise Http404
    # The form fills its own copy: `event` keeps the values before, for the audit's before/after.
    form = EventForm(request.POST or None, instance=within(request.hub, Event).get(pk=pk))
    return _edit(
        request,
        event,
        form=form,
        update=lambda obj, data, actor: services.event_update(event=obj, data=data, actor=actor),
        delete=lambda obj, actor: services.event_delete(event=obj, actor=actor),
        what=f"行事・講習「{event.title}」",
        list_url="hubs:events",
    )


@hub_view(Perm.USAGE_EDIT)
def outreach_edit(request, pk: int):
    session = within(request.hub, OutreachSession).filter(pk=pk).select_related("site").first()
    if session is None:
        raise Http404
    form = OutreachSessionForm(
        request.POST or None,
        instance=within(request.hub, OutreachSession).get(pk=pk),
        initial={"site_name": session.site.name},
    )
    return _edit(
        request,
        session,
        form=form,
        update=lambda obj, data, actor: services.outreach_session_update(
            session=obj, data=data, actor=actor
        ),
        delete=lambda obj, actor: services.outreach_session_delete(session=obj, actor=actor),
        what=f"{session.date:%Y年%-m月%-d日}の出張ひろば（{session.site.name}）",
        list_url="hubs:outreach",
    )


@hub_view(Perm.USAGE_VIEW)
def outreach_list(request, fiscal_year: int):
    form = OutreachSessionForm(initial={"date": timezone.localdate()})
    return _list_page(
        request, fiscal_year, template="hubs/outreach_list.html", rows=_outreach_context, form=form
    )


@hub_view(Perm.USAGE_EDIT)
def outreach_add(request):
    return _add(
        request,
        form_class=OutreachSessionForm,
        create=services.outreach_session_create,
        template="hubs/outreach_list.html",
        rows=_outreach_context,
        list_url="hubs:outreach",
        message=lambda s: f"{s.date:%Y年%-m月%-d日} の出張ひろばを登録しました。",
    )


def _care_totals(hub, year, month):
    start = dt.date(year, month, 1)
    end = dt.date(year, month, calendar.monthrange(year, month)[1])
    fields = [*TemporaryCareDay.AGE_FIELDS, *TemporaryCareDay.REASON_FIELDS]
    sums = (
        within(hub, TemporaryCareDay)
        .filter(date__range=(start, end))
        .aggregate(**{f: Sum(f) for f in fields})
    )
    return [(f, sums[f] or 0) for f in fields]


@hub_view(Perm.USAGE_VIEW)
def temporary_care_month(request, year: int, month: int):
    hub = request.hub
    first = month_from_url(year, month)
    cal = calendar_for_hub(hub)
    records = {
        r.date: r for r in within(hub, TemporaryCareDay).filter(date__year=year, date__month=month)
    }
    today = timezone.localdate()
    fields = [*TemporaryCareDay.AGE_FIELDS, *TemporaryCareDay.REASON_FIELDS]
    rows = []
    for n in range(calendar.monthrange(year, month)[1]):
        day = first + dt.timedelta(days=n)
        record = records.get(day)
        rows.append(
            {
                "date": day,
                "opening": cal.day(day),
                "values": [
                    (f, field_label(TemporaryCareDay, f), getattr(record, f) if record else None)
                    for f in fields
                ],
                "editable": Perm.USAGE_EDIT in request.perms
                and day <= today
                and hub.is_open_on(day),
            }
        )
    context = {
        "hub": hub,
        **month_nav(first),
        "rows": rows,
        "labels": [field_label(TemporaryCareDay, f) for f in fields],
        "columns": len(fields) + 2,
        "totals": _care_totals(hub, year, month),
    }
    return render(request, "hubs/temporary_care_month.html", context)


@hub_view(Perm.USAGE_EDIT)
def temporary_care_day(request, date: str):
    """Save one day (htmx): the whole row at once, since ages and reasons must agree."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    hub = request.hub
    day = day_from_url(date)
    form = TemporaryCareForm(request.POST)
    error = ""
    if form.is_valid():
        _, error = services.temporary_care_set_day(
            hub=hub, day=day, counts=form.cleaned_data, actor=Actor.of(request)
        )
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    context = {"date": day, "error": error, "totals": _care_totals(hub, day.year, day.month)}
    return render(request, "hubs/_temporary_care_result.html", context)
