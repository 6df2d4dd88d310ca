import dataclasses

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import hubs_for_user, within
from accounts.audit import audit_record
from accounts.decorators import hub_view, municipality_view, prefecture_view
from accounts.models import AuditEvent
from accounts.roles import Perm
from common.japanese import fiscal_year_of, wareki_fiscal_year
from common.pdf import pdf_response
from common.services import Actor, ServiceError
from common.spreadsheet import csv_response, xlsx_response
from hubs.opening import WeeklyPattern

from .eligibility.amounts import amounts_for_hub
from .eligibility.facts import StaffFacts, hub_facts
from .eligibility.riyosha.facts import CODE as RIYOSHA
from .eligibility.rulesets import evaluate
from .eligibility.sheet import sheet_context, sheet_pdf
from .forms import CostForm, WhatIfForm
from .models import HubYearCost, Programme
from .services import cost_save
from .usage_summary import scope_summary, usage_summary_pdf

FORMATS = {"html", "pdf", "csv", "xlsx"}


def year_switch(request, fiscal_year: int) -> dict:
    """Links to the same page for the 年度 before and after (none past the current 年度)."""
    base = request.path.removesuffix(f"{fiscal_year}/")
    current = fiscal_year_of(timezone.localdate())
    return {
        "prev_year": fiscal_year - 1 if fiscal_year > 2000 else None,
        "next_year": fiscal_year + 1 if fiscal_year < current else None,
        "year_base": base,
    }


def _usage_summary(request, scope, fiscal_year: int, fmt: str):
    """Show or download a scope's summary; every download is audited."""
    if fmt not in FORMATS or not 2000 <= fiscal_year <= 2100:
        raise Http404
    summary = scope_summary(scope, hubs=hubs_for_user(request.user), fiscal_year=fiscal_year)
    if fmt == "html":
        downloads = [(f.upper(), f"{request.path}{f}/") for f in ("pdf", "xlsx", "csv")]
        context = {"summary": summary, "downloads": downloads, **year_switch(request, fiscal_year)}
        return render(request, "reports/usage_summary.html", context)
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=Actor.of(request),
        obj=scope,
        detail={"report": "usage-summary", "fiscal_year": fiscal_year, "format": fmt},
    )
    filename = f"利用実績集計_{scope.name}_{fiscal_year}年度.{fmt}"
    if fmt == "csv":
        return csv_response(summary.table_rows(), filename)
    if fmt == "xlsx":
        sheets = {"利用実績集計": summary.table_rows()}
        if summary.famisapo:
            sheets["ファミサポ"] = [["項目", "値"], *map(list, summary.famisapo.rows())]
        return xlsx_response(sheets, filename)
    return pdf_response(usage_summary_pdf(summary), filename)


@hub_view(Perm.REPORT_VIEW)
def usage_summary_hub(request, fiscal_year: int, fmt: str = "html"):
    return _usage_summary(request, request.hub, fiscal_year, fmt)


@municipality_view(Perm.REPORT_VIEW)
def usage_summary_municipality(request, fiscal_year: int, fmt: str = "html"):
    return _usage_summary(request, request.municipality, fiscal_year, fmt)


@prefecture_view(Perm.REPORT_VIEW)
def usage_summary_prefecture(request, fiscal_year: int, fmt: str = "html"):
    return _usage_summary(request, request.prefecture, fiscal_year, fmt)


@hub_view(Perm.STAFF_VIEW)
def eligibility_hub(request, fiscal_year: int, fmt: str = "html"):
    """Every rule for one hub and 年度: verdict, reason naming the facts, clause.

    Reasons name staff members, so the page needs staff.view (never a prefecture officer's).
    """
    if not 2000 <= fiscal_year <= 2100:
        raise Http404
    context = sheet_context(request.hub, fiscal_year)
    if Perm.HUB_EDIT in request.perms:
        context["cost_forms"] = cost_forms(request.hub, fiscal_year, context["amounts"])
        context["can_record"] = True
    context.update(year_switch(request, fiscal_year))
    if fmt == "pdf":
        audit_record(
            action=AuditEvent.Action.EXPORT,
            actor=Actor.of(request),
            obj=request.hub,
            detail={"report": "eligibility", "fiscal_year": fiscal_year, "format": "pdf"},
        )
        filename = f"補助要件判定表_{request.hub.name}_{fiscal_year}年度.pdf"
        return pdf_response(sheet_pdf(context), filename)
    return render(request, "reports/eligibility_hub.html", context)


def _added_staff(data: dict, reference_day) -> StaffFacts:
    """The one more staff member the what-if form describes, starting on the reference day."""
    service = data.get("staff_service") or "hiroba"
    course = "senmon-riyosha-kihon" if service == "riyosha_kihon" else "senmon-kyoten"
    return StaffFacts(
        name="（追加の職員）",
        role="specialist" if service == "riyosha_kihon" else "hiroba",
        service=service,
        dedicated=data["staff_dedicated"],
        started_on=reference_day,
        qualifications={data["staff_qualification"]} if data["staff_qualification"] else set(),
        training={"kihon": reference_day, course: reference_day} if data["staff_trained"] else {},
        experience_days=round(float(data["staff_experience_years"] or 0) * 365.25),
        exemptions={data["staff_exemption"]} if data.get("staff_exemption") else set(),
        key="（追加の職員）",
    )


