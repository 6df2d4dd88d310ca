"""Writes of a centre's members and their training. Each validates, writes and audits in one
transaction; a refusal is a ServiceError with one of the messages below."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import IntegerField
from django.db.models.functions import Cast
from django.utils import timezone

from accounts.access import within
from accounts.models import AuditEvent
from common.japanese import normalize_kana
from common.services import Actor, ServiceError
from families import registry
from families.models import Family

from .disposal import ERR_DISPOSED
from .models import (
    Availability,
    Centre,
    HelperProfile,
    Member,
    MemberKind,
    MemberStatus,
    StatusChange,
    SubjectKind,
    TrainingRecord,
)
from .scoping import audit_member
from .selectors import rules_on, status_on

ERR_NUMBER_TAKEN = "この会員番号は既に使われています。"
ERR_DATES = "登録日は説明会・面談の日より後にしてください。"
ERR_VALID_UNTIL = "登録の有効期限は登録日より後にしてください。"
ERR_FUTURE = "未来の日付は記録できません。"
ERR_SAME_STATUS = "その日の状態は既に「{status}」です。"
ERR_BEFORE_REGISTRATION = "登録日より前の日付です。"
ERR_NOT_HELPER = "受講記録は提供会員・両方会員のものです。"
ERR_DUPLICATE_TRAINING = "同じ日の同じ科目の受講記録が既にあります。"


@dataclass(frozen=True)
class MemberData:
    kind: str
    name: str
    kana: str
    phone: str
    address_area: str
    registered_on: dt.date
    number: str = ""
    birth_date: dt.date | None = None
    school_district: str = ""
    info_session_on: dt.date | None = None
    interviewed_on: dt.date | None = None
    id_checked_on: dt.date | None = None
    valid_until: dt.date | None = None
    note: str = ""


def next_number(centre: Centre) -> str:
    """The next free number of the centre's plain numeric numbers (0001, 0002 …)."""
    numeric = within(centre, Member).filter(number__regex=r"^\d{1,9}$")
    last = (
        numeric.annotate(n=Cast("number", IntegerField()))
        .order_by("-n")
        .values_list("n", flat=True)
        .first()
    )
    return f"{(last or 0) + 1:04d}"


@transaction.atomic
def register_member(
    *, centre: Centre, data: MemberData, actor: Actor, family: Family | None = None
) -> Member:
    """Register a member. A 依頼会員's household joins the municipality's register: `family` is
    the register row the coordinator said is the same household, or None for a new row."""
    earlier = [d for d in (data.info_session_on, data.interviewed_on) if d]
    if earlier and data.registered_on < max(earlier):
        raise ServiceError(ERR_DATES)
    if data.valid_until and data.valid_until < data.registered_on:
        raise ServiceError(ERR_VALID_UNTIL)
    number = data.number or next_number(centre)
    if within(centre, Member).filter(number=number).exists():
        raise ServiceError(ERR_NUMBER_TAKEN)
    fields = {k: v for k, v in data.__dict__.items() if k != "number"}
    fields["kana"] = normalize_kana(data.kana)
    fields["valid_until"] = data.valid_until or default_valid_until(centre, data.registered_on)
    if data.kind != MemberKind.HELPER:
        fields["family"] = registry.chosen_or_new(
            centre.municipality, family, family_name=data.name, kana=data.kana, phone=data.phone
        )
    member = Member.objects.create(centre=centre, number=number, created_by=actor.user, **fields)
    StatusChange.objects.create(
        member=member,
        on=data.registered_on,
        status=MemberStatus.ACTIVE,
        reason="登録",
        recorded_by=actor.user,
    )
    if member.helps:
        HelperProfile.objects.create(member=member)
    audit_member(actor, member, action=AuditEvent.Action.CREATE, detail={"kind": member.kind})
    return member


@transaction.atomic
def change_status(
    *, member: Member, on: dt.date, status: str, reason: str, actor: Actor
) -> StatusChange:
    """Pause, end or resume a membership from `on`; the history keeps every change."""
    if member.disposed_on is not None:
        raise ServiceError(ERR_DISPOSED)
    if on > timezone.localdate():
        raise ServiceError(ERR_FUTURE)
    if on < member.registered_on:
        raise ServiceError(ERR_BEFORE_REGISTRATION)
    changes = list(member.status_changes.all())
    if status_on(changes, on) == status:
        raise ServiceError(ERR_SAME_STATUS.format(status=MemberStatus(status).label))
    change = StatusChange.objects.create(
        member=member, on=on, status=status, reason=reason, recorded_by=actor.user
    )
    member.version += 1
    member.save(update_fields=["version"])
    audit_member(
        actor, member, action=AuditEvent.Action.UPDATE, obj=change, detail={"status": status}
    )
    return change


@transaction.atomic
def record_training(
    *,
    member: Member,
    subject: str,
    kind: str,
    hours: Decimal,
    taken_on: dt.date,
    run_by: str,
    actor: Actor,
) -> TrainingRecord:
    if not member.helps:
        raise ServiceError(ERR_NOT_HELPER)
    if taken_on > timezone.localdate():
        raise ServiceError(ERR_FUTURE)
    if member.training_records.filter(subject=subject, taken_on=taken_on).exists():
        raise ServiceError(ERR_DUPLICATE_TRAINING)
    record = TrainingRecord.objects.create(
        member=member,
        subject=subject,
        kind=SubjectKind(kind),
        hours=hours,
        taken_on=taken_on,
        run_by=run_by,
        recorded_by=actor.user,
    )
    audit_member(actor, member, action=AuditEvent.Action.CREATE, obj=record)
    return record


def default_valid_until(centre: Centre, registered_on: dt.date) -> dt.date | None:
    """The end of the 年度 for a centre that renews yearly (江東区), else no end."""
    if not rules_on(centre, registered_on).renews_yearly:
        return None
    year = registered_on.year if registered_on.month >= 4 else registered_on.year - 1
    return dt.date(year + 1, 3, 31)


@transaction.atomic
def update_helper(
    *, member: Member, profile: HelperProfile, slots: list[tuple], actor: Actor
) -> HelperProfile:
    """Save what the helper can do and replace their weekly times (weekday, start, end)."""
    if not member.helps:
        raise ServiceError(ERR_NOT_HELPER)
    profile.member = member
    profile.save()
    member.availability.all().delete()
    Availability.objects.bulk_create(
        Availability(member=member, weekday=day, start=start, end=end) for day, start, end in slots
    )
    member.version += 1
    member.save(update_fields=["version"])
    audit_member(
        actor, member, action=AuditEvent.Action.UPDATE, obj=profile, detail={"slots": len(slots)}
    )
    return profile
