"""Writes of families and their records. Each validates, writes and audits in one transaction."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.utils import timezone

from accounts.access import within
from accounts.audit import audit_record
from accounts.models import AuditEvent
from accounts.notify import mail_alert_holders
from accounts.roles import Perm
from common.japanese import normalize_kana, normalize_text, phone_digits
from common.scoping import the_row, unscoped
from common.services import Actor, ServiceError
from families import registry
from families.models import Family

from .concurrency import save_if_unchanged
from .models import (
    ABUSE_AGENCY_KINDS,
    AbuseAlert,
    CaseConference,
    Child,
    Consent,
    Consultation,
    Guardian,
    Household,
    Referral,
    RegisterEntry,
    SupportEntry,
    SupportPlan,
)

ERR_NO_CONSENT = "この世帯には記録の作成についての有効な承諾がありません。承諾を記録するか、匿名の相談として記録してください。"
ERR_DUPLICATE = "同じ方と思われる世帯が既に登録されています。検索結果から選んでください。"
ERR_NO_SHARE_CONSENT = (
    "この関係機関との共有について世帯の承諾がありません。承諾を記録するか、"
    "権限のある職員が理由を記入して共有してください。"
)
ERR_OVERRIDE_NOT_ALLOWED = "承諾なしで共有する権限がありません。"
ERR_YOTAIKYO = "この世帯は要保護児童対策地域協議会（要対協）で対応中です。ケース会議は要対協で行い、ここでは重ねて記録しません。"


def to_katakana(value: str) -> str:
    """Kana as staff type it (hiragana, half-width, full-width spaces) → katakana, one space."""
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in normalize_text(value))


def find_matches(households, *, kana: str = "", birth_date=None, phone: str = ""):
    """Households (from the caller's scoped queryset) that may be the same family.

    Any one criterion matching is enough: the point is to catch a duplicate before creating.
    """
    base = households
    q = Q(pk__in=[])
    key = normalize_kana(kana)
    if key:
        # A surname typed alone, or surname and given name together, or part of anyone's name.
        households = households.annotate(
            _key=Value(key),
            _family_kana=Replace("family_name_kana", Value(" "), Value("")),
            _guardian_kana=Replace("guardians__kana", Value(" "), Value("")),
            _child_kana=Replace("children__kana", Value(" "), Value("")),
        )
        q |= Q(_family_kana__startswith=key) | Q(_key__startswith=F("_family_kana"))
        q |= Q(_guardian_kana__contains=key) | Q(_child_kana__contains=key)
    if birth_date:
        q |= Q(children__birth_date=birth_date) | Q(guardians__birth_date=birth_date)
    digits = phone_digits(phone)
    if len(digits) >= 6:
        q |= Q(phone=digits) | Q(guardians__phone=digits)
    if q == Q(pk__in=[]):
        return households.none()
    # Each household once: the annotations over guardians and children give a row per person,
    # which DISTINCT would keep apart (ﾔﾏﾓﾄ with two children was listed twice).
    matching = households.filter(q).values("pk")
    return base.filter(pk__in=matching).select_related("hub")


@transaction.atomic
def household_create(
    *,
    hub,
    scope,
    data: dict,
    guardians: list,
    children: list,
    actor: Actor,
    family: Family | None = None,
):
    """Register a family after a search found no match; refuse if one has appeared since. The
    household joins the municipality's register: `family` is the row the user said is the same
    household (known to another service, e.g. the ファミサポ centre), or None for a new row."""
    first = guardians[0]
    if find_matches(
        scope,
        kana=first["kana"],
        birth_date=children[0].get("birth_date") if children else None,
        phone=data.get("phone", ""),
    ).exists():
        raise ServiceError(ERR_DUPLICATE)
    phone = data.get("phone", "") or next(
        (g.get("phone", "") for g in guardians if g.get("phone")), ""
    )
    household = Household.objects.create(
        hub=hub,
        family=registry.chosen_or_new(
            hub.municipality,
            family,
            family_name=data["family_name"],
            kana=data["family_name_kana"],
            phone=phone,
        ),
        family_name=normalize_text(data["family_name"]),
        family_name_kana=to_katakana(data["family_name_kana"]),
        phone=phone_digits(data.get("phone", "")),
        address_area=normalize_text(data.get("address_area", "")),
        language=normalize_text(data.get("language") or "日本語"),
        considerations=data.get("considerations", []),
        consideration_note=data.get("consideration_note", ""),
        created_by=actor.user,
    )
    for g in guardians:
        Guardian.objects.create(
            household=household,
            name=normalize_text(g["name"]),
            kana=to_katakana(g["kana"]),
            relationship=normalize_text(g.get("relationship") or "母"),
            birth_date=g.get("birth_date"),
            phone=phone_digits(g.get("phone", "")),
        )
    for c in children:
        Child.objects.create(
            household=household,
            name=normalize_text(c.get("name", "")),
            kana=to_katakana(c.get("kana", "")),
            birth_date=c.get("birth_date"),
            due_date=c.get("due_date"),
        )
    _audit(actor, household, AuditEvent.Action.CREATE)
    return household


def _audit(actor, household, action, obj=None, detail=None):
    from .audit import audit_family

    return audit_family(actor, household, action=action, obj=obj, detail=detail)


def active_consent(household, *, on: dt.date | None = None, covering: str = "covers_records"):
    on = on or timezone.localdate()
    return next(
        (c for c in household.consents.all() if c.is_active(on) and getattr(c, covering)), None
    )


@transaction.atomic
def consent_record(*, household, data: dict, agencies, actor: Actor) -> Consent:
    consent = Consent.objects.create(household=household, recorded_by=actor.user, **data)
    consent.agencies.set(agencies)
    _audit(actor, household, AuditEvent.Action.CREATE, consent, {"scopes": consent.scopes()})
    return consent


@transaction.atomic
def consent_withdraw(*, consent, on: dt.date, note: str, actor: Actor) -> Consent:
    if on < consent.given_on:
        raise ServiceError("撤回日は承諾日より後の日付にしてください。")
    consent.withdrawn_on = on
    consent.withdrawal_note = note
    consent.save(update_fields=["withdrawn_on", "withdrawal_note"])
    _audit(actor, consent.household, AuditEvent.Action.UPDATE, consent, {"withdrawn": str(on)})
    return consent


def _touch(household, day: dt.date) -> None:
    if day > household.last_activity_on:
        the_row(household).update(last_activity_on=day)
        household.last_activity_on = day


@transaction.atomic
def consultation_create(*, hub, household, data: dict, topics, actor: Actor) -> Consultation:
    """Log a consultation. Named ones need the family's consent to records; else anonymous."""
    held_on = timezone.localtime(data["held_at"]).date()
    if household is not None and active_consent(household, on=held_on) is None:
        raise ServiceError(ERR_NO_CONSENT)
    if household is None:
        data = {k: v for k, v in data.items() if k in ANONYMOUS_FIELDS}
    consultation = Consultation.objects.create(hub=hub, household=household, **data)
    consultation.topics.set(topics)
    if household is not None:
        _touch(household, held_on)
        _audit(actor, household, AuditEvent.Action.CREATE, consultation)
        if consultation.abuse_suspected or any(t.is_abuse for t in topics):
            raise_abuse_alert(consultation)
    else:
        audit_record(action=AuditEvent.Action.CREATE, actor=actor, obj=consultation)
    return consultation


ANONYMOUS_FIELDS = {"service", "channel", "held_at", "minutes", "staff"}


@transaction.atomic
def consultation_update(*, consultation, version: int, data: dict, topics, actor: Actor):
    """Save an edit unless someone else saved first (then EditConflict, nothing written)."""
    if consultation.household_id is None:
        data = {k: v for k, v in data.items() if k in ANONYMOUS_FIELDS}
    fresh = save_if_unchanged(consultation, version, data | {"updated_at": timezone.now()})
    fresh.topics.set(topics)
    if fresh.household_id is not None:
        household = fresh.household
        _audit(actor, household, AuditEvent.Action.UPDATE, fresh)
        if (fresh.abuse_suspected or any(t.is_abuse for t in topics)) and not hasattr(
            fresh, "alert"
        ):
            raise_abuse_alert(fresh)
    else:
        audit_record(action=AuditEvent.Action.UPDATE, actor=actor, obj=fresh)
    return fresh


def raise_abuse_alert(consultation: Consultation) -> AbuseAlert:
    """Alert the municipality's officers at once: dashboard now, email after commit."""
    if not consultation.abuse_suspected:
        the_row(consultation).update(abuse_suspected=True)
        consultation.abuse_suspected = True
    hub = consultation.hub
    alert, _ = within(hub, AbuseAlert).get_or_create(
        consultation=consultation, defaults={"municipality": hub.municipality, "hub": hub}
    )
    if settings.KYOTEN_ALERT_EMAIL:
        transaction.on_commit(lambda: _email_alert(alert.pk))
    return alert


def _email_alert(alert_pk: int) -> None:
    # The mail names no one: only that an alert is waiting, where, and when.
    with unscoped("the alert mail is sent on the system's behalf, after the commit"):
        alert = AbuseAlert.objects.select_related("hub", "municipality").get(pk=alert_pk)
    raised = timezone.localtime(alert.raised_at)
    mail_alert_holders(
        alert.municipality,
        "【Kyoten】虐待の疑いのある相談が記録されました",
        f"{alert.hub.name}で{raised:%Y年%m月%d日 %H:%M}に記録された相談に「虐待の疑い」が付きました。\n"
        "Kyotenにログインし、市町村のページの「虐待の疑いの通知」で確認してください。\n"
        "児童相談所または福祉事務所へのつなぎを記録すると、通知は対応済みになります。",
        about=f"alert {alert.public_id}",
    )


@transaction.atomic
def support_entry_create(*, household, data: dict, actor: Actor) -> SupportEntry:
    entry = SupportEntry.objects.create(household=household, author=actor.user, **data)
    _touch(household, entry.written_on)
    _audit(actor, household, AuditEvent.Action.CREATE, entry)
    return entry


@transaction.atomic
def conference_create(*, household, data: dict, actor: Actor) -> CaseConference:
    if household.yotaikyo_case:
        raise ServiceError(ERR_YOTAIKYO)
    conference = CaseConference.objects.create(household=household, author=actor.user, **data)
    _touch(household, timezone.localtime(conference.held_at).date())
    _audit(actor, household, AuditEvent.Action.CREATE, conference)
    return conference


@transaction.atomic
def plan_create(*, household, data: dict, actor: Actor) -> SupportPlan:
    plan = SupportPlan.objects.create(household=household, author=actor.user, **data)
    _touch(household, plan.made_on)
    _audit(actor, household, AuditEvent.Action.CREATE, plan)
    return plan


@transaction.atomic
def register_entry_create(*, household, data: dict, actor: Actor) -> RegisterEntry:
    entry = RegisterEntry.objects.create(household=household, **data)
    _audit(actor, household, AuditEvent.Action.CREATE, entry)
    return entry


@transaction.atomic
def referral_create(
    *, household, perms, data: dict, share: bool, override_reason: str, actor: Actor
) -> Referral:
    """Record a referral. Sharing the record needs consent for that agency, or an override."""
    agency = data["agency"]
    consent = None
    override_reason = normalize_text(override_reason)
    if share:
        consent = next(
            (
                c
                for c in household.consents.prefetch_related("agencies")
                if c.is_active(data["referred_on"])
                and c.covers_sharing
                and agency in c.agencies.all()
            ),
            None,
        )
        if consent is None:
            if not override_reason:
                raise ServiceError(ERR_NO_SHARE_CONSENT)
            if Perm.CONSENT_OVERRIDE not in perms:
                raise ServiceError(ERR_OVERRIDE_NOT_ALLOWED)
    referral = Referral.objects.create(
        household=household,
        created_by=actor.user,
        shares_record=share,
        consent=consent,
        override_reason=override_reason if share and consent is None else "",
        **data,
    )
    _touch(household, referral.referred_on)
    _audit(actor, household, AuditEvent.Action.CREATE, referral)
    if share:
        _audit(
            actor,
            household,
            AuditEvent.Action.SHARE,
            referral,
            {
                "agency": agency.name,
                "basis": "承諾" if consent else "承諾なし（権限による）",
                "override_reason": referral.override_reason,
            },
        )
    if agency.kind in ABUSE_AGENCY_KINDS:
        within(household.hub, AbuseAlert).filter(
            consultation__household=household, handled_at__isnull=True
        ).update(handled_at=timezone.now(), referral=referral)
    return referral


@transaction.atomic
def referral_update(*, referral, version: int, data: dict, actor: Actor) -> Referral:
    fresh = save_if_unchanged(referral, version, data)
    _audit(actor, referral.household, AuditEvent.Action.UPDATE, fresh)
    return fresh


@transaction.atomic
def legal_hold_set(*, household, hold: bool, reason: str, actor: Actor) -> None:
    reason = normalize_text(reason)
    if hold and not reason:
        raise ServiceError("廃棄を止める理由を入力してください。")
    the_row(household).update(legal_hold=hold, legal_hold_reason=reason if hold else "")
    _audit(
        actor,
        household,
        AuditEvent.Action.UPDATE,
        detail={"legal_hold": hold, "reason": reason},
    )


@transaction.atomic
def household_update(*, household, version: int, data: dict, actor: Actor) -> Household:
    """Change a family's basic data unless someone saved it since (then EditConflict)."""
    data = dict(data)
    for key in ("family_name", "address_area", "language"):
        if key in data:
            data[key] = normalize_text(data[key])
    if "family_name_kana" in data:
        data["family_name_kana"] = to_katakana(data["family_name_kana"])
    if "phone" in data:
        data["phone"] = phone_digits(data["phone"])
    fresh = save_if_unchanged(household, version, data)
    _audit(actor, fresh, AuditEvent.Action.UPDATE, detail={"fields": sorted(data)})
    return fresh


@transaction.atomic
def person_add(*, household, kind: str, data: dict, actor: Actor):
    """Add a guardian or a child (or an expected child) to a family."""
    person: Guardian | Child
    if kind == "guardian":
        person = Guardian.objects.create(
            household=household,
            name=normalize_text(data["name"]),
            kana=to_katakana(data["kana"]),
            relationship=normalize_text(data.get("relationship") or "母"),
            birth_date=data.get("birth_date"),
            phone=phone_digits(data.get("phone", "")),
        )
    else:
        if not (data.get("birth_date") or data.get("due_date")):
            raise ServiceError("子どもの生年月日か出産予定日を入力してください。")
        person = Child.objects.create(
            household=household,
            name=normalize_text(data.get("name", "")),
            kana=to_katakana(data.get("kana", "")),
            birth_date=data.get("birth_date"),
            due_date=None if data.get("birth_date") else data.get("due_date"),
        )
    _audit(actor, household, AuditEvent.Action.CREATE, person)
    return person


@transaction.atomic
def child_update(*, child, data: dict, actor: Actor) -> Child:
    """E.g. the expected child is born: name, kana and birth date arrive."""
    if not (data.get("birth_date") or data.get("due_date")):
        raise ServiceError("子どもの生年月日か出産予定日を入力してください。")
    child.name = normalize_text(data.get("name", ""))
    child.kana = to_katakana(data.get("kana", ""))
    child.birth_date = data.get("birth_date")
    child.due_date = data.get("due_date")
    child.save()
    _audit(actor, child.household, AuditEvent.Action.UPDATE, child)
    return child


@transaction.atomic
def plan_review(*, plan, version: int, data: dict, actor: Actor) -> SupportPlan:
    """Record a plan's review and, when the plan goes on, its next review date."""
    fresh = save_if_unchanged(plan, version, data)
    _audit(actor, plan.household, AuditEvent.Action.UPDATE, fresh, {"review": True})
    return fresh
