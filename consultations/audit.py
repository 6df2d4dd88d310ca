"""Every read of a family's records writes an audit row in the request's transaction.

The mechanism is `accounts.personal.audit_read`; a family names itself by its short id and its
hub's municipality.
"""

from accounts.models import AuditEvent
from accounts.personal import audit_read
from common.services import Actor


def audit_family(actor: Actor, household, *, action=AuditEvent.Action.VIEW, obj=None, detail=None):
    return audit_read(
        actor,
        household,
        municipality_code=household.hub.municipality.code,
        label=household.short_id,
        action=action,
        obj=obj,
        detail=detail,
    )


def last_change(consultation):
    """Who last changed the record and when, from the audit log (None if never changed)."""
    return (
        AuditEvent.objects.filter(
            object_type="consultations.Consultation",
            object_id=str(consultation.public_id),
            action=AuditEvent.Action.UPDATE,
        )
        .order_by("-id")
        .first()
    )
