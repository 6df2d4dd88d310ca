"""Families and their records, at a hub. Every family is reached through `scoping`."""

import time

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.decorators import hub_view
from accounts.models import AuditEvent
from accounts.roles import Perm
from accounts.two_factor import two_factor_required
from common.pdf import pdf_response, render_pdf
from common.services import Actor, ServiceError

from . import scoping, selectors, services, timeline
from .audit import audit_family
from .concurrency import EditConflict
from .forms import (
    ChildForm,
    ConferenceForm,
    ConsentForm,
    ConsentWithdrawForm,
    ConsultationForm,
    FamilySearchForm,
    HouseholdEditForm,
    HouseholdForm,
    LegalHoldForm,
    PersonForm,
    PlanForm,
    PlanReviewForm,
    PurposeForm,
    ReferralForm,
    ReferralUpdateForm,
    RegisterEntryForm,
    SupportEntryForm,
)
from .models import Service

SEARCH_SESSION_KEY = "family_search"
SEARCH_LIFETIME = 30 * 60
RESULT_LIMIT = 20


def _family_url(household) -> str:
    return reverse("consultations:family", args=[household.public_id])


def _audit_results(request, households) -> None:
    # Names on a result list are a read of each family shown: one row each (B1, B5).
    for household in households:
        audit_family(Actor.of(request), household, detail={"via": "search"})


@hub_view(Perm.FAMILY_BASIC)
@two_factor_required
def family_search(request):
    """Search before create: kana, birth date or phone, normalised. Criteria never go in the URL."""
    hub = request.hub
    form = FamilySearchForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        scope = scoping.households_for_user(request.user).filter(hub=hub)
        results = list(services.find_matches(scope, **form.cleaned_data)[:RESULT_LIMIT])
        _audit_results(request, results)
        criteria = form.cleaned_data | {"birth_date": str(form.cleaned_data["birth_date"] or "")}
        request.session[SEARCH_SESSION_KEY] = {
            "hub": str(hub.public_id),
            "criteria": criteria,
            "found": len(results),
            "until": time.time() + SEARCH_LIFETIME,
        }
    return render(
        request,
        "consultations/family_search.html",
        {"hub": hub, "form": form, "results": results, "granted": request.perms},
    )


def _recent_search(request, hub) -> dict | None:
    search = request.session.get(SEARCH_SESSION_KEY)
    if (
        search
        and search["hub"] == str(hub.public_id)
        and search["until"] > time.time()
        and search["found"] == 0
    ):
        return search["criteria"]
    return None


@hub_view(Perm.FAMILY_EDIT)
@two_factor_required
def family_new(request):
    """Register a family, only right after a search at this hub found no one."""
    hub = request.hub
    criteria = _recent_search(request, hub)
    if criteria is None:
        messages.error(
            request, "新しい世帯を登録する前に、同じ方が登録されていないか検索してください。"
        )
        return redirect("consultations:family_search", hub_id=hub.public_id)
    initial = {
        "family_name_kana": (criteria.get("kana") or "").split(" ")[0],
        "guardian_kana": criteria.get("kana") or "",
        "phone": criteria.get("phone") or "",
        "child_birth_date": criteria.get("birth_date") or "",
    }
    form = HouseholdForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_create(
                hub=hub,
                scope=scoping.households_for_user(request.user).filter(hub=hub),
                data=form.household_data(),
                guardians=form.guardians(),
                children=form.children(),
                actor=Actor.of(request),
            )
        except ServiceError as error:
            form.add_error(None, error)
        else:
            del request.session[SEARCH_SESSION_KEY]
            messages.success(request, f"{household}を登録しました。続けて承諾を記録してください。")
            return redirect("consultations:consent_new", family_id=household.public_id)
    return render(request, "consultations/family_new.html", {"hub": hub, "form": form})


