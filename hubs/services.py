"""Writes of hub-owned data. Each service validates, writes and audits in one transaction."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.access import within
from accounts.audit import audit_record
from accounts.models import AuditEvent
from common.japanese import normalize_text
from common.locks import YearLocked
from common.models import field_label
from common.services import Actor, ServiceError

from .models import (
    ClosurePeriod,
    DailyUsage,
    Event,
    Hub,
    OpeningHours,
    OpeningSchedule,
    OutreachSession,
    OutreachSite,
    TemporaryCareDay,
)
from .opening import calendar_for_hub
from .selectors import usual_maximum

# Messages beside the service, so tests assert the very text users see.
ERR_NOT_A_COUNT = "0以上の整数を入力してください。"
ERR_FUTURE = "未来の日付には入力できません。"
NOTE_MAX: int = DailyUsage._meta.get_field("note").max_length or 200
ERR_NOTE_TOO_LONG = "備考は{max}文字までです（{length}文字あります）。短くしてください。"
ERR_OUTSIDE_OPENING = "この日は拠点の開設期間外です。"
ERR_CLOSED_NEEDS_NOTE = "休館日（{why}）の利用です。備考に理由を入力してから数を入力してください。"
ERR_SCHEDULE_EXISTS = (
    "{day} から始まるスケジュールが既にあります。別の日付にするか、管理者に修正を依頼してください。"
)
WARN_FAR_ABOVE = (
    "{label}が{value}です。この拠点の普段の値（多い日で{usual}程度）を大きく上回ります。"
)
FIELD_LABELS = {f: field_label(DailyUsage, f) for f in DailyUsage.COUNT_FIELDS}
FIELD_LABELS["note"] = "備考"


@dataclass
class CellResult:
    saved: bool
    error: str = ""
    warning: str = ""
    usage: DailyUsage | None = None
    stored: int | str | None = None  # the cell's value in the database after this call


def _parse_count(raw: str) -> int | None:
    text = normalize_text(raw).replace(",", "")
    if text == "":
        return 0
    if not text.isdigit():
        return None
    return int(text)


@transaction.atomic
def daily_usage_set_cell(
    *,
    hub: Hub,
    day: dt.date,
    field: str,
    raw: str,
    actor: Actor,
    confirmed: bool = False,
    _retried: bool = False,
) -> CellResult:
    """Set one cell of a day's usage; refuse errors, ask about unusual values."""
    if field not in DailyUsage.COUNT_FIELDS and field != "note":
        raise ValueError(f"unknown usage field {field!r}")
    if day > timezone.localdate():
        return CellResult(False, error=ERR_FUTURE)
    if not hub.is_open_on(day):
        return CellResult(False, error=ERR_OUTSIDE_OPENING)

    usage = within(hub, DailyUsage).select_for_update().filter(date=day).first()
    stored = getattr(usage, field) if usage else None
    if usage is None:
        usage = DailyUsage(hub=hub, date=day)
    before = getattr(usage, field)

    value: str | int
    count: int | None = None
    if field == "note":
        value = normalize_text(raw)
        if len(value) > NOTE_MAX:
            error = ERR_NOTE_TOO_LONG.format(max=NOTE_MAX, length=len(value))
            return CellResult(False, error=error, usage=usage, stored=stored)
    else:
        count = _parse_count(raw)
        if count is None:
            return CellResult(False, error=ERR_NOT_A_COUNT, usage=usage, stored=stored)
        value = count
    setattr(usage, field, value)

    opening = calendar_for_hub(hub).day(day)
    has_visitors = any(getattr(usage, f) for f in DailyUsage.COUNT_FIELDS)
    if not opening.is_open and has_visitors and not usage.note:
        error = ERR_CLOSED_NEEDS_NOTE.format(why=opening.why)
        return CellResult(False, error=error, usage=usage, stored=stored)

    if count is not None and not confirmed and count > (before or 0):
        usual = usual_maximum(hub=hub, field=field, before=day)
        if usual is not None and count > max(10, usual * 3):
            warning = WARN_FAR_ABOVE.format(label=FIELD_LABELS[field], value=count, usual=usual)
            return CellResult(False, warning=warning, usage=usage, stored=stored)

    if value == before and usage.pk is not None:
        return CellResult(True, usage=usage, stored=value)
    usage.updated_by = actor.user
    try:
        # A savepoint: two people saving the first cell of the same day at once both find no
        # row; the second insert loses the race and is retried as an update of the winner's row.
        with transaction.atomic():
            usage.save()
    except YearLocked as e:
        return CellResult(False, error=str(e), usage=usage, stored=stored)
    except IntegrityError:
        if usage.pk is not None or _retried:
            raise
        return daily_usage_set_cell(
            hub=hub, day=day, field=field, raw=raw, actor=actor, confirmed=confirmed, _retried=True
        )
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        obj=usage,
        object_type="hubs.DailyUsage",
        object_id=f"{hub.public_id}/{day.isoformat()}",
        detail={"field": field, "before": before, "after": value, "confirmed": confirmed},
    )
    return CellResult(True, usage=usage, stored=value)


def _validated(obj):
    """Model validation (constraints included) as the service's refusal."""
    try:
        obj.full_clean()
    except ValidationError as invalid:
        raise ServiceError(invalid.messages) from invalid
    return obj


def _create_audited(obj, *, actor: Actor):
    """Validate, save and audit a new row, in the caller's transaction."""
    _validated(obj)
    obj.save()
    audit_record(action=AuditEvent.Action.CREATE, actor=actor, obj=obj)
    return obj


