"""Writes of master data from the app's forms: each audited with what changed (before → after);
the year lock refuses assignments and training in a closed 年度 (common.locks guards the save)."""

from django.db import transaction
from django.db.models import Model

from accounts.audit import audit_record
from accounts.models import AuditEvent
from common.locks import YearLocked
from common.services import Actor, ServiceError

from .models import HubService
from .services import delete_audited


def values_of(obj: Model, fields) -> dict[str, str]:
    """The fields' values as text, to compare before and after (a relation by its name)."""
    out = {}
    for name in fields:
        value = getattr(obj, name)
        out[name] = "" if value is None else str(value)
    return out


@transaction.atomic
def record_save(obj: Model, *, before: dict[str, str] | None, actor: Actor) -> Model:
    """Save a row the form validated: a new one (before is None) or a correction of it."""
    is_new = before is None
    try:
        obj.save()
    except YearLocked as locked:
        raise ServiceError(str(locked)) from locked
    if is_new:
        audit_record(
            action=AuditEvent.Action.CREATE,
            actor=actor,
            obj=obj,
            detail={"created": str(obj)},
        )
        return obj
    after = values_of(obj, before)
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changes:
        audit_record(
            action=AuditEvent.Action.UPDATE, actor=actor, obj=obj, detail={"changes": changes}
        )
    return obj


ERR_SERVICE_HAS_STAFF = (
    "この事業には職員の配置が登録されているので削除できません。"
    "やめた日を「終了日」に入れてください。"
)


@transaction.atomic
def record_delete(obj: Model, *, actor: Actor) -> None:
    """Delete a row entered by mistake (audited); a service with staff on it is ended, not
    deleted, since deleting it would take their assignments with it."""
    if isinstance(obj, HubService) and obj.assignments.exists():
        raise ServiceError(ERR_SERVICE_HAS_STAFF)
    delete_audited(obj, actor=actor)


@transaction.atomic
def staff_create(*, staff, assignment, actor: Actor):
    """A new staff member and their first assignment, together or not at all."""
    record_save(staff, before=None, actor=actor)
    assignment.staff = staff
    assignment.full_clean()
    record_save(assignment, before=None, actor=actor)
    return staff
