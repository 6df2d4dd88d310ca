"""Families and their records, at a hub. Every family is reached through `scoping`."""

import time

from django.contrib import messages
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
from families import registry

from . import scoping, selectors, services, timeline
from .audit import audit_family
from .concurrency import EditConflict
from .forms import (
    ChildForm,
    ConsentForm,
    ConsentWithdrawForm,
    FamilySearchForm,
    HouseholdEditForm,
    HouseholdForm,
    LegalHoldForm,
    PersonForm,
    PurposeForm,
)
from .models import Household

SEARCH_SESSION_KEY = "family_search"
SEARCH_LIFETIME = 30 * 60
RESULT_LIMIT = 20


def family_url(household) -> str:
    return reverse("consultations:family", args=[household.public_id])


def simple_create(request, *, form, service, template, success, extra=None):
    household = request.household
    if request.method == "POST" and form.is_valid():
        try:
            service(household=household, data=form.cleaned_data, actor=Actor.of(request))
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect(family_url(household))
    return render(request, template, {"household": household, "form": form, **(extra or {})})


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
        # The search covered this hub's families; the register covers every service's.
        found = registry.same_family(
            hub.municipality,
            kana=form.cleaned_data["family_name_kana"],
            phone=form.cleaned_data["phone"],
        )
        if found:
            form = HouseholdForm(request.POST, initial=initial, families=found)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_create(
                family=form.chosen_family(),
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
        "across": reads and registry.known_elsewhere(request.user, household.family, Household),
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
        return redirect(family_url(household))
    next_url = request.POST.get("next") or request.GET.get("next") or family_url(household)
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = family_url(household)
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
        return redirect(family_url(household))
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
            return redirect(family_url(household))
    return render(
        request,
        "consultations/consent_withdraw.html",
        {"household": household, "consent": consent, "form": form},
    )


def save_versioned(request, form, save, success: str):
    """For a valid POST, run `save(version, data)`: a redirect to the family on success, or the
    record as it now stands when someone else saved first. (None, None) for anything else."""
    if request.method != "POST" or not form.is_valid():
        return None, None
    try:
        save(form.cleaned_data["version"] or 0, form.record_data())
    except EditConflict as error:
        return None, error.current
    messages.success(request, success)
    return redirect(family_url(request.household)), None


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
            return redirect(family_url(household))
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
    done, conflict = save_versioned(
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
    return simple_create(
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
    return simple_create(
        request,
        form=form,
        service=lambda household, **kw: services.child_update(child=child, **kw),
        template="consultations/record_form.html",
        success="子どもの情報を更新しました。",
        extra={"title": "子どもの情報"},
    )
