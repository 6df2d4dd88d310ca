"""The municipality's annual report (page, PDF, XLSX) and the prefecture's review of it."""

import dataclasses

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.audit import audit_record
from accounts.decorators import municipality_view
from accounts.models import AuditEvent
from accounts.roles import Perm
from common.japanese import fiscal_year_label, fiscal_year_of
from common.pdf import pdf_response
from common.services import Actor
from common.spreadsheet import xlsx_response

from . import review, selectors
from .annual import diff, sections, usage_labels
from .annual_files import annual_pdf, annual_sheets, display_value, month_rows, protected
from .forms import SubmitForm
from .models import AnnualReport, ReviewStep

Status = AnnualReport.Status


def _fiscal_year(fiscal_year: int) -> int:
    if not 2000 <= fiscal_year <= fiscal_year_of(timezone.localdate()):
        raise Http404
    return fiscal_year


def _rows(section: dict, *, suppress: bool, comments: dict) -> list[dict]:
    return [
        {
            "key": item["key"],
            "label": item["label"],
            "value": display_value(item, suppress=suppress),
            "kind": item.get("kind", ""),
            "comments": comments.get(item["key"], []),
        }
        for item in section["items"]
    ]


@municipality_view(Perm.REPORT_VIEW)
def annual_report(request, fiscal_year: int, fmt: str = "html"):
    fiscal_year = _fiscal_year(fiscal_year)
    if fmt not in {"html", "pdf", "xlsx"}:
        raise Http404
    municipality = request.municipality
    report, submission, snapshot, frozen = selectors.current_snapshot(municipality, fiscal_year)
    suppress = Perm.REPORT_SUBMIT not in request.perms
    if fmt != "html":
        contact = submission.contact if frozen and submission else {}
        return _annual_export(request, fiscal_year, fmt, snapshot, contact, suppress)

    # Comments: on the submission under review, or (when returned) on the one sent back.
    shown = protected(snapshot)
    comments: dict[str, list] = {}
    if submission is not None:
        for c in submission.comments.select_related("author"):
            comments.setdefault(c.item_key, []).append(c)
    status = report.status if report else None
    year_over = review.year_is_over(fiscal_year)
    can_submit = (
        Perm.REPORT_SUBMIT in request.perms and status in (None, Status.RETURNED) and year_over
    )
    can_review = Perm.REPORT_REVIEW in request.perms and status == Status.SUBMITTED
    context = {
        "municipality": municipality,
        "fiscal_year": fiscal_year,
        "report": report,
        "submission": submission,
        "snapshot": snapshot,
        "frozen": frozen,
        "total_rows": _rows(shown["total"], suppress=suppress, comments=comments),
        "hub_sections": [
            (s, _rows(s, suppress=suppress, comments=comments)) for s in shown["hubs"]
        ],
        "months": month_rows(snapshot),
        "month_labels": usage_labels(snapshot)[:4],
        "changes": _changes(submission, snapshot, frozen, suppress=suppress),
        "steps": report.steps.select_related("actor", "submission") if report else [],
        # Why it is back with the municipality: a 差戻し, or an approval undone.
        "returned_step": report.steps.filter(
            action__in=[ReviewStep.Action.RETURN, ReviewStep.Action.UNLOCK]
        ).last()
        if report and status == Status.RETURNED
        else None,
        "can_submit": can_submit,
        "year_not_over": not year_over and Perm.REPORT_SUBMIT in request.perms,
        "can_review": can_review,
        "can_unlock": Perm.REPORT_REVIEW in request.perms and status == Status.APPROVED,
        # The prefecture reads texts that speak to it, not the municipality's instructions.
        "is_reviewer": Perm.REPORT_REVIEW in request.perms
        and Perm.REPORT_SUBMIT not in request.perms,
        "submit_form": SubmitForm(initial=submission.contact if submission else None),
    }
    return render(request, "reports/annual_report.html", context)


def _annual_export(request, fiscal_year: int, fmt: str, snapshot, contact, suppress: bool):
    """The report as PDF or Excel, its download audited."""
    municipality = request.municipality
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=Actor.of(request),
        obj=municipality,
        municipality_code=municipality.code,
        detail={"report": "annual", "fiscal_year": fiscal_year, "format": fmt},
    )
    filename = f"年次実績報告書_{municipality.name}_{fiscal_year}年度.{fmt}"
    if fmt == "xlsx":
        return xlsx_response(annual_sheets(snapshot, suppress=suppress), filename)
    return pdf_response(annual_pdf(snapshot, contact=contact, suppress=suppress), filename)


def _changes(submission, snapshot, frozen: bool, *, suppress: bool):
    """A resubmission against the one before it; a returned report's live data against what was
    sent, so the officer sees what the fixes changed before sending again. A count hidden from
    the prefecture stays hidden in the list of changes too."""
    if frozen:
        previous = selectors.previous_submission(submission)
        before = previous.snapshot if previous is not None else None
    else:
        before = submission.snapshot if submission is not None else None
    if before is None:
        return None
    changes = diff(before, snapshot)
    if not suppress:
        return changes
    hidden_before, hidden_after = _hidden_keys(before), _hidden_keys(snapshot)
    return [
        dataclasses.replace(
            c,
            before="–" if c.key in hidden_before else c.before,
            after="–" if c.key in hidden_after else c.after,
        )
        for c in changes
    ]


def _hidden_keys(snapshot: dict) -> set[str]:
    marked = protected(snapshot)
    return {i["key"] for s in sections(marked) for i in s["items"] if i.get("hidden")}


