from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.access import hubs_for_user
from accounts.audit import audit_record
from accounts.decorators import hub_view, municipality_view, prefecture_view
from accounts.models import AuditEvent
from accounts.roles import Perm
from common.japanese import wareki_date
from common.pdf import render_pdf
from common.spreadsheet import csv_response, xlsx_response

from .usage_summary import build_usage_summary

FORMATS = {"html", "pdf", "csv", "xlsx"}


def _check_year(fiscal_year: int):
    if not 2000 <= fiscal_year <= 2100:
        raise Http404


def _respond(request, summary, fmt: str, stem: str, obj):
    if fmt not in FORMATS:
        raise Http404
    if fmt == "html":
        downloads = [(f.upper(), f"{request.path}{f}/") for f in ("pdf", "xlsx", "csv")]
        return render(
            request,
            "reports/usage_summary.html",
            {"summary": summary, "obj": obj, "downloads": downloads},
        )
    audit_record(
        action=AuditEvent.Action.EXPORT,
        request=request,
        obj=obj,
        detail={"report": "usage-summary", "fiscal_year": summary.fiscal_year, "format": fmt},
    )
    filename = f"利用実績集計_{stem}_{summary.fiscal_year}年度.{fmt}"
    if fmt == "csv":
        return csv_response(summary.table_rows(), filename)
    if fmt == "xlsx":
        return xlsx_response({"利用実績集計": summary.table_rows()}, filename)
    response = HttpResponse(usage_summary_pdf(summary), content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


def usage_summary_pdf(summary) -> bytes:
    """Render the summary as an A4 PDF (also used by `render_report`)."""
    created = wareki_date(timezone.localdate())
    return render_pdf("reports/usage_summary_pdf.html", {"summary": summary, "created": created})


@hub_view(Perm.REPORT_VIEW)
def usage_summary_hub(request, fiscal_year: int, fmt: str = "html"):
    _check_year(fiscal_year)
    hub = request.hub
    summary = build_usage_summary(
        hubs=hubs_for_user(request.user).filter(pk=hub.pk),
        fiscal_year=fiscal_year,
        scope_kind="hub",
        scope_label=f"{hub.municipality.name} {hub.name}",
    )
    return _respond(request, summary, fmt, hub.name, hub)


@municipality_view(Perm.REPORT_VIEW)
def usage_summary_municipality(request, fiscal_year: int, fmt: str = "html"):
    _check_year(fiscal_year)
    m = request.municipality
    summary = build_usage_summary(
        hubs=hubs_for_user(request.user).filter(municipality=m),
        fiscal_year=fiscal_year,
        scope_kind="municipality",
        scope_label=f"{m.prefecture.name} {m.name}",
    )
    return _respond(request, summary, fmt, m.name, m)


@prefecture_view(Perm.REPORT_VIEW)
def usage_summary_prefecture(request, fiscal_year: int, fmt: str = "html"):
    _check_year(fiscal_year)
    p = request.prefecture
    summary = build_usage_summary(
        hubs=hubs_for_user(request.user).filter(municipality__prefecture=p),
        fiscal_year=fiscal_year,
        scope_kind="prefecture",
        scope_label=p.name,
    )
    return _respond(request, summary, fmt, p.name, p)
