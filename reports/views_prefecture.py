"""The prefecture's dashboard and its background PDF batches."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import municipalities_for_user
from accounts.audit import audit_record
from accounts.decorators import prefecture_view
from accounts.models import AuditEvent
from accounts.roles import Perm
from common.japanese import fiscal_year_of, wareki_fiscal_year
from common.services import Actor

from . import batches, selectors
from .dashboard import build_dashboard
from .models import RenderBatch


def _fiscal_year(fiscal_year: int) -> int:
    if not 2000 <= fiscal_year <= fiscal_year_of(timezone.localdate()):
        raise Http404
    return fiscal_year


@prefecture_view(Perm.REPORT_REVIEW)
def dashboard(request, fiscal_year: int):
    fiscal_year = _fiscal_year(fiscal_year)
    prefecture = request.prefecture
    municipalities = municipalities_for_user(request.user).filter(prefecture=prefecture)
    board = build_dashboard(prefecture, municipalities, fiscal_year)
    context = {
        "prefecture": prefecture,
        "fiscal_year": fiscal_year,
        "fiscal_year_label": wareki_fiscal_year(fiscal_year),
        "board": board,
        "small_count": settings.KYOTEN_SMALL_COUNT,
        "batches": selectors.recent_batches(prefecture, fiscal_year),
        "previous_year": fiscal_year - 1,
        "next_year": fiscal_year + 1
        if fiscal_year < fiscal_year_of(timezone.localdate())
        else None,
    }
    return render(request, "reports/prefecture_dashboard.html", context)


@prefecture_view(Perm.REPORT_REVIEW)
def batch_start(request, fiscal_year: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    fiscal_year = _fiscal_year(fiscal_year)
    batch = batches.start_batch(
        prefecture=request.prefecture, fiscal_year=fiscal_year, actor=Actor.of(request)
    )
    return redirect("reports:batch", code=request.prefecture.code, batch_id=batch.public_id)


def _batch(request, batch_id) -> RenderBatch:
    batch = selectors.batch_for(request.prefecture, batch_id)
    if batch is None:
        raise Http404
    return batch


@prefecture_view(Perm.REPORT_REVIEW)
def batch_detail(request, batch_id):
    """Progress of a batch; htmx asks again every two seconds until it ends."""
    batch = _batch(request, batch_id)
    context = {"prefecture": request.prefecture, "batch": batch}
    if request.htmx:
        return render(request, "reports/_batch_progress.html", context)
    return render(request, "reports/batch.html", context)


@prefecture_view(Perm.REPORT_REVIEW)
def batch_retry(request, batch_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    batch = _batch(request, batch_id)
    if batches.retry_batch(batch=batch, actor=Actor.of(request)):
        messages.success(request, "もう一度作成します。")
    else:
        messages.error(request, "失敗した（または止まった）一括作成だけをやり直せます。")
    return redirect("reports:batch", code=request.prefecture.code, batch_id=batch.public_id)


@prefecture_view(Perm.REPORT_REVIEW)
def batch_download(request, batch_id):
    """The finished ZIP: only once every PDF is in it (never a half-written file)."""
    batch = _batch(request, batch_id)
    path = selectors.batch_path(batch)
    if batch.status != RenderBatch.Status.DONE or not path.is_file():
        raise Http404
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=Actor.of(request),
        obj=batch,
        detail={"report": "annual-batch", "fiscal_year": batch.fiscal_year},
    )
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=selectors.batch_filename(batch)
    )