def _draft_record(facts, data: dict, added: StaffFacts | None):
    """The 利用者支援 facts with the record fields the what-if changed (nothing is saved); a
    field left as recorded keeps its recorded value, and nothing changed keeps the facts as they are."""
    recorded = facts.own[RIYOSHA]
    initial = WhatIfForm.initial_from_record(recorded)
    changed = {k for k in WhatIfForm.RECORD_FIELDS if data[k] != initial[k]}
    to_visit = added is not None and data.get("staff_for_visit")
    if not changed and not to_visit:
        return facts.own
    r = dataclasses.replace(recorded, recorded=True, visit_staff=set(recorded.visit_staff))
    day, drafted = facts.reference_day, "（試算）"
    if "plan_published" in changed:
        r.plan_published_on = day if data["plan_published"] else None
        r.plan_published_where = drafted if data["plan_published"] else ""
    if "staffing_recorded" in changed:
        r.staffing_recorded = data["staffing_recorded"]
    if "visit_planned" in changed:
        r.visit_planned = data["visit_planned"]
        r.visit_publicity = drafted if data["visit_planned"] else ""
    if "multilingual" in changed:
        r.interpreter, r.translation_system = data["multilingual"], False
    if "care_days_per_week" in changed:
        care = data["care_days_per_week"]
        r.care_days_per_week = float(care) if care is not None else None
    if "night_exception" in changed:
        r.night_exception = drafted if data["night_exception"] else ""
        r.night_exception_accepted_on = day if data["night_exception"] else None
    if to_visit:
        r.visit_staff.add(added.key)
    return {**facts.own, RIYOSHA: r}


@hub_view(Perm.STAFF_VIEW)
def eligibility_what_if(request, fiscal_year: int):
    """Try a draft schedule or one more staff member and see verdicts and amounts change.

    Nothing is written: the draft lives only in this request.
    """
    if not 2000 <= fiscal_year <= 2100:
        raise Http404
    hub = request.hub
    facts = hub_facts(hub, fiscal_year)
    report = evaluate(facts)
    initial = WhatIfForm.initial_from(facts.pattern) | WhatIfForm.initial_from_record(
        facts.own[RIYOSHA]
    )
    form = WhatIfForm(request.POST or None, initial=initial)
    rows = draft_amounts = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        staff = list(facts.staff)
        added = _added_staff(data, facts.reference_day) if data["add_staff"] else None
        if added is not None:
            staff.append(added)
        draft = dataclasses.replace(
            facts,
            pattern=WeeklyPattern(
                ranges={d: tuple(r) for d, r in data["ranges"].items()},
                opens_on_public_holidays=data["opens_on_public_holidays"],
            ),
            staff=staff,
            own=_draft_record(facts, data, added),
        )
        draft_report = evaluate(draft)
        after = {r.rule_id: r for r in draft_report.results}
        rows = [(r, after.get(r.rule_id)) for r in report.results]
        draft_amounts = amounts_for_hub(hub, draft_report, draft)
    return render(
        request,
        "reports/eligibility_what_if.html",
        {
            "hub": hub,
            "form": form,
            "report": report,
            "rows": rows,
            "amounts": amounts_for_hub(hub, report, facts),
            "draft_amounts": draft_amounts,
            "fiscal_year": fiscal_year,
            "fiscal_year_label": wareki_fiscal_year(fiscal_year),
            "current": facts.pattern,
            "runs_riyosha": bool(
                facts.services & {"riyosha_kihon", "riyosha_tokutei", "riyosha_boshi"}
            ),
        },
    )


def cost_forms(hub, fiscal_year: int, amounts, bound=None) -> list:
    """One cost form per programme the hub has an amount for, filled with what is recorded."""

    recorded = {c.programme: c for c in within(hub, HubYearCost).filter(fiscal_year=fiscal_year)}
    forms = []
    for programme in dict.fromkeys(a.programme for a in amounts):
        label = Programme(programme).label
        cost = recorded.get(programme)
        initial = {"programme": programme}
        if cost is not None:
            initial |= {
                "eligible_cost": cost.eligible_cost,
                "total_cost": cost.total_cost,
                "other_income": cost.other_income,
            }
        if bound is not None and bound.data.get("programme") == programme:
            forms.append((label, bound))
        else:
            forms.append((label, CostForm(initial=initial, programmes=Programme.choices)))
    return forms


@hub_view(Perm.HUB_EDIT)
def eligibility_costs(request, fiscal_year: int):
    """Record a hub's actual costs for a programme and 年度 (the 選定額 reads them)."""

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not 2000 <= fiscal_year <= 2100:
        raise Http404
    form = CostForm(request.POST, programmes=Programme.choices)
    if form.is_valid():
        try:
            cost_save(
                hub=request.hub,
                fiscal_year=fiscal_year,
                data=form.cleaned_data,
                actor=Actor.of(request),
            )
        except ServiceError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, "経費を保存しました。")
        return redirect(
            "reports:eligibility_hub", hub_id=request.hub.public_id, fiscal_year=fiscal_year
        )
    context = sheet_context(request.hub, fiscal_year)
    context["cost_forms"] = cost_forms(request.hub, fiscal_year, context["amounts"], bound=form)
    return render(request, "reports/eligibility_hub.html", context, status=400)
