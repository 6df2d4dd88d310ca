"""A municipality's side of consultations: alerts, agencies, complaints, retention, breach report,
and statistics for hubs, municipalities and prefectures."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import hubs_for_user, within
from accounts.audit import audit_record
from accounts.decorators import hub_view, municipality_view, prefecture_view
from accounts.models import AuditEvent
from accounts.personal import remember_purpose
from accounts.roles import Perm
from accounts.two_factor import two_factor_required
from common.japanese import fiscal_year_of, wareki_fiscal_year
from common.services import Actor, ServiceError
from common.spreadsheet import csv_response, xlsx_response

from . import disposal, scoping, selectors, services, services_municipal, stats
from .audit import audit_family
from .concurrency import EditConflict
from .forms import MunicipalFamilySearchForm
from .forms_municipal import AgencyForm, BreachReportForm, ComplaintForm, RetentionRuleForm
from .models import (
    Agency,
    Complaint,
    DisposalEntry,
    RetentionRule,
)
from .views import RESULT_LIMIT


@municipality_view(Perm.ALERT_VIEW)
def alerts(request):
    """Open alerts of suspected abuse first, then the last handled ones. No names here."""
    municipality = request.municipality
    open_alerts, handled = selectors.municipality_alerts(municipality)
    return render(
        request,
        "consultations/alerts.html",
        {
            "municipality": municipality,
            "open": open_alerts,
            "handled": handled,
            "granted": request.perms,
        },
    )


@municipality_view(Perm.RECORD_VIEW_PURPOSE)
@two_factor_required
def family_search(request):
    """Search the municipality's families, stating a purpose; each family shown is audited."""
    municipality = request.municipality
    form = MunicipalFamilySearchForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        criteria = {k: form.cleaned_data[k] for k in ("kana", "birth_date", "phone")}
        scope = scoping.households_for_user(request.user, Perm.RECORD_VIEW).filter(
            hub__municipality=municipality
        )
        results = list(services.find_matches(scope, **criteria)[:RESULT_LIMIT])
        actor = Actor.of(request).stating(form.cleaned_data["purpose"])
        for household in results:
            audit_family(actor, household, detail={"via": "search"})
            remember_purpose(request, household, form.cleaned_data["purpose"], False)
    return render(
        request,
        "consultations/municipal_family_search.html",
        {"municipality": municipality, "form": form, "results": results},
    )


@municipality_view(Perm.AGENCY_EDIT)
def agencies(request):
    municipality = request.municipality
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services_municipal.agency_create(
                municipality=municipality, data=form.cleaned_data, actor=Actor.of(request)
            )
        except ServiceError as refusal:
            form.add_error("name", refusal)
        else:
            messages.success(request, f"{agency}を追加しました。")
            return redirect("consultations:agencies", code=municipality.code)
    return render(
        request,
        "consultations/agencies.html",
        {
            "municipality": municipality,
            "rows": within(municipality, Agency),
            "form": form,
        },
    )


@municipality_view(Perm.COMPLAINT_EDIT)
def complaints(request):
    municipality = request.municipality
    rows = within(municipality, Complaint).select_related("hub")
    return render(
        request,
        "consultations/complaints.html",
        {"municipality": municipality, "rows": rows, "today": timezone.localdate()},
    )


def _complaint_form(request, municipality, instance=None):
    hubs = hubs_for_user(request.user).filter(municipality=municipality)
    initial = {"version": instance.version} if instance else {"received_on": timezone.localdate()}
    return ComplaintForm(request.POST or None, instance=instance, hubs=hubs, initial=initial)


@municipality_view(Perm.COMPLAINT_EDIT)
def complaint_edit(request, complaint_id=None):
    """Add or edit a complaint; a second editor gets a conflict, not an overwrite."""
    municipality = request.municipality
    instance = None
    if complaint_id is not None:
        instance = within(municipality, Complaint).filter(public_id=complaint_id).first()
        if instance is None:
            raise Http404
    form = _complaint_form(request, municipality, instance)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        actor = Actor.of(request)
        if instance is None:
            services_municipal.complaint_create(municipality=municipality, data=data, actor=actor)
        else:
            try:
                services_municipal.complaint_update(
                    complaint=instance,
                    version=form.cleaned_data["version"] or 0,
                    data=data,
                    actor=actor,
                )
            except EditConflict as error:
                conflict = error.current
        if conflict is None:
            messages.success(request, "苦情・要望の記録を保存しました。")
            return redirect("consultations:complaints", code=municipality.code)
    return render(
        request,
        "consultations/complaint_form.html",
        {"municipality": municipality, "form": form, "complaint": instance, "conflict": conflict},
        status=409 if conflict else 200,
    )


@municipality_view(Perm.RETENTION_MANAGE)
def retention(request):
    """The municipality's retention rules, what is due now, and the disposal register."""
    municipality = request.municipality
    form = RetentionRuleForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "adopt":
        created = services_municipal.retention_defaults_adopt(
            municipality=municipality, actor=Actor.of(request)
        )
        messages.success(
            request, f"例の保存年限を{created}件設定しました。規程に合わせて見直してください。"
        )
        return redirect("consultations:retention", code=municipality.code)
    if request.method == "POST" and form.is_valid():
        rule = services_municipal.retention_rule_set(
            municipality=municipality, **form.cleaned_data, actor=Actor.of(request)
        )
        messages.success(request, f"保存年限を更新しました：{rule}")
        return redirect("consultations:retention", code=municipality.code)
    form.instance.municipality = municipality
    batches = disposal.due_batches(municipality)
    due_households = []
    for batch in batches:
        if batch.record_type == "household":
            due_households = list(batch.queryset.order_by("last_activity_on")[:100])
    return render(
        request,
        "consultations/retention.html",
        {
            "municipality": municipality,
            "rules": within(municipality, RetentionRule),
            "form": form,
            "batches": batches,
            "due_households": due_households,
            "held": scoping.households_for_user(request.user, Perm.RETENTION_MANAGE).filter(
                hub__municipality=municipality, legal_hold=True
            ),
            "register": DisposalEntry.objects.filter(municipality_code=municipality.code)[:100],
        },
    )


