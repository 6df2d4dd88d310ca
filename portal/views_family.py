"""One household across services (世帯の全体): what each service records about a family in the
municipality's register, for a user who holds the rights of more than one.

Each section comes from its own service under its own rights: the 利用者支援 records for who may
read them at the hub (`record.view`), the ファミサポ membership for the centre's coordinators
(`famisapo.member_view`). A user who reaches none of the family's records gets 404 (the register
row itself says nothing); one whose scope holds a record but not the right to read it, 403. Each
record shown is audited as a read, with `via: family`.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from accounts import access
from accounts.roles import Perm
from accounts.two_factor import two_factor_required
from common.services import Actor
from consultations.audit import audit_family
from consultations.models import Household
from famisapo.models import Activity, Member
from famisapo.scoping import audit_member
from famisapo.selectors import STATUS_LABELS, status_on

RECENT = 5


def _reach(user, model, perm, family_id, *related):
    """(whether the family has a row of `model` in the user's scope, the rows they may read)."""
    rows = access.scoped(user, model).filter(family__public_id=family_id)
    readable = access.scoped(user, model, perm).filter(family__public_id=family_id)
    return rows.exists(), list(readable.select_related(*related))


def _consultation_side(actor, households):
    sections = []
    for household in households:
        audit_family(actor, household, detail={"via": "family"})
        sections.append(
            {
                "household": household,
                "guardians": list(household.guardians.all()),
                "children": list(household.children.all()),
                "consultations": list(
                    household.consultations.prefetch_related("topics").order_by("-held_at")[:RECENT]
                ),
            }
        )
    return sections


def _famisapo_side(actor, members, today):
    sections = []
    for member in members:
        audit_member(actor, member, detail={"via": "family"})
        activities = access.within(member.centre, Activity).filter(requester=member)
        sections.append(
            {
                "member": member,
                "status": STATUS_LABELS[status_on(list(member.status_changes.all()), today)],
                "children": list(member.children.all()),
                "activities": list(
                    activities.select_related("helper").order_by("-date", "-start")[:RECENT]
                ),
                "activity_count": activities.count(),
            }
        )
    return sections


@two_factor_required
def family_detail(request, family_id):
    user = request.user
    in_hub, households = _reach(
        user, Household, Perm.RECORD_VIEW, family_id, "hub__municipality", "family"
    )
    in_centre, members = _reach(
        user, Member, Perm.MEMBER_VIEW, family_id, "centre__municipality", "centre__hub", "family"
    )
    if not households and not members:
        if in_hub or in_centre:
            raise PermissionDenied
        raise Http404
    actor = Actor.of(request)
    family = (households or members)[0].family
    return render(
        request,
        "portal/family.html",
        {
            "family": family,
            "households": _consultation_side(actor, households),
            "members": _famisapo_side(actor, members, timezone.localdate()),
            "sees_consultations": bool(households),
            "sees_famisapo": bool(members),
        },
    )
