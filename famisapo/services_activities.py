"""Writes from request to activity: children, requests and their path, 事前打合せ, activity
reports with their fee, the requester's confirmation and the month's close.

Each validates, writes and audits in one transaction; a refusal is a ServiceError with one of the
messages below.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.utils import timezone

from accounts.access import within
from accounts.audit import audit_record
from accounts.models import AuditEvent
from common.services import Actor, ServiceError

from . import fees
from .disposal import ERR_DISPOSED
from .matching import meeting_gate
from .models import (
    Activity,
    Centre,
    Member,
    MemberChild,
    MonthClose,
    PreMeeting,
    Request,
    RequestEvent,
)
from .scoping import audit_member
from .selectors import rules_on, status_on
from .selectors_activities import is_closed, month_bounds, pair_meetings, schedule_for

ERR_NOT_REQUESTER = "依頼会員・両方会員ではありません。"
ERR_NOT_HELPER = "提供会員・両方会員ではありません。"
ERR_NOT_ACTIVE = "{who}は活動中ではありません（休会・退会）。"
ERR_CHILDREN = "この依頼会員の子どもを一人以上選んでください。"
ERR_CHILD_TWICE = "この依頼会員には「{name}」さんが既に登録されています。"
ERR_REQUEST_CLOSED = "この依頼は調整中ではありません。"
ERR_NO_MEETING = "事前打合せが必要です: {why}。事前打合せを記録してから活動を記録してください。"
ERR_FUTURE = "未来の活動は記録できません。"
ERR_MONTH_CLOSED = "{month}は締めてあります。締めた月の活動は変更できません。"
ERR_NO_SCHEDULE = (
    "{day}に適用される利用料金表がありません。市町村の担当者に料金表の登録を依頼してください。"
)
ERR_SAME_TIME = (
    "開始と終了が同じ時刻です。時刻を確かめてください（終了が開始より前なら翌日の時刻です）。"
)
ERR_FEE = "利用料を計算できません: {error}"
ERR_UNCONFIRMED = "依頼会員の確認がない活動報告が{count}件あります（{first}など）。確認を記録してから締めてください。"
ERR_ALREADY_CLOSED = "この月は既に締めてあります。"
ERR_MONTH_NOT_OVER = "まだ終わっていない月は締められません。"
ERR_CONFIRM_BEFORE = "確認日が活動の日より前です。"


def _require(member: Member, *, helps: bool, day: dt.date, who: str) -> None:
    if helps and not member.helps:
        raise ServiceError(ERR_NOT_HELPER)
    if not helps and not member.requests_help:
        raise ServiceError(ERR_NOT_REQUESTER)
    if status_on(list(member.status_changes.all()), day) != "active":
        raise ServiceError(ERR_NOT_ACTIVE.format(who=who))


def _children(requester: Member, children) -> list[MemberChild]:
    chosen = list(children)
    if not chosen or any(c.member_id != requester.pk for c in chosen):
        raise ServiceError(ERR_CHILDREN)
    return chosen


@transaction.atomic
def add_child(
    *,
    member: Member,
    name: str,
    kana: str,
    birth_date: dt.date,
    allergies: str = "",
    health_notes: str = "",
    school: str = "",
    actor: Actor,
) -> MemberChild:
    if not member.requests_help:
        raise ServiceError(ERR_NOT_REQUESTER)
    if member.disposed_on is not None:
        raise ServiceError(ERR_DISPOSED)
    if member.children.filter(name=name).exists():
        raise ServiceError(ERR_CHILD_TWICE.format(name=name))
    child = MemberChild.objects.create(
        member=member,
        name=name,
        kana=kana,
        birth_date=birth_date,
        allergies=allergies,
        health_notes=health_notes,
        school=school,
    )
    audit_member(actor, member, action=AuditEvent.Action.CREATE, obj=child)
    return child


@dataclass(frozen=True)
class RequestData:
    requester: Member
    kind: str
    date: dt.date
    start: dt.time
    end: dt.time
    children: list
    place: str
    recurrence: str = ""
    notes: str = ""


@transaction.atomic
def take_request(*, centre: Centre, data: RequestData, actor: Actor) -> Request:
    _require(data.requester, helps=False, day=data.date, who="依頼会員")
    children = _children(data.requester, data.children)
    now = timezone.now()
    request = Request.objects.create(
        centre=centre,
        requester=data.requester,
        kind=data.kind,
        date=data.date,
        start=data.start,
        end=data.end,
        place=data.place,
        recurrence=data.recurrence,
        notes=data.notes,
        received_at=now,
        created_by=actor.user,
    )
    request.children.set(children)
    audit_member(actor, data.requester, action=AuditEvent.Action.CREATE, obj=request)
    return request


@transaction.atomic
def record_answer(
    *, request: Request, helper: Member, step: str, note: str = "", actor: Actor
) -> RequestEvent:
    """The coordinator asked a helper (打診) or records their yes (承諾: the request is matched)
    or no (辞退). Every step is kept, so matching speed can be reported."""
    if request.state != Request.State.OPEN:
        raise ServiceError(ERR_REQUEST_CLOSED)
    _require(helper, helps=True, day=request.date, who="提供会員")
    now = timezone.now()
    event = RequestEvent.objects.create(
        request=request, at=now, step=step, helper=helper, note=note, recorded_by=actor.user
    )
    if step == RequestEvent.Step.ACCEPTED:
        request.state, request.helper, request.matched_at = Request.State.MATCHED, helper, now
        request.save(update_fields=["state", "helper", "matched_at"])
    audit_member(
        actor,
        request.requester,
        action=AuditEvent.Action.UPDATE,
        obj=request,
        detail={"step": step},
    )
    return event


@transaction.atomic
def close_request(*, request: Request, state: str, note: str, actor: Actor) -> None:
    """取消 (the family cancelled) or 調整できず (no helper could take it)."""
    if request.state != Request.State.OPEN:
        raise ServiceError(ERR_REQUEST_CLOSED)
    step = (
        RequestEvent.Step.CANCELLED
        if state == Request.State.CANCELLED
        else RequestEvent.Step.UNMATCHED
    )
    RequestEvent.objects.create(
        request=request, at=timezone.now(), step=step, note=note, recorded_by=actor.user
    )
    request.state = state
    request.save(update_fields=["state"])
    audit_member(
        actor,
        request.requester,
        action=AuditEvent.Action.UPDATE,
        obj=request,
        detail={"step": step},
    )


@dataclass(frozen=True)
class MeetingData:
    requester: Member
    helper: Member
    children: list
    kinds: list
    held_on: dt.date
    place: str
    attendees: str
    allergies: str
    agreed: str


@transaction.atomic
def record_meeting(*, centre: Centre, data: MeetingData, actor: Actor) -> PreMeeting:
    if data.held_on > timezone.localdate():
        raise ServiceError(ERR_FUTURE)
    _require(data.requester, helps=False, day=data.held_on, who="依頼会員")
    _require(data.helper, helps=True, day=data.held_on, who="提供会員")
    children = _children(data.requester, data.children)
    meeting = PreMeeting.objects.create(
        centre=centre,
        requester=data.requester,
        helper=data.helper,
        kinds=list(data.kinds),
        held_on=data.held_on,
        place=data.place,
        attendees=data.attendees,
        allergies=data.allergies,
        agreed=data.agreed,
        recorded_by=actor.user,
    )
    meeting.children.set(children)
    audit_member(actor, data.requester, action=AuditEvent.Action.CREATE, obj=meeting)
    return meeting


@dataclass(frozen=True)
class ActivityData:
    requester: Member
    helper: Member
    children: list
    kind: str
    date: dt.date
    start: dt.time
    end: dt.time
    done: str
    reported_on: dt.date
    request: Request | None = None
    arranged: bool = True
    transport_km: Decimal | None = None
    transport_yen: int = 0
    meals_yen: int = 0
    concerns: str = ""
    cancelled_at: dt.datetime | None = None
    cancelled_without_notice: bool = False


def price(centre: Centre, data: ActivityData) -> fees.Fee:
    """The activity's fee with the centre's schedule in force on its date."""
    if data.end == data.start:
        raise ServiceError(ERR_SAME_TIME)
    schedule = schedule_for(centre, data.date)
    if schedule is None:
        raise ServiceError(ERR_NO_SCHEDULE.format(day=f"{data.date:%Y年%m月%d日}"))
    end_day = data.date if data.end > data.start else data.date + dt.timedelta(days=1)
    activity = fees.Activity(
        id="",
        start=dt.datetime.combine(data.date, data.start),
        end=dt.datetime.combine(end_day, data.end),
        kind=data.kind,
        children=len(data.children),
        reduction=data.requester.reduction,
        meals_yen=data.meals_yen,
        transport_yen=data.transport_yen,
        transport_km=Fraction(str(data.transport_km)) if data.transport_km else None,
        cancelled_at=timezone.make_naive(data.cancelled_at) if data.cancelled_at else None,
        cancelled_without_notice=data.cancelled_without_notice,
    )
    try:
        fees.check_against(activity, "活動", schedule)
        return fees.fee_for(activity, schedule, "活動")
    except fees.FeeInputError as error:
        raise ServiceError(
            ERR_FEE.format(error=str(error).removeprefix("活動: ").removeprefix("活動 › "))
        ) from None


@transaction.atomic
def record_activity(*, centre: Centre, data: ActivityData, actor: Actor) -> Activity:
    """Record an activity report. An arranged activity needs its pair's 事前打合せ (the centre's
    rules say when it must be held again); one the centre did not arrange is kept and flagged
    as not insured."""
    if data.date > timezone.localdate():
        raise ServiceError(ERR_FUTURE)
    if is_closed(centre, data.date):
        raise ServiceError(ERR_MONTH_CLOSED.format(month=f"{data.date:%Y年%m月}"))
    _require(data.requester, helps=False, day=data.date, who="依頼会員")
    _require(data.helper, helps=True, day=data.date, who="提供会員")
    children = _children(data.requester, data.children)
    if data.arranged:
        meeting, why = meeting_gate(
            pair_meetings(centre, data.requester, data.helper),
            children=children,
            kind=data.kind,
            day=data.date,
            rules=rules_on(centre, data.date),
        )
        if meeting is None:
            raise ServiceError(ERR_NO_MEETING.format(why=why))
    fee = price(centre, data)
    activity = Activity.objects.create(
        centre=centre,
        request=data.request,
        requester=data.requester,
        helper=data.helper,
        kind=data.kind,
        date=data.date,
        start=data.start,
        end=data.end,
        done=data.done,
        transport_km=data.transport_km,
        transport_yen=data.transport_yen,
        meals_yen=data.meals_yen,
        concerns=data.concerns,
        arranged=data.arranged,
        reported_on=data.reported_on,
        cancelled_at=data.cancelled_at,
        cancelled_without_notice=data.cancelled_without_notice,
        requester_pays=fee.requester_pays,
        city_pays=fee.city_pays,
        fee_lines=[line.as_dict() for line in fee.lines],
        recorded_by=actor.user,
    )
    activity.children.set(children)
    audit_member(actor, data.requester, action=AuditEvent.Action.CREATE, obj=activity)
    return activity


@transaction.atomic
def confirm_activity(*, activity: Activity, on: dt.date, method: str, actor: Actor) -> None:
    """The requester confirmed the report (signed on paper, received `on`, or on the screen)."""
    if is_closed(activity.centre, activity.date):
        raise ServiceError(ERR_MONTH_CLOSED.format(month=f"{activity.date:%Y年%m月}"))
    if on < activity.date:
        raise ServiceError(ERR_CONFIRM_BEFORE)
    if on > timezone.localdate():
        raise ServiceError(ERR_FUTURE)
    activity.confirmed_on, activity.confirmation = on, method
    activity.save(update_fields=["confirmed_on", "confirmation"])
    audit_member(
        actor,
        activity.requester,
        action=AuditEvent.Action.UPDATE,
        obj=activity,
        detail={"confirmed": method},
    )


@transaction.atomic
def close_month(*, centre: Centre, month: dt.date, actor: Actor) -> MonthClose:
    """Close a month once it is over and every report in it is confirmed."""
    first, last = month_bounds(month)
    if last >= timezone.localdate():
        raise ServiceError(ERR_MONTH_NOT_OVER)
    if is_closed(centre, first):
        raise ServiceError(ERR_ALREADY_CLOSED)
    open_reports = within(centre, Activity).filter(
        date__gte=first, date__lte=last, confirmed_on__isnull=True
    )
    count = open_reports.count()
    if count:
        sample = open_reports.order_by("date").first()
        raise ServiceError(
            ERR_UNCONFIRMED.format(count=count, first=f"{sample.date:%m月%d日}の活動")
        )
    closed = MonthClose.objects.create(centre=centre, month=first, closed_by=actor.user)
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        obj=closed,
        detail={"month_closed": f"{first:%Y-%m}"},
        municipality_code=centre.municipality.code,
    )
    return closed
