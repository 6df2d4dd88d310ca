"""Writes of report data entered by officers. Each validates, writes and audits at once."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from accounts.access import within
from accounts.audit import audit_record
from accounts.models import AuditEvent
from common.locks import YearLocked
from common.services import Actor, ServiceError

from .models import HubYearCost, HubYearRecord


@transaction.atomic
def cost_save(*, hub, fiscal_year: int, data: dict, actor: Actor) -> HubYearCost:
    """Create or change a hub's costs for a programme and 年度 (refused once the year is locked)."""
    cost = within(hub, HubYearCost).filter(
        programme=data["programme"], fiscal_year=fiscal_year
    ).first() or HubYearCost(hub=hub, programme=data["programme"], fiscal_year=fiscal_year)
    before = (
        {f: getattr(cost, f) for f in ("eligible_cost", "total_cost", "other_income")}
        if cost.pk
        else None
    )
    for field in ("eligible_cost", "total_cost", "other_income"):
        setattr(cost, field, data[field])
    try:
        cost.save()
    except YearLocked as locked:
        raise ServiceError(locked.message) from locked
    audit_record(
        action=AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
        actor=actor,
        obj=cost,
        detail={
            "fiscal_year": fiscal_year,
            "programme": cost.programme,
            "before": before,
            "after": {f: data[f] for f in ("eligible_cost", "total_cost", "other_income")},
        },
    )
    return cost


def _record_values(record: HubYearRecord, names) -> dict:
    """A record's values as the audit keeps them (staff by name, dates as ISO text)."""
    values: dict[str, object] = {}
    for name in names:
        if name in ("visit_staff", "care_staff"):
            values[name] = sorted(s.name for s in getattr(record, name).all()) if record.pk else []
        else:
            value = getattr(record, name)
            values[name] = str(value) if isinstance(value, dt.date | Decimal) else value
    return values


@transaction.atomic
def year_record_save(*, form, actor: Actor) -> HubYearRecord:
    """Save the officer's record of a hub's 年度 (refused once the year is locked), audited with
    the values before and after."""
    names = list(form.fields)
    record = form.instance
    before = (
        _record_values(within(record.hub, HubYearRecord).get(pk=record.pk), names)
        if record.pk
        else None
    )
    try:
        record = form.save()
    except YearLocked as locked:
        raise ServiceError(locked.message) from locked
    record.refresh_from_db()  # the stored values (2 → 2.0), as `before` will read them next time
    after = _record_values(record, names)
    changed = {k: v for k, v in after.items() if before is None or before.get(k) != v}
    audit_record(
        action=AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
        actor=actor,
        obj=record,
        detail={
            "fiscal_year": record.fiscal_year,
            "before": {k: before[k] for k in changed} if before else None,
            "after": changed,
        },
    )
    return record