def _post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def _back(request, fiscal_year: int):
    return redirect("reports:annual", code=request.municipality.code, fiscal_year=fiscal_year)


def _report(request, fiscal_year: int) -> AnnualReport:
    report = selectors.report_for(request.municipality, fiscal_year)
    if report is None:
        raise Http404
    return report


def _transition(request, fiscal_year: int, action, success: str, confirm: dict | None = None):
    """Run one review transition; a refusal becomes a message and changes nothing. With
    `confirm`, the first POST shows what will happen and asks again; only the confirmed POST
    (`confirmed=yes`) runs it."""
    refused = _post_only(request)
    if refused:
        return refused
    fiscal_year = _fiscal_year(fiscal_year)
    if confirm is not None and request.POST.get("confirmed") != "yes":
        fields = [(k, v) for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken",)]
        context = confirm | {
            "municipality": request.municipality,
            "fiscal_year": fiscal_year,
            "action_url": request.path,
            "fields": fields,
        }
        return render(request, "reports/annual_confirm.html", context)
    try:
        action()
    except review.ReviewError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, success)
    return _back(request, fiscal_year)


def _year(request, fiscal_year: int) -> str:
    return f"{request.municipality.name}の{fiscal_year_label(fiscal_year)}の年次報告"


def _needs_reason(request, fiscal_year: int):
    if request.method == "POST" and not request.POST.get("reason", "").strip():
        messages.error(request, "理由を入力してください。")
        return _back(request, fiscal_year)
    return None


@municipality_view(Perm.REPORT_SUBMIT)
def annual_submit(request, fiscal_year: int):
    form = SubmitForm(request.POST)
    if request.method == "POST" and not form.is_valid():
        messages.error(request, "担当の欄を確認してください。")
        return _back(request, fiscal_year)
    prefecture = request.municipality.prefecture.name
    return _transition(
        request,
        fiscal_year,
        lambda: review.submit(
            municipality=request.municipality,
            fiscal_year=fiscal_year,
            contact=form.cleaned_data,
            actor=Actor.of(request),
        ),
        "年次報告を都道府県に提出しました。",
        confirm={
            "title": f"{prefecture}に提出しますか",
            "points": [
                f"{_year(request, fiscal_year)}を、今の数字で{prefecture}に提出します。",
                f"{prefecture}の担当者が審査します。差し戻されたときは、修正して再提出できます。",
                f"{prefecture}が承認すると、この年度の利用実績・行事・出張ひろば・一時預かりは"
                "変更できなくなります。",
            ],
            "button": "提出する（確定）",
        },
    )


@municipality_view(Perm.REPORT_REVIEW)
def annual_comment(request, fiscal_year: int):
    return _transition(
        request,
        fiscal_year,
        lambda: review.add_comment(
            report=_report(request, fiscal_year),
            item_key=request.POST.get("item", ""),
            text=request.POST.get("text", ""),
            actor=Actor.of(request),
        ),
        "コメントを記入しました。",
    )


@municipality_view(Perm.REPORT_REVIEW)
def annual_return(request, fiscal_year: int):
    town = request.municipality.name
    return _needs_reason(request, fiscal_year) or _transition(
        request,
        fiscal_year,
        lambda: review.return_report(
            report=_report(request, fiscal_year),
            reason=request.POST.get("reason", ""),
            actor=Actor.of(request),
        ),
        "年次報告を差し戻しました。",
        confirm={
            "title": "差し戻しますか",
            "points": [
                f"{_year(request, fiscal_year)}を{town}に差し戻します。",
                f"差戻しの理由と項目ごとのコメントが{town}の担当者に示され、修正して再提出できる"
                "ようになります。",
            ],
            "quote": request.POST.get("reason", ""),
            "button": "差し戻す（確定）",
        },
    )


@municipality_view(Perm.REPORT_REVIEW)
def annual_approve(request, fiscal_year: int):
    town = request.municipality.name
    return _transition(
        request,
        fiscal_year,
        lambda: review.approve(report=_report(request, fiscal_year), actor=Actor.of(request)),
        "年次報告を承認しました。この年度のデータは変更できなくなりました。",
        confirm={
            "title": "承認しますか",
            "points": [
                f"{_year(request, fiscal_year)}を承認します。",
                f"承認すると、{town}のこの年度の利用実績・行事・出張ひろば・一時預かりはロックされ、"
                "拠点も市町村も変更できなくなります。",
                f"{town}の担当者の画面に承認済みと示されます。",
                "誤りが見つかったときは、理由を付けて承認を取り消すとロックが外れます。",
            ],
            "button": "承認する（確定）",
        },
    )


@municipality_view(Perm.REPORT_REVIEW)
def annual_unlock(request, fiscal_year: int):
    town = request.municipality.name
    return _needs_reason(request, fiscal_year) or _transition(
        request,
        fiscal_year,
        lambda: review.unlock(
            report=_report(request, fiscal_year),
            reason=request.POST.get("reason", ""),
            actor=Actor.of(request),
        ),
        "承認を取り消しました。市町村が修正して再提出できます。",
        confirm={
            "title": "承認を取り消しますか",
            "points": [
                f"{_year(request, fiscal_year)}の承認を取り消します。",
                f"ロックが外れ、{town}がこの年度のデータを修正して再提出できるようになります。",
                "取り消した理由は記録に残ります。",
            ],
            "quote": request.POST.get("reason", ""),
            "button": "承認を取り消す（確定）",
        },
    )
