"""Incidents for the 補償保険 and 心配なケース. A suspicion of abuse takes the consultations side's
alert path: the municipality's alert holders are mailed at once (the mail names no one), the
municipality's page and its list of ファミサポ alerts show it, and it stays open until the
coordinator records where it was reported (児童相談所, or the municipality's own desk)."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from accounts.models import AuditEvent
from accounts.notify import mail_alert_holders
from common.scoping import unscoped
from common.services import Actor, ServiceError

from .models import Activity, Centre, Concern, Incident
from .scoping import audit_member

ERR_INCIDENT_FUTURE = "事故の日が未来です。"
ERR_HANDLED_BEFORE = "対応日が記録日より前です。"
ERR_HANDLED_FUTURE = "対応日が未来です。"
ERR_NOT_REPORTED = (
    "虐待の疑いは、通告した先（児童相談所か市町村の虐待対応の窓口）を記録すると対応済みになります。"
    "通告先を選んでください。"
)


@transaction.atomic
def record_incident(
    *,
    centre: Centre,
    activity: Activity | None,
    occurred_on: dt.date,
    kind: str,
    what_happened: str,
    arranged: bool,
    claimed_on: dt.date | None,
    actor: Actor,
):
    """An accident for the 補償保険. An activity the centre did not arrange is not insured."""
    if occurred_on > timezone.localdate():
        raise ServiceError(ERR_INCIDENT_FUTURE)
    if activity is not None:
        arranged = activity.arranged
    incident = Incident.objects.create(
        centre=centre,
        activity=activity,
        occurred_on=occurred_on,
        kind=kind,
        what_happened=what_happened,
        arranged=arranged,
        claimed_on=claimed_on,
        recorded_by=actor.user,
    )
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        obj=incident,
        municipality_code=centre.municipality.code,
    )
    return incident


@transaction.atomic
def record_concern(
    *, activity: Activity, noticed: str, abuse_suspected: bool, family_consents: bool, actor: Actor
) -> Concern:
    """A helper's worry about a family (心配なケース), passed on by the coordinator."""
    concern = Concern.objects.create(
        activity=activity,
        noticed=noticed,
        abuse_suspected=abuse_suspected,
        family_consents=family_consents,
        recorded_by=actor.user,
    )
    audit_member(
        actor,
        activity.requester,
        action=AuditEvent.Action.CREATE,
        obj=concern,
        detail={"abuse_suspected": abuse_suspected},
    )
    if abuse_suspected and settings.KYOTEN_ALERT_EMAIL:
        transaction.on_commit(lambda: _email_alert(concern.pk))
    return concern


@transaction.atomic
def handle_concern(
    *, concern: Concern, on: dt.date, handling: str, reported_to: str = "", actor: Actor
) -> None:
    """The coordinator's handling; a suspicion of abuse needs where it was reported."""
    if on < timezone.localtime(concern.recorded_at).date():
        raise ServiceError(ERR_HANDLED_BEFORE)
    if on > timezone.localdate():
        raise ServiceError(ERR_HANDLED_FUTURE)
    if concern.abuse_suspected and not reported_to:
        raise ServiceError(ERR_NOT_REPORTED)
    concern.handled_on, concern.handling, concern.reported_to = on, handling, reported_to
    concern.save(update_fields=["handled_on", "handling", "reported_to"])
    audit_member(
        actor,
        concern.activity.requester,
        action=AuditEvent.Action.UPDATE,
        obj=concern,
        detail={"reported_to": reported_to} if reported_to else None,
    )


def _email_alert(concern_pk: int) -> None:
    # Sent after the commit on the system's behalf; it names no one, only where and when.
    with unscoped("the alert mail is sent on the system's behalf, after the commit"):
        concern = Concern.objects.select_related("activity__centre__municipality").get(
            pk=concern_pk
        )
    centre = concern.activity.centre
    recorded = timezone.localtime(concern.recorded_at)
    mail_alert_holders(
        centre.municipality,
        "【Kyoten】ファミサポで虐待の疑いが記録されました",
        f"{centre.name}で{recorded:%Y年%m月%d日 %H:%M}に、援助活動での「虐待の疑い」が記録されました。\n"
        "Kyotenにログインし、市町村のページの「ファミサポからの虐待の疑い」で確認してください。\n"
        "アドバイザーが通告先を記録すると、対応済みになります。",
        about=f"famisapo concern {concern_pk}",
    )
