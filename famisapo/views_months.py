"""The centre's month: its activities, the close, and the statements (PDF and XLSX)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import AuditEvent
from accounts.roles import Perm
from accounts.two_factor import two_factor_required
from common.pdf import pdf_response, render_pdf
from common.services import Actor, ServiceError
from common.spreadsheet import xlsx_response

from . import services_activities as services
from .scoping import audit_member, centre_view
from .views_activities import month_context, parse_month

BY = {"requester": "依頼会員ごと（支払う額）", "helper": "提供会員ごと（受け取る額）"}


def month_url(centre, month) -> str:
    return reverse("famisapo:month", args=[centre.public_id, month.strftime("%Y-%m")])


@centre_view(Perm.MEMBER_VIEW)
@two_factor_required
def month(request, month):
    context = month_context(request.centre, parse_month(month))
    for activity in context["activities"]:
        audit_member(Actor.of(request), activity.requester, obj=activity, detail={"via": "month"})
    context["granted"] = request.perms
    context["today"] = timezone.localdate()
    return render(request, "famisapo/month.html", context)


@centre_view(Perm.MEMBER_EDIT)
@two_factor_required
@require_POST
def month_close(request, month):
    first = parse_month(month)
    try:
        services.close_month(centre=request.centre, month=first, actor=Actor.of(request))
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{first:%Y年%m月}を締めました。")
    return redirect(month_url(request.centre, first))


def _statement(request, month):
    by = request.GET.get("by", "requester")
    if by not in BY:
        raise Http404
    context = month_context(request.centre, parse_month(month))
    lines = context["by_requester" if by == "requester" else "by_helper"]
    for line in lines:
        audit_member(
            Actor.of(request),
            line.member,
            action=AuditEvent.Action.EXPORT,
            detail={"statement": by},
        )
    return by, context, lines


@centre_view(Perm.MEMBER_VIEW)
@two_factor_required
def statement_pdf(request, month):
    by, context, lines = _statement(request, month)
    pdf = render_pdf(
        "famisapo/statement_pdf.html",
        context | {"by": by, "by_label": BY[by], "lines": lines, "today": timezone.localdate()},
    )
    return pdf_response(pdf, f"利用明細_{context['month']:%Y-%m}_{by}.pdf")


@centre_view(Perm.MEMBER_VIEW)
@two_factor_required
def statement_xlsx(request, month):
    by, context, lines = _statement(request, month)
    header = [
        "会員番号",
        "氏名",
        "相手の会員番号",
        "相手の氏名",
        "日付",
        "開始",
        "終了",
        "援助の種類",
        "依頼会員の支払（円）",
        "市町村の負担（円）",
        "提供会員が受け取る（円）",
        "確認日",
    ]
    rows = [header]
    for line in lines:
        for a in line.activities:
            rows.append(
                [
                    line.member.number,
                    line.member.name,
                    line.other.number,
                    line.other.name,
                    a.date,
                    a.start.strftime("%H:%M"),
                    a.end.strftime("%H:%M"),
                    a.kind,
                    a.requester_pays,
                    a.city_pays,
                    a.helper_receives,
                    a.confirmed_on,
                ]
            )
    return xlsx_response(
        {f"{context['month']:%Y-%m}": rows}, f"利用明細_{context['month']:%Y-%m}_{by}.xlsx"
    )
