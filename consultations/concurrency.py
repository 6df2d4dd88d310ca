"""Optimistic locking: an edit saves only if nobody saved the record since the editor opened it.

Each record carries `version`. The form sends back the version it was opened at; the UPDATE
matches on it, so of two simultaneous editors exactly one wins and the other gets the record as
it now stands, to compare with what they typed (never a silent overwrite).
"""

from django.db.models import F, Model

from common.scoping import the_row
from common.services import ServiceError

ERR_CONFLICT = "ほかの職員が先に保存しました。今の内容を確かめてから、もう一度保存してください。"


class EditConflict(ServiceError):
    """Somebody saved since the editor opened the record; `current` is the row as it stands."""

    def __init__(self, current: Model):
        super().__init__(ERR_CONFLICT)
        self.current = current


def save_if_unchanged[M: Model](obj: M, expected_version: int, changes: dict) -> M:
    """Apply `changes` to obj's row if its version is still `expected_version`; else raise."""
    row = the_row(obj)
    updated = row.filter(version=expected_version).update(**changes, version=F("version") + 1)
    if not updated:
        raise EditConflict(row.get())
    return row.get()
