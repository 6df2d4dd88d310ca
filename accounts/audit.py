"""Write audit events. Each write joins the caller's transaction: if it fails, the action fails."""

from common.services import Actor

from .models import AuditEvent


def audit_record(
    *,
    action: str,
    actor: Actor | None = None,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    detail: dict | None = None,
    username: str = "",
    subject_id=None,
    municipality_code: str = "",
    purpose: str = "",
) -> AuditEvent:
    """Record one audit event for the actor (or a bare username for failed logins)."""
    from .access import role_labels, scope_codes

    actor = actor if actor is not None else Actor()
    user = actor.user
    actor_id = None
    roles = scope = ""
    if user is not None and user.is_authenticated:
        actor_id = user.pk
        username = user.get_username()
        roles = "; ".join(role_labels(user))[:200]
        scope = "; ".join(scope_codes(user))[:200]
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or str(getattr(obj, "public_id", None) or obj.pk)
    return AuditEvent.objects.create(
        actor_id=actor_id,
        actor_username=username[:150],
        roles=roles,
        scope=scope,
        action=action,
        object_type=object_type,
        object_id=object_id[:100],
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:200],
        detail=detail or {},
        subject_id=subject_id,
        municipality_code=municipality_code,
        purpose=purpose[:200],
        ip_address=actor.ip_address,
    )
