"""Background tasks (Django's tasks framework; stored by django-tasks-db, run by `db_worker`)."""

from django.tasks import task

from .batches import run_batch


@task()
def render_prefecture_reports(batch_id: int) -> str:
    """Render every annual report PDF of a prefecture into one ZIP (reports/batches.py)."""
    return run_batch(batch_id)
