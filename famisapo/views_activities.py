"""Pages from request to activity: children, requests and matching, 事前打合せ, activity reports,
the month and its statements. Every page that names people goes through `scoping.MEMBERS`."""

import datetime as dt
import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import within
from accounts.roles import Perm
from accounts.two_factor import two_factor_required
from common.japanese import wareki_month
from common.services import Actor, ServiceError

from . import selectors_activities as sel
from . import services_activities as services
from .forms_activities import (
    ActivityForm,
    ChildForm,
    CloseRequestForm,
    ConfirmForm,
    MeetingForm,
    RequestForm,
    UnarrangedActivityForm,
)
from .matching import meeting_gate
from .models import Activity, Member, MemberChild, Request, RequestEvent
from .scoping import MEMBERS, audit_member, centre_view, member_view
from .selectors import rules_on


def request_view(need: str):
    return MEMBERS.view(
        need,
        url_kwarg="request_id",
        queryset=lambda: Request.objects.select_related(
            "centre__municipality", "requester__centre", "helper"
        ),
        subject=lambda r: r.requester,
        attr="famisapo_request",
    )


def activity_view(need: str):
    return MEMBERS.view(
        need,
        url_kwarg="activity_id",
        queryset=lambda: Activity.objects.select_related(
            "centre__municipality", "requester__centre", "helper"
        ),
        subject=lambda a: a.requester,
        attr="activity",
    )


def request_url(request_) -> str:
    return reverse("famisapo:request", args=[request_.public_id])


def _children(member):
    return within(member.centre, MemberChild).filter(member=member)


def _save(request, form, call, success: str, url):
    """Run a service on a valid form: a refusal goes on the form, success redirects."""
    if request.method == "POST" and form.is_valid():
        try:
            result = call(form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect(url(result))
    return None


@member_view(Perm.MEMBER_EDIT)
def child_new(request):
    member = request.member
    form = ChildForm(request.POST or None)
    done = _save(
        request,
        form,
        lambda data: services.add_child(member=member, actor=Actor.of(request), **data),
        "子どもを登録しました。",
        lambda _: reverse("famisapo:member", args=[member.public_id]),
    )
    return done or render(
        request,
        "famisapo/member_form.html",
        {"member": member, "form": form, "title": "子どもの登録"},
    )


@member_view(Perm.MEMBER_EDIT)
def request_new(request):
    member = request.member
    form = RequestForm(request.POST or None, children=_children(member))
    done = _save(
        request,
        form,
        lambda data: services.take_request(
            centre=member.centre,
            data=services.RequestData(requester=member, **data),
            actor=Actor.of(request),
        ),
        "依頼を受け付けました。提供会員を選んで打診してください。",
        request_url,
    )
    return done or render(
        request,
        "famisapo/member_form.html",
        {"member": member, "form": form, "title": "依頼の受付"},
    )


@request_view(Perm.MEMBER_VIEW)
def request_detail(request):
    req = request.famisapo_request
    audit_member(Actor.of(request), req.requester, obj=req)
    gate = None
    if req.helper is not None:
        meeting, why = meeting_gate(
            sel.pair_meetings(req.centre, req.requester, req.helper),
            children=list(req.children.all()),
            kind=req.kind,
            day=req.date,
            rules=rules_on(req.centre, req.date),
        )
        gate = {"meeting": meeting, "why": why}
    return render(
        request,
        "famisapo/request.html",
        {
            "req": req,
            "centre": req.centre,
            "events": req.events.select_related("helper"),
            "candidates": sel.candidates(req) if req.state == Request.State.OPEN else [],
            "gate": gate,
            "activities": req.activities.all(),
            "close_form": CloseRequestForm(),
            "granted": request.perms,
        },
    )


@request_view(Perm.MEMBER_EDIT)
@require_POST
def request_answer(request):
    req = request.famisapo_request
    try:
        helper_id = uuid.UUID(request.POST.get("helper", ""))
    except ValueError:
        raise Http404 from None
    helper = within(req.centre, Member).filter(public_id=helper_id).first()
    step = request.POST.get("step")
    if helper is None or step not in (
        RequestEvent.Step.ASKED,
        RequestEvent.Step.ACCEPTED,
        RequestEvent.Step.DECLINED,
    ):
        raise Http404
    try:
        services.record_answer(
            request=req,
            helper=helper,
            step=step,
            note=request.POST.get("note", ""),
            actor=Actor.of(request),
        )
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{helper.name} さん: {RequestEvent.Step(step).label}を記録しました。"
        )
    return redirect(request_url(req))


@request_view(Perm.MEMBER_EDIT)
@require_POST
def request_close(request):
    req = request.famisapo_request
    form = CloseRequestForm(request.POST)
    if form.is_valid():
        try:
            services.close_request(request=req, actor=Actor.of(request), **form.cleaned_data)
        except ServiceError as error:
            messages.error(request, str(error))
    return redirect(request_url(req))


@request_view(Perm.MEMBER_EDIT)
def meeting_new(request):
    req = request.famisapo_request
    if req.helper is None:
        messages.error(request, "提供会員が決まってから事前打合せを記録します。")
        return redirect(request_url(req))
    initial = {
        "children": list(req.children.all()),
        "kinds": [req.kind],
        "held_on": timezone.localdate(),
    }
    form = MeetingForm(request.POST or None, children=_children(req.requester), initial=initial)
    done = _save(
        request,
        form,
        lambda data: services.record_meeting(
            centre=req.centre,
            data=services.MeetingData(requester=req.requester, helper=req.helper, **data),
            actor=Actor.of(request),
        ),
        "事前打合せを記録しました。",
        lambda _: request_url(req),
    )
    context = {
        "member": req.requester,
        "form": form,
        "title": f"事前打合せ（{req.requester.name}・{req.helper.name}）",
    }
    return done or render(request, "famisapo/member_form.html", context)


