"""Rendering every annual report PDF of a prefecture in the background (reports/tasks.py).

A batch writes one ZIP next to its final name (`.part`) and renames it only when every PDF is in
it, so a failed or interrupted run never leaves a file to download. A failed batch can be run
again; each run starts the file from scratch. Progress (`done` of `total`) is saved after each
municipality, in its own transaction, so the page shows it while the worker runs.
"""

import errno
import logging
import os
import zipfile

from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from accounts.models import AuditEvent
from common.scoping import the_row
from common.services import Actor

from .models import RenderBatch
from .selectors import batch_path, municipalities_with_hubs

logger = logging.getLogger("kyoten.batches")
Status = RenderBatch.Status


def _enqueue(batch: RenderBatch) -> None:
    from .tasks import render_prefecture_reports

    transaction.on_commit(lambda: render_prefecture_reports.enqueue(batch.pk))


@transaction.atomic
def start_batch(*, prefecture, fiscal_year: int, actor: Actor) -> RenderBatch:
    batch = RenderBatch.objects.create(
        prefecture=prefecture,
        fiscal_year=fiscal_year,
        requested_by=actor.user,
        total=municipalities_with_hubs(prefecture, fiscal_year).count(),
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        obj=batch,
        detail={"fiscal_year": fiscal_year, "report": "annual-batch"},
    )
    _enqueue(batch)
    return batch


@transaction.atomic
def retry_batch(*, batch: RenderBatch, actor: Actor) -> bool:
    """Queue a failed (or stale) batch again; False when it is neither."""
    batch = the_row(batch).select_for_update().get()
    if not batch.retryable:
        return False
    batch.status, batch.done, batch.error = Status.QUEUED, 0, ""
    batch.save(update_fields=["status", "done", "error", "updated_at"])
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        obj=batch,
        detail={"retry": True},
    )
    _enqueue(batch)
    return True


class WorkerLost(Exception):
    """The worker running a task stopped without finishing it (killed, machine restarted)."""


def recover_batches(*, everything: bool = False) -> list[RenderBatch]:
    """Queue again the batches a worker was running when it died (SIGKILL, a machine restart):
    their task stays RUNNING in the queue for ever and no worker picks it up again.

    `everything`: every queued or running batch — only when no worker runs (`make run` calls it
    before each start of its one worker). Otherwise only batches not updated for STALE_AFTER.
    The half-written `.part` file goes; the run starts from scratch; the lost task is marked failed.
    """
    from django.tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from .tasks import render_prefecture_reports

    active = RenderBatch.objects.filter(status__in=[Status.QUEUED, Status.RUNNING])
    if not everything:
        active = active.filter(updated_at__lt=timezone.now() - RenderBatch.STALE_AFTER)
    recovered = []
    for batch in active:
        with transaction.atomic():
            lost = DBTaskResult.objects.select_for_update().filter(
                task_path=render_prefecture_reports.module_path,
                status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
                args_kwargs__args=[batch.pk],
            )
            for result in lost:
                result.set_failed(WorkerLost("処理中のワーカーが停止したため、作り直します。"))
            final = batch_path(batch)
            final.with_name(final.name + ".part").unlink(missing_ok=True)
            batch.status, batch.done, batch.error = Status.QUEUED, 0, ""
            batch.save(update_fields=["status", "done", "error", "updated_at"])
            _enqueue(batch)
        logger.warning("render batch %s queued again after its worker stopped", batch.public_id)
        recovered.append(batch)
    return recovered


def _reason(error: BaseException) -> str:
    """What the batch page says went wrong, in Japanese where it is the machine's fault."""
    if not isinstance(error, Exception):
        return "作成の途中で停止されました"
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return (
            "保存先の空き容量が足りないため作成できませんでした。作成途中のファイルは消しました。"
            "空きを作ってから（システムの管理者に依頼して）、もう一度作成してください。"
        )
    if isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EROFS):
        return "保存先に書き込めないため作成できませんでした。システムの管理者に連絡してください。"
    return str(error)


def run_batch(batch_id: int) -> str:
    """Render every PDF into the batch's ZIP. Called by the worker; raises when a render fails."""
    from .annual_files import annual_pdf
    from .selectors import current_snapshot

    batch = RenderBatch.objects.select_related("prefecture").get(pk=batch_id)
    if batch.status == Status.DONE:
        return str(batch_path(batch))
    municipalities = list(municipalities_with_hubs(batch.prefecture, batch.fiscal_year))
    batch.status, batch.total, batch.done = Status.RUNNING, len(municipalities), 0
    batch.attempts += 1
    batch.save(update_fields=["status", "total", "done", "attempts", "updated_at"])
    final = batch_path(batch)
    part = final.with_name(final.name + ".part")
    final.parent.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for municipality in municipalities:
                _, submission, snapshot, frozen = current_snapshot(municipality, batch.fiscal_year)
                contact = submission.contact if frozen and submission else {}
                pdf = annual_pdf(snapshot, contact=contact, suppress=True)
                archive.writestr(f"{municipality.code}_{municipality.name}.pdf", pdf)
                batch.done += 1
                batch.save(update_fields=["done", "updated_at"])
        os.replace(part, final)
    except BaseException as e:
        # Also when the worker is stopped mid-run (SystemExit, KeyboardInterrupt): no partial
        # file stays behind, and the batch can be run again.
        part.unlink(missing_ok=True)
        reason = _reason(e)
        said = reason if reason != str(e) else f"{type(e).__name__}: {reason}"
        batch.status, batch.error = Status.FAILED, said[:1000]
        batch.save(update_fields=["status", "error", "updated_at"])
        logger.exception("render batch %s failed", batch.public_id)
        raise
    batch.status, batch.finished_at = Status.DONE, timezone.now()
    batch.save(update_fields=["status", "finished_at", "updated_at"])
    return str(final)
