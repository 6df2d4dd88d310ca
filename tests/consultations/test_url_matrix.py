"""Role × URL × object matrix for every consultations URL (security checklist A1).

Each URL is requested for an object of the persona's own site (A1), another site in the same
municipality (A2) and another municipality (B1). Sessions are two-factor verified here; the
password-only case has its own test. `records_a` has stated a purpose for every family, as
the purpose page would have it.
"""

import time

import pytest
from django.urls import reverse

from accounts.personal import PURPOSE_SESSION_KEY
from consultations.models import Household
from tests.factories import verify

PERSONAS = [
    "spec_a",
    "staff_a",
    "viewer_a",
    "officer_a",
    "records_a",
    "officer_b",
    "pref_p",
    "anon",
]
HUB_SCOPED = {"spec_a", "staff_a", "viewer_a"}
IN_A = HUB_SCOPED | {"officer_a", "records_a"}
FY = 2025


@pytest.fixture
def casework(shared_casework, db):
    """One casework for the module: each case runs in a savepoint inside it."""
    return shared_casework


def expect(*codes):
    """Statuses for an object of A1 / city A, in PERSONAS order: spec_a, staff_a, viewer_a,
    officer_a, records_a, officer_b, pref_p, anon."""
    return dict(zip(PERSONAS, codes, strict=True))


def hub(c, key):
    return {"hub_id": getattr(c, key).family.hub.public_id}


def family(c, key):
    return {"family_id": getattr(c, key).family.public_id}


def city(c, key):
    return {"code": (c.world.city_a if key != "other" else c.world.city_b).code}


# name: (method, kwargs builder (casework, target), expected for own-site objects)
#                 spec_a staff_a viewer_a officer_a records_a officer_b pref_p anon
FAMILY_READ = expect(200, 403, 403, 403, 200, 404, 403, 302)
FAMILY_WRITE = expect(200, 403, 403, 403, 403, 404, 403, 302)
FRONT_DESK = expect(200, 200, 403, 403, 403, 404, 403, 302)
MUNICIPAL = expect(404, 404, 404, 200, 200, 404, 403, 302)
MATRIX = {
    "consultations:family_search": ("get", hub, FRONT_DESK),
    "consultations:family_new": ("get", hub, expect(302, 302, 403, 403, 403, 404, 403, 302)),
    "consultations:hub_consultations": ("get", hub, FRONT_DESK),
    "consultations:anonymous_new": ("get", hub, FRONT_DESK),
    "consultations:register": ("get", hub, expect(200, 403, 403, 403, 403, 404, 403, 302)),
    "consultations:worklist": ("get", hub, expect(200, 403, 403, 403, 403, 404, 403, 302)),
    "consultations:register_pdf": ("get", hub, expect(200, 403, 403, 403, 403, 404, 403, 302)),
    "consultations:hub_stats": (
        "get",
        lambda c, k: hub(c, k) | {"fiscal_year": FY},
        expect(200, 200, 200, 200, 200, 404, 200, 302),
    ),
    "consultations:family": ("get", family, expect(200, 200, 403, 403, 200, 404, 403, 302)),
    # Site staff have no purpose to give: they are sent on to the family page.
    "consultations:purpose": ("get", family, expect(302, 403, 403, 403, 200, 404, 403, 302)),
    "consultations:family_pdf": ("get", family, FAMILY_READ),
    "consultations:consent_new": ("get", family, FRONT_DESK),
    "consultations:consent_withdraw": (
        "get",
        lambda c, k: family(c, k) | {"consent_pk": getattr(c, k).consent.pk},
        FRONT_DESK,
    ),
    "consultations:family_edit": ("get", family, FRONT_DESK),
    "consultations:person_new": ("get", family, FRONT_DESK),
    "consultations:child_edit": (
        "get",
        lambda c, k: family(c, k) | {"child_pk": getattr(c, k).child.pk},
        FRONT_DESK,
    ),
    "consultations:plan_review": (
        "get",
        lambda c, k: family(c, k) | {"plan_pk": getattr(c, k).plan.pk},
        FAMILY_WRITE,
    ),
    "consultations:consultation_new": ("get", family, FAMILY_WRITE),
    "consultations:support_new": ("get", family, FAMILY_WRITE),
    "consultations:conference_new": ("get", family, FAMILY_WRITE),
    "consultations:plan_new": ("get", family, FAMILY_WRITE),
    "consultations:register_entry_new": ("get", family, FAMILY_WRITE),
    "consultations:referral_new": ("get", family, FAMILY_WRITE),
    "consultations:legal_hold": ("get", family, expect(403, 403, 403, 200, 200, 404, 403, 302)),
    "consultations:access_log": ("get", family, expect(403, 403, 403, 403, 200, 404, 403, 302)),
    "consultations:consultation": (
        "get",
        lambda c, k: {"consultation_id": getattr(c, k).consultation.public_id},
        FAMILY_READ,
    ),
    "consultations:conference": (
        "get",
        lambda c, k: {"conference_id": getattr(c, k).conference.public_id},
        FAMILY_READ,
    ),
    "consultations:conference_pdf": (
        "get",
        lambda c, k: {"conference_id": getattr(c, k).conference.public_id},
        FAMILY_READ,
    ),
    "consultations:referral": (
        "get",
        lambda c, k: {"referral_id": getattr(c, k).referral.public_id},
        FAMILY_WRITE,
    ),
    "consultations:alerts": ("get", city, MUNICIPAL),
    "consultations:municipal_family_search": (
        "get",
        city,
        expect(404, 404, 404, 403, 200, 404, 403, 302),
    ),
    "consultations:agencies": ("get", city, MUNICIPAL),
    "consultations:complaints": ("get", city, MUNICIPAL),
    "consultations:complaint_new": ("get", city, MUNICIPAL),
    "consultations:complaint": (
        "get",
        lambda c, k: city(c, k) | {"complaint_id": getattr(c, k).complaint.public_id},
        MUNICIPAL,
    ),
    "consultations:retention": ("get", city, MUNICIPAL),
    "consultations:dispose": ("get", city, expect(404, 404, 404, 302, 302, 404, 403, 302)),
    "consultations:breach_report": ("get", city, MUNICIPAL),
    "consultations:municipality_stats": (
        "get",
        lambda c, k: city(c, k) | {"fiscal_year": FY},
        expect(404, 404, 404, 200, 200, 404, 200, 302),
    ),
    "consultations:prefecture_stats": (
        "get",
        lambda c, k: {"code": c.world.pref_p.code, "fiscal_year": FY},
        expect(404, 404, 404, 404, 404, 404, 200, 302),
    ),
}