ERR_FUTURE_HELD = "まだ来ていない日の{what}は記録できません。実施したあとに記録してください。"


def _held(day: dt.date, what: str) -> None:
    """Events and 出張ひろば are records of what was held: a future day would count a month
    as one with a 講習 before it happened."""
    if day > timezone.localdate():
        raise ServiceError(ERR_FUTURE_HELD.format(what=what))


@transaction.atomic
def event_create(*, hub: Hub, data: dict, actor: Actor) -> Event:
    """Record an event or 講習 held by the hub (`data`: the Event's fields)."""
    _held(data["date"], "行事・講習")
    return _create_audited(Event(hub=hub, **data), actor=actor)


@transaction.atomic
def outreach_session_create(*, hub: Hub, data: dict, actor: Actor) -> OutreachSession:
    """Record a 出張ひろば session; a new `site_name` registers the site."""
    _held(data["date"], "出張ひろば")
    fields = dict(data)
    site, _ = within(hub, OutreachSite).get_or_create(hub=hub, name=fields.pop("site_name"))
    return _create_audited(OutreachSession(site=site, **fields), actor=actor)


def _changed(obj, data: dict) -> dict:
    return {k: [str(getattr(obj, k)), str(v)] for k, v in data.items() if getattr(obj, k) != v}


def _save_audited(obj, *, actor: Actor, detail: dict):
    """Validate and save a corrected row (the year lock refuses old and new 年度 alike)."""
    _validated(obj)
    try:
        obj.save()
    except YearLocked as locked:
        raise ServiceError(str(locked)) from locked
    audit_record(action=AuditEvent.Action.UPDATE, actor=actor, obj=obj, detail=detail)
    return obj


def delete_audited(obj, *, actor: Actor) -> None:
    """Delete a row (audited, with what it was); a locked 年度 refuses it as a ServiceError."""
    described = {"deleted": str(obj)}
    audit_record(action=AuditEvent.Action.DELETE, actor=actor, obj=obj, detail=described)
    try:
        obj.delete()
    except YearLocked as locked:
        raise ServiceError(str(locked)) from locked


@transaction.atomic
def event_update(*, event: Event, data: dict, actor: Actor) -> Event:
    """Correct an event or 講習: audited with what changed, before and after."""
    _held(data["date"], "行事・講習")
    changes = _changed(event, data)
    for name, value in data.items():
        setattr(event, name, value)
    return _save_audited(event, actor=actor, detail={"changes": changes})


@transaction.atomic
def event_delete(*, event: Event, actor: Actor) -> None:
    delete_audited(event, actor=actor)


@transaction.atomic
def outreach_session_update(*, session: OutreachSession, data: dict, actor: Actor):
    """Correct a 出張ひろば session; a new `site_name` registers the site."""
    _held(data["date"], "出張ひろば")
    fields = dict(data)
    hub = session.site.hub
    site, _ = within(hub, OutreachSite).get_or_create(hub=hub, name=fields.pop("site_name"))
    changes = _changed(session, fields)
    if site.pk != session.site_id:
        changes["site"] = [session.site.name, site.name]
    session.site = site
    for name, value in fields.items():
        setattr(session, name, value)
    return _save_audited(session, actor=actor, detail={"changes": changes})


@transaction.atomic
def outreach_session_delete(*, session: OutreachSession, actor: Actor) -> None:
    delete_audited(session, actor=actor)


@transaction.atomic
def closure_create(*, hub: Hub, data: dict, actor: Actor) -> ClosurePeriod:
    """Record a closure (年末年始, 臨時休館 …) of the hub."""
    return _create_audited(ClosurePeriod(hub=hub, **data), actor=actor)


@transaction.atomic
def temporary_care_set_day(*, hub: Hub, day: dt.date, counts: dict[str, int | None], actor: Actor):
    """Save one day of 一時預かり (ages and reasons must count the same children)."""
    if day > timezone.localdate():
        return None, ERR_FUTURE
    if not hub.is_open_on(day):
        return None, ERR_OUTSIDE_OPENING
    record = within(hub, TemporaryCareDay).select_for_update().filter(date=day).first()
    record = record or TemporaryCareDay(hub=hub, date=day)
    for name, value in counts.items():
        setattr(record, name, value or 0)
    try:
        _validated(record).save()
    except (YearLocked, ServiceError) as e:
        return None, str(e)
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        obj=record,
        object_type="hubs.TemporaryCareDay",
        object_id=f"{hub.public_id}/{day.isoformat()}",
        detail={f: getattr(record, f) for f in counts},
    )
    return record, ""


@transaction.atomic
def schedule_create(
    *, hub: Hub, valid_from: dt.date, ranges: dict, holidays_open: bool, actor: Actor
) -> OpeningSchedule:
    """Start a new weekly schedule on `valid_from`; the earlier one stays as history."""
    if within(hub, OpeningSchedule).filter(valid_from=valid_from).exists():
        raise ServiceError(ERR_SCHEDULE_EXISTS.format(day=f"{valid_from:%Y/%m/%d}"))
    schedule = OpeningSchedule.objects.create(
        hub=hub, valid_from=valid_from, opens_on_public_holidays=holidays_open
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(schedule=schedule, weekday=day, opens=o, closes=c)
        for day, day_ranges in ranges.items()
        for o, c in day_ranges
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        obj=schedule,
        detail={
            "hub": str(hub.public_id),
            "hours": {str(d): [f"{o:%H:%M}-{c:%H:%M}" for o, c in r] for d, r in ranges.items()},
            "holidays_open": holidays_open,
        },
    )
    return schedule
