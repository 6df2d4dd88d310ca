"""Retention and disposal (security checklist E1–E2; ガイドライン 6(1) 保存年限・廃棄方法).

Each municipality sets, per record type, how long records are kept (`RetentionRule`); nothing
here knows a period. A disposal run lists what is due under those rules, skipping families on
legal hold; an officer who may manage retention approves it; then the rows are deleted for real
and the disposal register (`DisposalEntry`) records kind, count, rule, approver and time — never
who the records were about.
"""

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.access import within
from accounts.audit import audit_record
from accounts.models import AuditEvent
from common.services import Actor
from families import registry

from .models import (
    Basis,
    Complaint,
    Consultation,
    DisposalEntry,
    Household,
    RecordType,
    RegisterEntry,
    RetentionRule,
)

DEFAULTS_FILE = Path(__file__).parent / "data" / "retention_defaults.json"


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


@dataclass
class DueBatch:
    record_type: RecordType
    rule: RetentionRule
    cutoff: dt.date
    queryset: QuerySet

    @property
    def label(self) -> str:
        return self.record_type.label

    @property
    def count(self) -> int:
        return self.queryset.count()


def _register_due(municipality, cutoff: dt.date) -> QuerySet:
    return (
        within(municipality, RegisterEntry)
        .filter(household__legal_hold=False)
        .annotate(_child_date=Coalesce("child_birth_date", "due_date"))
        .filter(_child_date__lte=cutoff)
    )


def due_batches(municipality, today: dt.date | None = None) -> list[DueBatch]:
    """What the municipality's rules make due for disposal today (nothing without a rule)."""
    today = today or timezone.localdate()
    rules = {r.record_type: r for r in municipality.retention_rules.all()}
    batches = []
    register_rule = rules.get(RecordType.REGISTER)
    register_cutoff = (
        years_before(today, register_rule.years)
        if register_rule and register_rule.basis != Basis.PERMANENT
        else None
    )
    for record_type in RecordType:
        rule = rules.get(record_type)
        if rule is None or rule.basis == Basis.PERMANENT:
            continue
        cutoff = years_before(today, rule.years)
        start_of_cutoff = timezone.make_aware(dt.datetime.combine(cutoff, dt.time.min))
        qs: QuerySet
        if record_type == RecordType.HOUSEHOLD:
            kept_for_register = within(municipality, RegisterEntry)
            if register_cutoff is not None:
                kept_for_register = kept_for_register.exclude(
                    pk__in=_register_due(municipality, register_cutoff).values("pk")
                )
            qs = (
                within(municipality, Household)
                .filter(legal_hold=False, last_activity_on__lt=cutoff)
                .exclude(pk__in=kept_for_register.values("household_id"))
            )
        elif record_type == RecordType.REGISTER:
            qs = _register_due(municipality, cutoff)
        elif record_type == RecordType.ANONYMOUS:
            qs = within(municipality, Consultation).filter(
                household__isnull=True,
                held_at__lt=start_of_cutoff,
            )
        elif record_type == RecordType.COMPLAINT:
            qs = within(municipality, Complaint).filter(closed_on__lt=cutoff)
        else:
            qs = AuditEvent.objects.filter(
                municipality_code=municipality.code, at__lt=start_of_cutoff
            )
        batches.append(DueBatch(record_type, rule, cutoff, qs))
    return batches


def _allow_audit_deletion(on: bool) -> None:
    # Checked by the audit table's trigger (accounts migration 0005); SET LOCAL ends with the
    # transaction, and we switch it off again at once.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('kyoten.audit_disposal', %s, true)", ["on" if on else "off"]
        )


@transaction.atomic
def dispose(*, municipality, via: str, actor: Actor, today=None) -> list[DisposalEntry]:
    """Delete everything due, write the disposal register, audit the run. All or nothing."""
    approver = actor.user
    approved_at = timezone.now()
    entries = []
    for batch in due_batches(municipality, today):
        count = batch.count
        if count == 0:
            continue
        if batch.record_type == RecordType.AUDIT:
            _allow_audit_deletion(True)
            batch.queryset.delete()
            _allow_audit_deletion(False)
        elif batch.record_type == RecordType.REGISTER:
            within(municipality, RegisterEntry).filter(
                pk__in=list(batch.queryset.values_list("pk", flat=True))
            ).delete()
        else:
            batch.queryset.delete()
        entries.append(
            DisposalEntry.objects.create(
                municipality_code=municipality.code,
                record_type=batch.record_type,
                count=count,
                rule=f"{batch.rule.describe()}（{batch.rule.authority}）"[:200],
                cutoff=batch.cutoff,
                approved_by=f"{approver.get_username()}（{approver}）"[:150],
                approved_at=approved_at,
                executed_via=via,
            )
        )
    # A household disposed of here leaves its register row only if another service still has it.
    released = registry.drop_unused(municipality)
    audit_record(
        action=AuditEvent.Action.DISPOSE,
        actor=actor,
        object_type="consultations.DisposalEntry",
        object_repr=f"{municipality.name} の廃棄",
        detail={e.record_type: e.count for e in entries} | {"family_register": released},
        municipality_code=municipality.code,
    )
    return entries


def adopt_default_rules(municipality) -> int:
    """Create the example rules from the data file for record types that have none yet."""
    data = json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
    created = 0
    for row in data["rules"]:
        _, made = within(municipality, RetentionRule).get_or_create(
            municipality=municipality,
            record_type=row["record_type"],
            defaults={"basis": row["basis"], "years": row["years"], "authority": row["authority"]},
        )
        created += made
    return created