@scoping.family_view(Perm.FAMILY_BASIC)
def family_detail(request):
    """One family: basic data and consent; with record rights, the whole timeline."""
    household = request.household
    reads = scoping.reads_records(request.perms)
    consents = list(household.consents.prefetch_related("agencies"))
    context = {
        "household": household,
        "guardians": household.guardians.all(),
        "children": household.children.all(),
        "consents": consents,
        "active_consent": services.active_consent(household),
        "reads": reads,
        "granted": request.perms,
        "purpose": request.purpose,
        "today": timezone.localdate(),
        "events": timeline.for_household(household) if reads else [],
        "open_alerts": selectors.open_alerts_for_household(household) if reads else [],
    }
    audit_family(Actor.of(request), household, detail={"records": reads})
    return render(request, "consultations/family_detail.html", context)


@two_factor_required
def purpose(request, family_id):
    """A municipal officer states why they open this family's records (利用目的)."""
    household, perms = scoping.household_for_user(request.user, family_id, Perm.RECORD_VIEW)
    if not scoping.needs_purpose(perms):
        return redirect(_family_url(household))
    next_url = request.POST.get("next") or request.GET.get("next") or _family_url(household)
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = _family_url(household)
    reading_consent = services.active_consent(household, covering="covers_reading")
    form = PurposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = scoping.FAMILIES.accept_purpose(
            request,
            household,
            perms,
            purpose=form.cleaned_data["purpose"],
            override_ticked=form.cleaned_data["override"],
            reading_consented=reading_consent is not None,
        )
        if refusal is None:
            return redirect(next_url)
        form.add_error("override", refusal)
    return render(
        request,
        "consultations/purpose.html",
        {
            "household": household,
            "form": form,
            "next": next_url,
            "reading_consent": reading_consent,
        },
    )


@scoping.family_view(Perm.FAMILY_EDIT)
def consent_new(request):
    household = request.household
    form = ConsentForm(request.POST or None, municipality=household.hub.municipality)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "agencies"}
        services.consent_record(
            household=household,
            data=data,
            agencies=form.cleaned_data["agencies"],
            actor=Actor.of(request),
        )
        messages.success(request, "承諾を記録しました。")
        return redirect(_family_url(household))
    return render(
        request, "consultations/consent_form.html", {"household": household, "form": form}
    )


@scoping.family_view(Perm.FAMILY_EDIT)
def consent_withdraw(request, consent_pk):
    household = request.household
    consent = household.consents.filter(pk=consent_pk, withdrawn_on__isnull=True).first()
    if consent is None:
        raise Http404
    form = ConsentWithdrawForm(request.POST or None, initial={"withdrawn_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(
                consent=consent,
                on=form.cleaned_data["withdrawn_on"],
                note=form.cleaned_data["note"],
                actor=Actor.of(request),
            )
        except ServiceError as error:
            form.add_error("withdrawn_on", error)
        else:
            messages.success(request, "承諾の撤回を記録しました。")
            return redirect(_family_url(household))
    return render(
        request,
        "consultations/consent_withdraw.html",
        {"household": household, "consent": consent, "form": form},
    )


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
            return redirect(_family_url(household))
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
                return redirect(_family_url(household))
    else:
        form = ConsultationForm(
            instance=consultation,
            anonymous=household is None,
            initial={"version": consultation.version},
        )
        form.fields["service"].choices = _service_choices()
        if household is not None:
            audit_family(Actor.of(request), household, obj=consultation)
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            "consultation": consultation,
            "household": household,
            "form": form,
            "can_edit": can_edit,
            "conflict": conflict,
            "conflict_topics": list(conflict.topics.all()) if conflict else [],
        },
        status=409 if conflict else 200,
    )


def _simple_create(request, *, form, service, template, success, extra=None):
    household = request.household
    if request.method == "POST" and form.is_valid():
        try:
            service(household=household, data=form.cleaned_data, actor=Actor.of(request))
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect(_family_url(household))
    return render(request, template, {"household": household, "form": form, **(extra or {})})


def _save_versioned(request, form, save, success: str):
    """For a valid POST, run `save(version, data)`: a redirect to the family on success, or the
    record as it now stands when someone else saved first. (None, None) for anything else."""
    if request.method != "POST" or not form.is_valid():
        return None, None
    try:
        save(form.cleaned_data["version"] or 0, form.record_data())
    except EditConflict as error:
        return None, error.current
    messages.success(request, success)
    return redirect(_family_url(request.household)), None