def expected_for(name: str, persona: str, target: str, same_object: bool) -> int:
    """Own-site objects as listed; others derived from scope: hub staff reach only their hub,
    city A's officers only city A; officer_b reaches B1 as officer_a reaches A1."""
    own = MATRIX[name][2]
    if persona == "anon" or same_object:
        return own[persona]
    if target == "sibling":
        return 404 if persona in HUB_SCOPED else own[persona]
    if persona in IN_A:
        return 404
    if persona == "officer_b":
        return own["officer_a"]
    return own[persona]


def login_as(client, world, persona):
    if persona == "anon":
        return
    user = getattr(world.users, persona)
    verify(client, user)
    if persona == "records_a":
        session = client.session
        session[PURPOSE_SESSION_KEY] = {
            str(f.public_id): {"purpose": "試験", "override": False, "until": time.time() + 600}
            for f in Household.objects.all()
        }
        session.save()


CASES = [(persona, target) for persona in PERSONAS for target in ("own", "sibling", "other")]


@pytest.mark.parametrize(("persona", "target"), CASES, ids=[f"{p}-{t}" for p, t in CASES])
def test_consultation_url_matrix(client, casework, persona, target):
    """One test per persona and object owner, over every URL (the fixture is costly)."""
    login_as(client, casework.world, persona)
    mismatches = []
    for name, (method, kwargs, _) in MATRIX.items():
        built = kwargs(casework, target)
        url = reverse(name, kwargs=built)
        response = getattr(client, method)(url)
        expected = expected_for(name, persona, target, built == kwargs(casework, "own"))
        if response.status_code != expected:
            mismatches.append(f"{name}: got {response.status_code}, expected {expected}")
        elif persona == "anon" and not response["Location"].startswith(reverse("accounts:login")):
            mismatches.append(f"{name}: anonymous not sent to login")
    assert mismatches == [], f"{persona} on {target} objects"
