"""How views reach a centre and its members: through `accounts`, never around it.

A member's record is personal data like a family's (`accounts.personal`): two-factor sessions,
404 outside scope, 403 without the right, every read audited. Members belong to their centre, so
the centre's coordinators reach them; the municipal officer reaches the centre's figures and
settings (famisapo.view, famisapo.settings) but not members' names; the prefecture sees counts.
"""

from accounts.decorators import scoped_view
from accounts.personal import RecordAccess, audit_read
from accounts.roles import Perm
from common.services import Actor

from .models import Centre, Member

MEMBERS = RecordAccess(
    model=Member,
    # No role reads members by stating a purpose: needs_purpose() is never true for them.
    purpose_url="famisapo:member",
    satisfied_by={
        Perm.MEMBER_VIEW: frozenset({Perm.MEMBER_VIEW}),
        Perm.MEMBER_EDIT: frozenset({Perm.MEMBER_EDIT}),
    },
    direct_perms=frozenset({Perm.MEMBER_VIEW, Perm.MEMBER_EDIT}),
    subject_attr="member",
)


def _centres():
    return Centre.objects.select_related("municipality__prefecture", "hub")


def centre_view(perm: str):
    """Resolve `centre_id` into request.centre and request.perms (404 / 403)."""
    return scoped_view("centre", "centre_id", "public_id", _centres, perm)


def member_view(need: str):
    """Resolve `member_id` into request.member and request.perms, with two-factor login."""
    return MEMBERS.view(
        need,
        url_kwarg="member_id",
        queryset=lambda: Member.objects.select_related("centre__municipality__prefecture"),
    )


def audit_member(actor: Actor, member, *, action=None, obj=None, detail=None):
    """One audit row for a read (or write) of a member's record, in the request's transaction."""
    kwargs = {"action": action} if action else {}
    return audit_read(
        actor,
        member,
        municipality_code=member.centre.municipality.code,
        label=member.number,
        obj=obj,
        detail=detail,
        **kwargs,
    )
