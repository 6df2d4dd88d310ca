"""How views reach families and their records: through `accounts.personal`, never around it.

A family (Household) is the subject: it belongs to the hub that keeps its records, so the user's
permissions on that hub decide. Outside scope → 404; inside without the right → 403; a
password-only session → the two-factor page; an officer who reads records of the whole
municipality states a purpose first (利用目的). The mechanism is `accounts.personal`'s; this
module only says which permissions satisfy which need and how each record finds its family.
"""

from accounts import access
from accounts.personal import RecordAccess
from accounts.roles import Perm

from .models import CaseConference, Consultation, Household, Referral

# Reading records is allowed to site staff (record.view) and, with a stated purpose, to
# municipal officers (record.view_purpose).
FAMILIES = RecordAccess(
    model=Household,
    purpose_url="consultations:purpose",
    satisfied_by={
        Perm.FAMILY_BASIC: frozenset(
            {Perm.FAMILY_BASIC, Perm.RECORD_VIEW, Perm.RECORD_VIEW_PURPOSE}
        ),
        Perm.RECORD_VIEW: frozenset({Perm.RECORD_VIEW, Perm.RECORD_VIEW_PURPOSE}),
    },
    direct_perms=frozenset({Perm.RECORD_VIEW, Perm.FAMILY_BASIC}),
    subject_attr="household",
)


def reads_records(perms: frozenset[str]) -> bool:
    return FAMILIES.satisfies(perms, Perm.RECORD_VIEW)


def needs_purpose(perms: frozenset[str]) -> bool:
    """True when the user reaches this family only as a municipal officer, not as site staff."""
    return FAMILIES.needs_purpose(perms)


def households_for_user(user, need: str = Perm.FAMILY_BASIC):
    """The households the user may see at all (for search and lists)."""
    return FAMILIES.for_user(user, need)


def _households():
    return Household.objects.select_related("hub__municipality__prefecture")


def household_for_user(user, public_id, need: str):
    """Return (household, perms) for a URL's family id: 404 out of scope, 403 without `need`."""
    household = (
        access.scoped(user, Household)
        .select_related("hub__municipality__prefecture")
        .filter(public_id=public_id)
        .first()
    )
    return household, FAMILIES.resolve(user, household, need)


def _anonymous_consultation(user, consultation) -> frozenset[str]:
    """An anonymous consultation has no family: the hub's front desk and case workers only."""
    perms = access.permissions_on(user, consultation.hub)
    access.resolve(consultation, perms, Perm.CONSULT_ANON)
    return perms


def family_view(need: str):
    """Resolve `family_id` into request.household and request.perms."""
    return FAMILIES.view(
        need,
        url_kwarg="family_id",
        queryset=_households,
    )


def consultation_view(need: str):
    return FAMILIES.view(
        need,
        url_kwarg="consultation_id",
        queryset=lambda: Consultation.objects.select_related(
            "household__hub__municipality", "hub__municipality"
        ),
        subject=lambda c: c.household,
        attr="consultation",
        without_subject=_anonymous_consultation,
    )


def conference_view(need: str):
    return FAMILIES.view(
        need,
        url_kwarg="conference_id",
        queryset=lambda: CaseConference.objects.select_related("household__hub__municipality"),
        subject=lambda c: c.household,
        attr="conference",
    )


def referral_view(need: str):
    return FAMILIES.view(
        need,
        url_kwarg="referral_id",
        queryset=lambda: Referral.objects.select_related("household__hub__municipality"),
        subject=lambda r: r.household,
        attr="referral",
    )
