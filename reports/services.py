"""Writes of report data entered by officers. Each validates, writes and audits at once."""

from django.db import transaction

from accounts.access import within
from accounts.audit import audit_record
from accounts.models import AuditEvent
from common.locks import YearLocked
from common.services import Actor, ServiceError

from .models import HubYearCost


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
