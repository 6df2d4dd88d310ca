"""Every read of a family's records writes an audit row in the request's transaction.

If the row cannot be written the exception propagates and the response is never sent
(ATOMIC_REQUESTS rolls back; the read fails closed — security checklist B1).
"""

from accounts.audit import audit_record
from accounts.models import AuditEvent


def audit_family(request, household, *, action=AuditEvent.Action.VIEW, obj=None, detail=None):
    purpose = getattr(request, "purpose", None) or {}
    extra = dict(detail or {})
    if purpose.get("override"):
        extra["consent_override"] = True
    obj = obj if obj is not None else household
    # No names in the audit log: it outlives the records (their own retention), so it names
    # the record by type and id only. The breach report resolves ids while records exist.
    return audit_record(
        action=action,
        request=request,
        object_type=obj._meta.label,
        object_id=str(getattr(obj, "public_id", None) or obj.pk),
        object_repr=f"{obj._meta.verbose_name} {household.short_id}",
        detail=extra,
        subject_id=household.public_id,
        municipality_code=household.hub.municipality.code,
        purpose=purpose.get("purpose", ""),
    )
