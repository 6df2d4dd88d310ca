"""The prefecture's review of annual reports (DHIS2's data approval, with comments and diffs).

    (なし) ──提出──▶ 提出済み ──承認──▶ 承認済み (data locked)
                      │  ▲                 │
                   差戻し  └──再提出── 差戻し ◀─┘ 承認の取消し（理由つき）

Municipal officers (report.submit) submit; prefecture officers (report.review) comment on items,
return with reasons, approve, or undo an approval. Each transition writes a ReviewStep and an
audit event in the same transaction; a transition from the wrong state is refused.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.access import within
from accounts.audit import audit_record
from accounts.models import AuditEvent
from common.japanese import fiscal_year_label, fiscal_year_of, wareki_date
from common.scoping import the_row
from common.services import Actor, ServiceError

from .annual import build_snapshot, flat_items
from .models import AnnualReport, ReviewComment, ReviewStep, Submission
from .selectors import latest_submission

Status = AnnualReport.Status

ERR_ALREADY_SUBMITTED = "この年次報告は提出済みで、都道府県が審査中です。"
ERR_APPROVED = "この年次報告は承認済みです。修正には都道府県による承認の取消しが必要です。"
ERR_NOT_UNDER_REVIEW = "審査中（提出済み）の年次報告ではありません。"
ERR_NOT_APPROVED = "承認済みの年次報告ではありません。"
ERR_REASON_REQUIRED = "理由を入力してください。"
ERR_COMMENT_REQUIRED = "コメントを入力してください。"
ERR_UNKNOWN_ITEM = "コメントする項目が提出内容にありません。"
ERR_FUTURE_YEAR = "年度が始まる前の年次報告は提出できません。"
ERR_YEAR_NOT_OVER = (
    "{year}はまだ終わっていません。年次報告は年度が終わってから（{day}から）提出できます。"
)


def year_is_over(fiscal_year: int, today=None) -> bool:
    """A 年度's report goes in once its 3月31日 has passed."""
    return fiscal_year < fiscal_year_of(today or timezone.localdate())


class ReviewError(ServiceError):
    """A transition refused: the message (one of the ERR_ constants above) is for the user."""


def _step(report, action, *, actor: Actor, submission=None, reason=""):
    ReviewStep.objects.create(
        report=report, submission=submission, action=action, reason=reason, actor=actor.user
    )
    audit_record(
        action=AuditEvent.Action.REVIEW,
        actor=actor,
        obj=report,
        municipality_code=report.municipality.code,
        detail={
            "step": action,
            "fiscal_year": report.fiscal_year,
            "submission": submission.number if submission else None,
            "reason": reason,
            "status": report.status,
        },
    )


def _locked(report: AnnualReport) -> AnnualReport:
    """Re-read the report under a row lock, so two officers cannot cross transitions."""
    return the_row(report).select_for_update().select_related("municipality").get()


@transaction.atomic
def submit(
    *, municipality, fiscal_year: int, actor: Actor, contact: dict | None = None
) -> Submission:
    """Freeze the report as it stands now and send it to the prefecture."""
    if fiscal_year > fiscal_year_of(timezone.localdate()):
        raise ReviewError(ERR_FUTURE_YEAR)
    if not year_is_over(fiscal_year):
        raise ReviewError(
            ERR_YEAR_NOT_OVER.format(
                year=fiscal_year_label(fiscal_year),
                day=wareki_date(dt.date(fiscal_year + 1, 4, 1)),
            )
        )
    report, _ = (
        within(municipality, AnnualReport)
        .select_for_update()
        .get_or_create(
            municipality=municipality,
            fiscal_year=fiscal_year,
            defaults={"status": Status.SUBMITTED},
        )
    )
    previous = latest_submission(report)
    if previous is not None:
        if report.status == Status.SUBMITTED:
            raise ReviewError(ERR_ALREADY_SUBMITTED)
        if report.status == Status.APPROVED:
            raise ReviewError(ERR_APPROVED)
    submission = Submission.objects.create(
        report=report,
        number=previous.number + 1 if previous else 1,
        snapshot=build_snapshot(municipality, fiscal_year),
        contact=contact or {},
        submitted_by=actor.user,
    )
    report.status = Status.SUBMITTED
    report.save(update_fields=["status", "updated_at"])
    _step(report, ReviewStep.Action.SUBMIT, actor=actor, submission=submission)
    return submission


@transaction.atomic
def add_comment(*, report: AnnualReport, item_key: str, text: str, actor: Actor):
    """A prefecture comment on one item of the submission under review."""
    report = _locked(report)
    if report.status != Status.SUBMITTED:
        raise ReviewError(ERR_NOT_UNDER_REVIEW)
    text = text.strip()
    if not text:
        raise ReviewError(ERR_COMMENT_REQUIRED)
    submission = latest_submission(report)
    item = flat_items(submission.snapshot).get(item_key) if submission else None
    if submission is None or item is None:
        raise ReviewError(ERR_UNKNOWN_ITEM)
    comment = ReviewComment.objects.create(
        submission=submission,
        item_key=item_key,
        item_label=f"{item['section']}：{item['label']}"[:200],
        text=text,
        author=actor.user,
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        obj=comment,
        municipality_code=report.municipality.code,
        detail={"fiscal_year": report.fiscal_year, "item": item_key},
    )
    return comment


def _move(report, *, expected, to, action, actor: Actor, reason: str | None = None):
    """One transition under a row lock: check the state (and the reason), move, record."""
    report = _locked(report)
    if report.status != expected:
        raise ReviewError(ERR_NOT_APPROVED if expected == Status.APPROVED else ERR_NOT_UNDER_REVIEW)
    if reason is not None and not reason.strip():
        raise ReviewError(ERR_REASON_REQUIRED)
    report.status = to
    report.save(update_fields=["status", "updated_at"])
    _step(
        report,
        action,
        actor=actor,
        submission=latest_submission(report),
        reason=(reason or "").strip(),
    )
    return report


@transaction.atomic
def return_report(*, report: AnnualReport, reason: str, actor: Actor) -> AnnualReport:
    """差戻し: back to the municipality, with the reasons."""
    return _move(
        report,
        expected=Status.SUBMITTED,
        to=Status.RETURNED,
        action=ReviewStep.Action.RETURN,
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def approve(*, report: AnnualReport, actor: Actor) -> AnnualReport:
    """承認: the report is accepted and the data behind it is locked (common/locks.py)."""
    return _move(
        report,
        expected=Status.SUBMITTED,
        to=Status.APPROVED,
        action=ReviewStep.Action.APPROVE,
        actor=actor,
    )


@transaction.atomic
def unlock(*, report: AnnualReport, reason: str, actor: Actor) -> AnnualReport:
    """承認の取消し: the data opens again and the municipality must submit once more."""
    return _move(
        report,
        expected=Status.APPROVED,
        to=Status.RETURNED,
        action=ReviewStep.Action.UNLOCK,
        actor=actor,
        reason=reason,
    )
