"""Reads of the reports app: annual reports under review and the prefecture's PDF batches.

Writes live in review.py (the review's transitions), batches.py (starting and running a batch)
and services.py (costs); pages and the worker read through here.
"""

from pathlib import Path

from django.conf import settings
from django.db.models import Count, Q

from accounts.access import within
from common.japanese import fiscal_year_bounds
from orgs.models import Municipality

from .annual import build_snapshot
from .models import AnnualReport, RenderBatch, Submission

Status = AnnualReport.Status


def latest_submission(report: AnnualReport | None) -> Submission | None:
    if report is None:
        return None
    return report.submissions.order_by("-number").first()


def report_for(municipality, fiscal_year: int) -> AnnualReport | None:
    return within(municipality, AnnualReport).filter(fiscal_year=fiscal_year).first()


def report_statuses(prefecture, fiscal_year: int) -> dict[str, int]:
    """How many of the prefecture's reports for the 年度 stand in each state (one query)."""
    counts = dict.fromkeys(AnnualReport.Status.values, 0)
    rows = (
        within(prefecture, AnnualReport)
        .filter(fiscal_year=fiscal_year)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    counts.update(dict(rows))
    return counts


def previous_submission(submission: Submission | None) -> Submission | None:
    """The submission before this one (what a resubmission is compared with)."""
    if submission is None:
        return None
    return (
        submission.report.submissions.filter(number__lt=submission.number)
        .order_by("-number")
        .first()
    )


def current_snapshot(municipality, fiscal_year: int):
    """What the report says now: the frozen submission while under review or approved, else
    the live data. Returns (report, latest submission, snapshot, frozen)."""
    report = report_for(municipality, fiscal_year)
    submission = latest_submission(report)
    frozen = report is not None and report.status in (Status.SUBMITTED, Status.APPROVED)
    if frozen and submission is not None:
        return report, submission, submission.snapshot, True
    return report, submission, build_snapshot(municipality, fiscal_year), False


def batch_for(prefecture, public_id) -> RenderBatch | None:
    return within(prefecture, RenderBatch).filter(public_id=public_id).first()


def recent_batches(prefecture, fiscal_year: int, n: int = 5):
    return within(prefecture, RenderBatch).filter(fiscal_year=fiscal_year)[:n]


def batch_path(batch: RenderBatch) -> Path:
    return Path(settings.KYOTEN_RENDER_DIR) / f"{batch.public_id}.zip"


def batch_filename(batch: RenderBatch) -> str:
    return f"年次実績報告書_{batch.prefecture.name}_{batch.fiscal_year}年度.zip"


def municipalities_with_hubs(prefecture, fiscal_year: int):
    start, end = fiscal_year_bounds(fiscal_year)
    return (
        within(prefecture, Municipality)
        .filter(Q(hubs__opened_on__isnull=True) | Q(hubs__opened_on__lte=end))
        .filter(Q(hubs__closed_on__isnull=True) | Q(hubs__closed_on__gte=start))
        .distinct()
        .order_by("code")
    )
