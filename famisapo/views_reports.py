"""The centre's and the municipality's ファミサポ report (月報・年報): page, PDF, XLSX."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from accounts.access import within
from accounts.decorators import municipality_view
from accounts.roles import Perm
from common.pdf import pdf_response
from common.spreadsheet import xlsx_response

from .models import Centre
from .report_files import parse_period, report_context, report_pdf, report_rows
from .scoping import centre_view
from .supply import supply
from .supply_files import supply_context, supply_sheets


def _respond(request, centres, title: str, period: str, back):
    if not centres:
        raise Http404
    try:
        context = report_context(centres, title, period)
    except ValueError:
        raise Http404 from None
    name = f"ファミサポ{context['kind_label']}_{period}"
    fmt = request.GET.get("format", "")
    if fmt == "pdf":
        return pdf_response(report_pdf(context), f"{name}.pdf")
    if fmt == "xlsx":
        return xlsx_response({context["kind_label"]: report_rows(context)}, f"{name}.xlsx")
    if fmt:
        raise Http404
    return render(request, "famisapo/report.html", context | {"back": back, "period": period})


@centre_view(Perm.CENTRE_VIEW)
def centre_report(request, period):
    centre = request.centre
    return _respond(request, [centre], centre.name, period, centre)


@municipality_view(Perm.CENTRE_VIEW)
def municipality_report(request, period):
    municipality = request.municipality
    centres = list(within(municipality, Centre))
    return _respond(
        request, centres, f"{municipality.name} ファミリー・サポート・センター", period, None
    )


@centre_view(Perm.CENTRE_VIEW)
def supply_page(request, period):
    """Where helpers are missing in a 年度: by area and time slot, against the requests (counts
    only, no names: the officer sees it too)."""
    centre = request.centre
    try:
        kind, first, last, label = parse_period(period)
    except ValueError:
        raise Http404 from None
    if kind != "yearly":
        raise Http404
    last = min(last, timezone.localdate())
    if last < first:
        raise Http404
    data = supply(centre, first, last)
    context = supply_context(data) | {"centre": centre, "label": label, "period": period}
    if request.GET.get("format") == "xlsx":
        return xlsx_response(supply_sheets(data), f"ファミサポ_提供会員の不足_{period}.xlsx")
    if request.GET.get("format"):
        raise Http404
    return render(request, "famisapo/supply.html", context)
