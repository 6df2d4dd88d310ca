"""Writes of the municipality's own consultations registers: 関係機関, 苦情・要望, 保存年限.

Each takes data and an Actor, writes and audits in one transaction, and refuses with a
ServiceError whose message is defined here (the service contract, docs/architecture.md).
"""

from django.db import transaction

from accounts.access import within
from accounts.audit import audit_record
from accounts.models import AuditEvent
from common.services import Actor, ServiceError

from . import disposal
from .concurrency import save_if_unchanged
from .models import Agency, Complaint, RetentionRule

ERR_AGENCY_EXISTS = "同じ名称の関係機関が既にあります。"


@transaction.atomic
def agency_create(*, municipality, data: dict, actor: Actor) -> Agency:
    """Add a 関係機関 of the municipality; its name is unique within the municipality."""
    if within(municipality, Agency).filter(name=data["name"]).exists():
        raise ServiceError(ERR_AGENCY_EXISTS)
    agency = Agency.objects.create(municipality=municipality, **data)
    audit_record(action=AuditEvent.Action.CREATE, actor=actor, obj=agency)
    return agency


@transaction.atomic
def complaint_create(*, municipality, data: dict, actor: Actor) -> Complaint:
    complaint = Complaint.objects.create(municipality=municipality, **data)
    audit_record(action=AuditEvent.Action.CREATE, actor=actor, obj=complaint)
    return complaint


@transaction.atomic
def complaint_update(*, complaint: Complaint, version: int, data: dict, actor: Actor) -> Complaint:
    """Save an edit unless someone saved since it was opened (then EditConflict, nothing written)."""
    fresh = save_if_unchanged(complaint, version, data)
    audit_record(action=AuditEvent.Action.UPDATE, actor=actor, obj=fresh)
    return fresh


@transaction.atomic
def retention_defaults_adopt(*, municipality, actor: Actor) -> int:
    """Adopt the example retention rules for record types that have none; returns how many."""
    created = disposal.adopt_default_rules(municipality)
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        object_type="consultations.RetentionRule",
        object_repr=f"{municipality.name} 保存年限（例を採用）",
        detail={"created": created},
    )
    return created


@transaction.atomic
def retention_rule_set(
    *, municipality, record_type: str, basis: str, years: int, authority: str, actor: Actor
) -> RetentionRule:
    """Set the municipality's retention period for one record type (the 文書管理規程's)."""
    rule, _ = within(municipality, RetentionRule).update_or_create(
        municipality=municipality,
        record_type=record_type,
        defaults={"basis": basis, "years": years, "authority": authority},
    )
    audit_record(action=AuditEvent.Action.UPDATE, actor=actor, obj=rule)
    return rule