@municipality_view(Perm.RETENTION_MANAGE)
def dispose(request):
    """The officer's approval: delete what is due now and write the disposal register."""
    municipality = request.municipality
    if request.method != "POST":
        return redirect("consultations:retention", code=municipality.code)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "廃棄を承認するには確認のチェックを入れてください。")
        return redirect("consultations:retention", code=municipality.code)
    entries = disposal.dispose(municipality=municipality, via="画面", actor=Actor.of(request))
    total = sum(e.count for e in entries)
    messages.success(request, f"{total}件を廃棄し、廃棄簿に記録しました。")
    return redirect("consultations:retention", code=municipality.code)


@municipality_view(Perm.AUDIT_VIEW)
def breach_report(request):
    """Every family record an account read in a time window (漏えい等報告 B5)."""
    municipality = request.municipality
    form = BreachReportForm(request.POST or None)
    rows = None
    families = 0
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        start = timezone.make_aware(dt.datetime.combine(c["since"], dt.time.min))
        end = timezone.make_aware(
            dt.datetime.combine(c["until"] + dt.timedelta(days=1), dt.time.min)
        )
        rows = list(
            AuditEvent.objects.filter(
                actor_username=c["username"],
                municipality_code=municipality.code,
                subject_id__isnull=False,
                at__gte=start,
                at__lt=end,
            ).order_by("at")
        )
        families = len({r.subject_id for r in rows})
        if "download" in request.POST:
            audit_record(
                action=AuditEvent.Action.EXPORT,
                actor=Actor.of(request),
                object_type="accounts.AuditEvent",
                object_repr="漏えい等報告用の閲覧記録（CSV）",
                detail={"account": c["username"], "rows": len(rows)},
                municipality_code=municipality.code,
            )
            table = [["日時", "アカウント", "操作", "対象", "対象ID", "世帯ID", "目的", "接続元"]]
            table += [
                [
                    timezone.localtime(r.at).strftime("%Y-%m-%d %H:%M:%S"),
                    r.actor_username,
                    r.get_action_display(),
                    r.object_repr,
                    r.object_id,
                    str(r.subject_id),
                    r.purpose,
                    r.ip_address or "",
                ]
                for r in rows
            ]
            return csv_response(table, f"閲覧記録_{c['username']}_{c['since']}_{c['until']}.csv")
        audit_record(
            action=AuditEvent.Action.VIEW,
            actor=Actor.of(request),
            object_type="accounts.AuditEvent",
            object_repr="漏えい等報告用の閲覧記録",
            detail={"account": c["username"], "since": str(c["since"]), "until": str(c["until"])},
            municipality_code=municipality.code,
        )
    return render(
        request,
        "consultations/breach_report.html",
        {"municipality": municipality, "form": form, "rows": rows, "families": families},
    )


def _stats_page(request, scope, hubs, fiscal_year, *, suppress):
    if not 2000 <= fiscal_year <= 2100:
        raise Http404
    base = request.path.removesuffix(f"{fiscal_year}/")
    tables = stats.consultation_counts(hubs, fiscal_year, suppress=suppress)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        audit_record(
            action=AuditEvent.Action.EXPORT,
            actor=Actor.of(request),
            obj=scope,
            detail={"report": "consultation-counts", "fiscal_year": fiscal_year, "format": fmt},
        )
        filename = f"相談件数_{scope.name}_{fiscal_year}年度.{fmt}"
        if fmt == "csv":
            return csv_response([row for t in tables for row in [*t.sheet(), []]], filename)
        return xlsx_response({t.title: t.sheet() for t in tables}, filename)
    return render(
        request,
        "consultations/stats.html",
        {
            "scope": scope,
            "fiscal_year": fiscal_year,
            "fiscal_year_label": wareki_fiscal_year(fiscal_year),
            "tables": tables,
            "suppressed": suppress,
            "small_count": settings.KYOTEN_SMALL_COUNT,
            "prev_url": f"{base}{fiscal_year - 1}/" if fiscal_year > 2000 else None,
            "next_url": f"{base}{fiscal_year + 1}/"
            if fiscal_year < fiscal_year_of(timezone.localdate())
            else None,
        },
    )


@hub_view(Perm.REPORT_VIEW)
def hub_stats(request, fiscal_year):
    return _stats_page(request, request.hub, [request.hub], fiscal_year, suppress=False)


@municipality_view(Perm.REPORT_VIEW)
def municipality_stats(request, fiscal_year):
    hubs = hubs_for_user(request.user).filter(municipality=request.municipality)
    return _stats_page(request, request.municipality, hubs, fiscal_year, suppress=False)


@prefecture_view(Perm.REPORT_VIEW)
def prefecture_stats(request, fiscal_year):
    hubs = hubs_for_user(request.user).filter(municipality__prefecture=request.prefecture)
    return _stats_page(request, request.prefecture, hubs, fiscal_year, suppress=True)
