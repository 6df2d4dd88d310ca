"""Retention and disposal of members' records (security checklist E1–E2), by the municipality's rule.

The rule is the centre's dated setting `member_retention_years` (the municipality's 文書管理規程
decides it; the officer records it with the centre's rules): a member who left that many years
ago is due. Until it is set nothing is due. Disposal keeps the figures — the activities, their
hours and fees, the months, the counts of members by kind — and removes whom they were about:
the member's name, reading, phone, address, birth date and notes; the children's names, allergies
and health notes; and the free text of their requests, 事前打合せ, activities, incidents and
心配なケース. The household's row in the municipality's register goes too once no service has it.
The run is audited with the counts and the rule, never the names.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.access import within
from accounts.audit import audit_record
from accounts.models import AuditEvent
from common.services import Actor
from families import registry

from .models import (
    Activity,
    Availability,
    Centre,
    Concern,
    HelperProfile,
    Incident,
    Member,
    MemberChild,
    MemberStatus,
    PreMeeting,
    Request,
    RequestEvent,
    StatusChange,
)
from .selectors import rules_on, status_on
from .training import add_years

DISPOSED = "（廃棄済み）"
ERR_DISPOSED = "この会員の記録は保存年限を過ぎて廃棄されています。"


@dataclass
class Due:
    years: int | None
    cutoff: dt.date | None
    members: list[Member]

    @property
    def rule(self) -> str:
        if self.years is None:
            return "未設定（廃棄しません）"
        return f"退会の日から{self.years}年"


def due(centre: Centre, today: dt.date | None = None) -> Due:
    """Members who left on or before the cutoff and are still left (not back), not yet disposed."""
    today = today or timezone.localdate()
    years = rules_on(centre, today).member_retention_years
    if years is None:
        return Due(None, None, [])
    cutoff = add_years(today, -years)
    left = (
        within(centre, Member)
        .filter(disposed_on__isnull=True, status_changes__status=MemberStatus.LEFT)
        .distinct()
        .prefetch_related("status_changes")
    )
    members = []
    for member in left:
        changes = list(member.status_changes.all())
        last_left = max(c.on for c in changes if c.status == MemberStatus.LEFT)
        if status_on(changes, today) == MemberStatus.LEFT and last_left <= cutoff:
            members.append(member)
    return Due(years, cutoff, members)


@transaction.atomic
def dispose(centre: Centre, *, actor: Actor, today: dt.date | None = None) -> int:
    """Remove the personal data of every member due; returns how many. All or nothing."""
    today = today or timezone.localdate()
    batch = due(centre, today)
    if not batch.members:
        return 0
    ids = [m.pk for m in batch.members]
    theirs = Q(requester_id__in=ids) | Q(helper_id__in=ids)
    activities = within(centre, Activity).filter(theirs)
    activities.update(done="", concerns="")
    within(centre, Request).filter(theirs).update(place="", recurrence="", notes="")
    within(centre, PreMeeting).filter(theirs).update(
        place="", attendees="", allergies="", agreed=""
    )
    within(centre, RequestEvent).filter(helper_id__in=ids).update(note="")
    within(centre, Incident).filter(activity__in=activities).update(what_happened="")
    within(centre, Concern).filter(activity__in=activities).update(noticed="", handling="")
    within(centre, StatusChange).filter(member_id__in=ids).update(reason="")
    within(centre, HelperProfile).filter(member_id__in=ids).update(car_insurance_note="", areas="")
    within(centre, Availability).filter(member_id__in=ids).delete()
    for child_number, child in enumerate(within(centre, MemberChild).filter(member_id__in=ids), 1):
        child.name, child.kana = f"{DISPOSED}{child_number}", ""
        child.allergies = child.health_notes = child.school = ""
        child.save(update_fields=["name", "kana", "allergies", "health_notes", "school"])
    within(centre, Member).filter(pk__in=ids).update(
        name=DISPOSED,
        kana="",
        phone="",
        address_area="",
        school_district="",
        birth_date=None,
        note="",
        family=None,
        disposed_on=today,
    )
    released = registry.drop_unused(centre.municipality)
    audit_record(
        action=AuditEvent.Action.DISPOSE,
        actor=actor,
        object_type="famisapo.Member",
        object_repr=f"{centre.name} の退会した会員の記録の廃棄",
        detail={
            "members": len(ids),
            "rule": batch.rule,
            "cutoff": str(batch.cutoff),
            "family_register": released,
        },
        municipality_code=centre.municipality.code,
    )
    return len(ids)