@scoping.family_view(Perm.RECORD_EDIT)
def support_entry_new(request):
    form = SupportEntryForm(request.POST or None, initial={"written_on": timezone.localdate()})
    return _simple_create(
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
    return _simple_create(
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
    return _simple_create(
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
    return _simple_create(
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
            return redirect(_family_url(household))
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
    done, conflict = _save_versioned(
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


@scoping.family_view(Perm.RETENTION_MANAGE)
def legal_hold(request):
    household = request.household
    form = LegalHoldForm(
        request.POST or None,
        initial={"hold": household.legal_hold, "reason": household.legal_hold_reason},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.legal_hold_set(
                household=household,
                hold=form.cleaned_data["hold"],
                reason=form.cleaned_data["reason"],
                actor=Actor.of(request),
            )
        except ServiceError as error:
            form.add_error("reason", error)
        else:
            messages.success(request, "廃棄の停止を更新しました。")
            return redirect(_family_url(household))
    return render(request, "consultations/legal_hold.html", {"household": household, "form": form})


@scoping.family_view(Perm.ACCESS_LOG)
def access_log(request):
    """誰がいつ見たか: every audit row about this family. A permission of its own (B4)."""
    household = request.household
    rows = AuditEvent.objects.filter(subject_id=household.public_id).order_by("-at")[:500]
    return render(request, "consultations/access_log.html", {"household": household, "rows": rows})


@scoping.family_view(Perm.RECORD_VIEW)
def family_pdf(request):
    """相談記録票: the family's sheet with its whole timeline, for staff who may read it."""
    household = request.household
    audit_family(
        Actor.of(request), household, action=AuditEvent.Action.EXPORT, detail={"format": "pdf"}
    )
    context = {
        "household": household,
        "guardians": household.guardians.all(),
        "children": household.children.all(),
        "consents": household.consents.prefetch_related("agencies"),
        "events": timeline.for_household(household),
        "today": timezone.localdate(),
        "user": request.user,
    }
    pdf = render_pdf("consultations/family_pdf.html", context)
    return pdf_response(pdf, f"相談記録票_{household.short_id}.pdf")


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


@scoping.family_view(Perm.FAMILY_EDIT)
def family_edit(request):
    """Basic data of the family, with a clear message if someone else saved it meanwhile."""
    household = request.household
    case_worker = Perm.RECORD_EDIT in request.perms
    form = HouseholdEditForm(
        request.POST or None,
        instance=household,
        case_worker=case_worker,
        initial={"version": household.version},
    )
    done, conflict = _save_versioned(
        request,
        form,
        lambda version, data: services.household_update(
            household=household, version=version, data=data, actor=Actor.of(request)
        ),
        "世帯の情報を更新しました。",
    )
    if done:
        return done
    if request.method == "GET":
        audit_family(Actor.of(request), household, detail={"form": "edit"})
    return render(
        request,
        "consultations/family_edit.html",
        {"household": household, "form": form, "conflict": conflict},
        status=409 if conflict else 200,
    )


@scoping.family_view(Perm.FAMILY_EDIT)
def person_new(request):
    form = PersonForm(request.POST or None)
    return _simple_create(
        request,
        form=form,
        service=lambda **kw: services.person_add(kind=form.cleaned_data["kind"], **kw),
        template="consultations/record_form.html",
        success="世帯に追加しました。",
        extra={"title": "保護者・子どもの追加"},
    )


@scoping.family_view(Perm.FAMILY_EDIT)
def child_edit(request, child_pk):
    household = request.household
    child = household.children.filter(pk=child_pk).first()
    if child is None:
        raise Http404
    form = ChildForm(request.POST or None, instance=child)
    return _simple_create(
        request,
        form=form,
        service=lambda household, **kw: services.child_update(child=child, **kw),
        template="consultations/record_form.html",
        success="子どもの情報を更新しました。",
        extra={"title": "子どもの情報"},
    )


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
    done, conflict = _save_versioned(
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
