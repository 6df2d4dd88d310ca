"""A family's records (consultations, support, case conferences, plans, referrals) and a hub's
consultation list. Every record is reached through `scoping`; see views.py for the family."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.decorators import hub_view
from accounts.models import AuditEvent
from accounts.roles import Perm
from common.pdf import pdf_response, render_pdf
from common.services import Actor, ServiceError

from . import scoping, selectors, services
from .audit import audit_family, last_change
from .concurrency import EditConflict
from .forms import (
    ConferenceForm,
    ConsultationForm,
    PlanForm,
    PlanReviewForm,
    ReferralForm,
    ReferralUpdateForm,
    RegisterEntryForm,
    SupportEntryForm,
)
from .models import Service
from .views import family_url, save_versioned, simple_create


def _service_choices() -> list[tuple[str, str]]:
    """Services as named today (母子保健型 is こども家庭センター型 from 2024-04-01)."""
    return [(s.value, Service.label_on(s.value, timezone.localdate())) for s in Service]


@scoping.family_view(Perm.RECORD_EDIT)
def consultation_new(request):
    household = request.household
    form = ConsultationForm(request.POST or None)
    form.fields["service"].choices = _service_choices()
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_create(
                hub=household.hub,
                household=household,
                data=form.record_data() | {"staff": request.user},
                topics=list(form.cleaned_data["topics"]),
                actor=Actor.of(request),
            )
        except ServiceError as error:
            form.add_error(None, error)
        else:
            if consultation.abuse_suspected:
                messages.warning(
                    request,
                    "「虐待の疑い」を記録し、市町村の担当者に通知しました。児童相談所または福祉事務所へのつなぎを記録してください。",
                )
                return redirect("consultations:referral_new", family_id=household.public_id)
            messages.success(request, "相談記録を保存しました。")
            return redirect(family_url(household))
    return render(
        request,
        "consultations/consultation_form.html",
        {
            "household": household,
            "form": form,
            "hub": household.hub,
            "has_consent": services.active_consent(household) is not None,
        },
    )


@hub_view(Perm.CONSULT_ANON)
def anonymous_consultation_new(request):
    """Without consent: date, channel, topics and minutes only — counted, naming no one."""
    hub = request.hub
    form = ConsultationForm(request.POST or None, anonymous=True)
    form.fields["service"].choices = _service_choices()
    if request.method == "POST" and form.is_valid():
        services.consultation_create(
            hub=hub,
            household=None,
            data=form.record_data() | {"staff": request.user},
            topics=list(form.cleaned_data["topics"]),
            actor=Actor.of(request),
        )
        messages.success(request, "匿名の相談を記録しました。")
        return redirect("consultations:hub_consultations", hub_id=hub.public_id)
    return render(
        request,
        "consultations/consultation_form.html",
        {"hub": hub, "form": form, "anonymous": True, "has_consent": True},
    )


@hub_view(Perm.CONSULT_ANON)
def hub_consultations(request):
    """This month's consultations at the hub: counts and topics, no names."""
    hub = request.hub
    since = timezone.localdate().replace(day=1)
    rows = selectors.hub_consultations_since(hub, since)
    return render(
        request,
        "consultations/hub_consultations.html",
        {"hub": hub, "rows": rows, "since": since, "granted": request.perms},
    )


@scoping.consultation_view(Perm.RECORD_VIEW)
def consultation_detail(request):
    """Read, or edit with optimistic locking: a second editor sees both versions."""
    consultation = request.consultation
    household = request.household
    can_edit = (
        Perm.RECORD_EDIT in request.perms
        if household is not None
        else Perm.CONSULT_ANON in request.perms
    )
    conflict = None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = ConsultationForm(request.POST, instance=consultation, anonymous=household is None)
        form.fields["service"].choices = _service_choices()
        if form.is_valid():
            try:
                services.consultation_update(
                    consultation=consultation,
                    version=form.cleaned_data["version"] or 0,
                    data=form.record_data(),
                    topics=list(form.cleaned_data["topics"]),
                    actor=Actor.of(request),
                )
            except EditConflict as error:
                conflict = error.current
                form.data = form.data.copy()
                form.data["version"] = conflict.version
            else:
                messages.success(request, "相談記録を更新しました。")
                if household is None:
                    return redirect(
                        "consultations:hub_consultations", hub_id=consultation.hub.public_id
                    )
                return redirect(family_url(household))
    else:
        form = ConsultationForm(
            instance=consultation,
            anonymous=household is None,
            initial={"version": consultation.version},
        )
        form.fields["service"].choices = _service_choices()
        if household is not None:
            audit_family(Actor.of(request), household, obj=consultation)
    # A read view first; 編集 is a separate step (?edit=1), and a refused save stays in the form.
    editing = can_edit and (request.method == "POST" or request.GET.get("edit") == "1")
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            "consultation": consultation,
            "household": household,
            "form": form,
            "can_edit": can_edit,
            "editing": editing,
            "last_change": last_change(consultation),
            "conflict": conflict,
            "conflict_topics": list(conflict.topics.all()) if conflict else [],
        },
        status=409 if conflict else 200,
    )