@request_view(Perm.MEMBER_EDIT)
def activity_new(request):
    req = request.famisapo_request
    if req.helper is None:
        messages.error(request, "提供会員が決まってから活動を記録します。")
        return redirect(request_url(req))
    initial = {
        "date": req.date,
        "start": req.start,
        "end": req.end,
        "kind": req.kind,
        "children": list(req.children.all()),
        "reported_on": timezone.localdate(),
    }
    form = ActivityForm(request.POST or None, children=_children(req.requester), initial=initial)
    done = _save(
        request,
        form,
        lambda data: services.record_activity(
            centre=req.centre,
            data=services.ActivityData(
                requester=req.requester, helper=req.helper, request=req, **data
            ),
            actor=Actor.of(request),
        ),
        "活動報告を記録しました。",
        lambda activity: reverse("famisapo:activity", args=[activity.public_id]),
    )
    context = {
        "member": req.requester,
        "form": form,
        "title": f"活動報告（{req.requester.name}・{req.helper.name}）",
    }
    return done or render(request, "famisapo/member_form.html", context)


@member_view(Perm.MEMBER_EDIT)
def activity_unarranged(request):
    """An activity the members arranged between themselves (told to the centre afterwards): no
    request and no 事前打合せ gate, kept for the figures and flagged as not insured."""
    member = request.member
    if not member.requests_help:
        raise Http404
    form = UnarrangedActivityForm(
        request.POST or None,
        children=_children(member),
        helpers=sel.helpers_to_pick(member.centre, besides=member),
        initial={"reported_on": timezone.localdate()},
    )

    def record(data):
        return services.record_activity(
            centre=member.centre,
            data=services.ActivityData(requester=member, arranged=False, **data),
            actor=Actor.of(request),
        )

    done = _save(
        request,
        form,
        record,
        "センターを通さない活動として記録しました（補償保険の対象外です）。",
        lambda activity: reverse("famisapo:activity", args=[activity.public_id]),
    )
    context = {
        "member": member,
        "form": form,
        "title": f"センターを通さない活動（{member.name}）",
        "hint": "会員どうしで直接頼んだ援助です。センターの調整と事前打合せがないため、"
        "ファミサポの補償保険の対象になりません。件数・時間は記録として残します。",
    }
    return done or render(request, "famisapo/member_form.html", context)


@activity_view(Perm.MEMBER_VIEW)
def activity_detail(request):
    activity = request.activity
    audit_member(Actor.of(request), activity.requester, obj=activity)
    form = ConfirmForm(initial={"on": timezone.localdate(), "method": Activity.Confirmation.PAPER})
    return render(
        request,
        "famisapo/activity.html",
        {
            "activity": activity,
            "centre": activity.centre,
            "children": activity.children.all(),
            "form": form,
            "closed": sel.is_closed(activity.centre, activity.date),
            "worries": activity.worries.all(),
            "handle_form": _handle_form(),
            "granted": request.perms,
        },
    )


def _handle_form():
    from .views_care import HandleForm

    return HandleForm(initial={"on": timezone.localdate()})


@activity_view(Perm.MEMBER_EDIT)
@require_POST
def activity_confirm(request):
    activity = request.activity
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.confirm_activity(
                activity=activity, actor=Actor.of(request), **form.cleaned_data
            )
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "依頼会員の確認を記録しました。")
    else:
        messages.error(request, "確認日と方法を入れてください。")
    return redirect(reverse("famisapo:activity", args=[activity.public_id]))


@centre_view(Perm.MEMBER_VIEW)
@two_factor_required
def worklist(request):
    """What the coordinator has to do: open requests and reports past their deadline."""
    centre, today = request.centre, timezone.localdate()
    late = sel.unconfirmed(centre, today)
    for activity in late:
        audit_member(
            Actor.of(request), activity.requester, obj=activity, detail={"via": "worklist"}
        )
    return render(
        request,
        "famisapo/worklist.html",
        {
            "centre": centre,
            "open": sel.open_requests(centre),
            "late": late,
            "concerns": sel.open_concerns(centre),
            "today": today,
        },
    )


def parse_month(text: str) -> dt.date:
    """「2025-10」 → its first day; a month outside 2000–2100 (no centre's data) is 404."""
    try:
        month = dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise Http404 from None
    if not 2000 <= month.year <= 2100:
        raise Http404
    return month


def month_context(centre, month: dt.date) -> dict:
    first, last = sel.month_bounds(month)
    activities = (
        sel.activities_between(centre, first, last)
        .select_related("requester", "helper")
        .order_by("date", "start")
    )
    return {
        "centre": centre,
        "month": first,
        "label": f"{wareki_month(first.year, first.month)}（{first:%Y年%m月}）",
        "activities": activities,
        "closed": sel.is_closed(centre, first),
        "by_requester": sel.statements(centre, first, by="requester"),
        "by_helper": sel.statements(centre, first, by="helper"),
        "previous": (first - dt.timedelta(days=1)).strftime("%Y-%m"),
        "next": (last + dt.timedelta(days=1)).strftime("%Y-%m"),
    }