@scoping.family_view(Perm.RECORD_EDIT)
def support_entry_new(request):
    form = SupportEntryForm(request.POST or None, initial={"written_on": timezone.localdate()})
    return simple_create(
        request,
        form=form,
        service=lambda **kw: services.support_entry_create(**kw),
        template="consultations/record_form.html",
        success="支援記録を保存しました。",
        extra={"title": "支援記録"},
    )


@scoping.family_view(Perm.RECORD_EDIT)
def conference_new(request):
    form = ConferenceForm(request.POST or None)
    return simple_create(
        request,
        form=form,
        service=lambda **kw: services.conference_create(**kw),
        template="consultations/record_form.html",
        success="ケース会議記録を保存しました。",
        extra={"title": "ケース会議記録", "yotaikyo": request.household.yotaikyo_case},
    )


@scoping.family_view(Perm.RECORD_EDIT)
def plan_new(request):
    form = PlanForm(request.POST or None, initial={"made_on": timezone.localdate()})
    return simple_create(
        request,
        form=form,
        service=lambda **kw: services.plan_create(**kw),
        template="consultations/record_form.html",
        success="支援プランを保存しました。",
        extra={"title": "支援プラン"},
    )


@scoping.family_view(Perm.RECORD_EDIT)
def register_entry_new(request):
    form = RegisterEntryForm(request.POST or None, household=request.household)
    return simple_create(
        request,
        form=form,
        service=services.register_entry_create,
        template="consultations/record_form.html",
        success="支援台帳に登録しました。",
        extra={"title": "支援台帳への登録"},
    )


@scoping.conference_view(Perm.RECORD_VIEW)
def conference_detail(request):
    conference = request.conference
    audit_family(Actor.of(request), request.household, obj=conference)
    return render(
        request,
        "consultations/conference_detail.html",
        {"conference": conference, "household": request.household},
    )


@scoping.family_view(Perm.RECORD_EDIT)
def referral_new(request):
    household = request.household
    form = ReferralForm(request.POST or None, municipality=household.hub.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_create(
                household=household,
                perms=request.perms,
                data=form.record_data(),
                share=form.cleaned_data["share"],
                override_reason=form.cleaned_data["override_reason"],
                actor=Actor.of(request),
            )
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "つなぎを記録しました。")
            return redirect(family_url(household))
    return render(
        request,
        "consultations/referral_form.html",
        {
            "household": household,
            "form": form,
            "may_override": Perm.CONSENT_OVERRIDE in request.perms,
            "open_alerts": selectors.open_alerts_for_household(household),
        },
    )


@scoping.referral_view(Perm.RECORD_EDIT)
def referral_detail(request):
    referral = request.referral
    form = ReferralUpdateForm(
        request.POST or None, instance=referral, initial={"version": referral.version}
    )
    done, conflict = save_versioned(
        request,
        form,
        lambda version, data: services.referral_update(
            referral=referral, version=version, data=data, actor=Actor.of(request)
        ),
        "つなぎの状況を更新しました。",
    )
    if done:
        return done
    if request.method == "GET":
        audit_family(Actor.of(request), request.household, obj=referral)
    return render(
        request,
        "consultations/referral_detail.html",
        {"referral": referral, "household": request.household, "form": form, "conflict": conflict},
        status=409 if conflict else 200,
    )


@scoping.conference_view(Perm.RECORD_VIEW)
def conference_pdf(request):
    conference = request.conference
    audit_family(
        Actor.of(request),
        request.household,
        action=AuditEvent.Action.EXPORT,
        obj=conference,
        detail={"format": "pdf"},
    )
    context = {
        "conference": conference,
        "household": request.household,
        "today": timezone.localdate(),
    }
    pdf = render_pdf("consultations/conference_pdf.html", context)
    return pdf_response(pdf, f"ケース会議記録_{timezone.localtime(conference.held_at):%Y%m%d}.pdf")


@scoping.family_view(Perm.RECORD_EDIT)
def plan_review(request, plan_pk):
    household = request.household
    plan = household.plans.filter(pk=plan_pk).first()
    if plan is None:
        raise Http404
    form = PlanReviewForm(
        request.POST or None,
        instance=plan,
        initial={"version": plan.version, "reviewed_on": timezone.localdate()},
    )
    done, conflict = save_versioned(
        request,
        form,
        lambda version, data: services.plan_review(
            plan=plan, version=version, data=data, actor=Actor.of(request)
        ),
        "支援プランの見直しを記録しました。",
    )
    if done:
        return done
    return render(
        request,
        "consultations/plan_review.html",
        {"household": household, "plan": plan, "form": form, "conflict": conflict},
        status=409 if conflict else 200,
    )
