"""Role × URL × object matrix for every ファミサポ URL.

Each URL is requested for an object of centre A1 (the coordinator's own), centre A2 (another centre
in the same municipality) and centre B (another municipality). Sessions are two-factor verified.
Members' records are the coordinators' only: the municipal officer sees the centre's figures,
the prefecture nothing of a centre (403), hub staff of the hub where it sits are outside it.
"""

import pytest
from django.urls import reverse

from tests.factories import verify

PERSONAS = [
    "coord_a",
    "coord_a2",
    "staff_a",
    "officer_a",
    "records_a",
    "officer_b",
    "pref_p",
    "anon",
]


@pytest.fixture
def centres(shared_centres, db):
    return shared_centres


def expect(*codes):
    """Statuses for an object of centre A1, in PERSONAS order."""
    return dict(zip(PERSONAS, codes, strict=True))


def centre(c, key):
    return {"centre_id": getattr(c, key).centre.public_id}


def helper(c, key):
    return {"member_id": getattr(c, key).helper.public_id}


def requester(c, key):
    return {"member_id": getattr(c, key).requester.public_id}


def request_(c, key):
    return {"request_id": getattr(c, key).request.public_id}


def activity(c, key):
    return {"activity_id": getattr(c, key).activity.public_id}


def month(c, key):
    return centre(c, key) | {"month": "2025-06"}


MEMBERS = expect(200, 404, 404, 403, 403, 404, 403, 302)
POST_ONLY = expect(405, 404, 404, 403, 403, 404, 403, 302)
MATRIX = {
    "famisapo:centre": ("get", centre, expect(200, 404, 404, 200, 403, 404, 403, 302)),
    "famisapo:members": ("get", centre, MEMBERS),
    "famisapo:member_new": ("get", centre, MEMBERS),
    "famisapo:expiring": ("get", centre, MEMBERS),
    "famisapo:member": ("get", helper, MEMBERS),
    "famisapo:member_status": ("get", helper, MEMBERS),
    "famisapo:helper_edit": ("get", helper, MEMBERS),
    "famisapo:training_new": ("get", helper, MEMBERS),
    "famisapo:child_new": ("get", requester, MEMBERS),
    "famisapo:request_new": ("get", requester, MEMBERS),
    "famisapo:activity_unarranged": ("get", requester, MEMBERS),
    "famisapo:worklist": ("get", centre, MEMBERS),
    "famisapo:request": ("get", request_, MEMBERS),
    "famisapo:request_answer": ("get", request_, POST_ONLY),
    "famisapo:request_close": ("get", request_, POST_ONLY),
    # the request has no helper yet: the page sends the coordinator back to the request
    "famisapo:meeting_new": ("get", request_, expect(302, 404, 404, 403, 403, 404, 403, 302)),
    "famisapo:activity_new": ("get", request_, expect(302, 404, 404, 403, 403, 404, 403, 302)),
    "famisapo:activity": ("get", activity, MEMBERS),
    "famisapo:activity_confirm": ("get", activity, POST_ONLY),
    "famisapo:month": ("get", month, MEMBERS),
    "famisapo:month_close": ("get", month, POST_ONLY),
    "famisapo:statement_pdf": ("get", month, MEMBERS),
    "famisapo:statement_xlsx": ("get", month, MEMBERS),
    "famisapo:report": (
        "get",
        lambda c, k: centre(c, k) | {"period": "2025"},
        expect(200, 404, 404, 200, 403, 404, 403, 302),
    ),
    "famisapo:incidents": ("get", centre, MEMBERS),
    "famisapo:concern_new": ("get", activity, MEMBERS),
    "famisapo:concern_handle": ("get", lambda c, k: activity(c, k) | {"pk": 1}, POST_ONLY),
    "famisapo:import": ("get", centre, MEMBERS),
    "famisapo:import_confirm": ("get", centre, expect(302, 404, 404, 403, 403, 404, 403, 302)),
    "famisapo:export": ("get", centre, MEMBERS),
    "famisapo:export_download": (
        "get",
        lambda c, k: centre(c, k) | {"kind": "members", "fmt": "xlsx"},
        MEMBERS,
    ),
    "famisapo:supply": (
        "get",
        lambda c, k: centre(c, k) | {"period": "2025"},
        expect(200, 404, 404, 200, 403, 404, 403, 302),
    ),
    # The household across services (portal): here, a requester's family no hub knows.
    "portal:family": (
        "get",
        lambda c, k: {"family_id": getattr(c, k).requester.family.public_id},
        MEMBERS,
    ),
    # Approving a disposal is the officer's (retention.manage); GET is refused (405) to them.
    "famisapo:dispose_members": ("get", centre, expect(403, 404, 404, 405, 403, 404, 403, 302)),
    "famisapo:settings": ("get", centre, expect(403, 404, 404, 200, 403, 404, 403, 302)),
    "famisapo:municipality_alerts": (
        "get",
        lambda c, k: {"code": getattr(c, k).centre.municipality.code},
        expect(404, 404, 404, 200, 200, 404, 403, 302),
    ),
    "famisapo:municipality_report": (
        "get",
        lambda c, k: {"code": getattr(c, k).centre.municipality.code, "period": "2025-06"},
        expect(404, 404, 404, 200, 403, 404, 403, 302),
    ),
}


def expected_for(name, persona, target):
    own = MATRIX[name][2]
    if persona == "anon" or target == "own":
        return own[persona]
    if target == "sibling":
        # coord_a2 is the coordinator of the sibling centre; city A's officers reach it as A1.
        if persona == "coord_a2":
            return own["coord_a"]
        return 404 if persona == "coord_a" else own[persona]
    if persona == "officer_b":
        return own["officer_a"]
    if persona in ("officer_a", "records_a", "coord_a", "coord_a2"):
        return 404
    return own[persona]


CASES = [(persona, target) for persona in PERSONAS for target in ("own", "sibling", "other")]


@pytest.mark.parametrize(("persona", "target"), CASES, ids=[f"{p}-{t}" for p, t in CASES])
def test_famisapo_url_matrix(client, centres, persona, target):
    if persona != "anon":
        verify(client, getattr(centres.world.users, persona))
    mismatches = []
    for name, (method, kwargs, _) in MATRIX.items():
        url = reverse(name, kwargs=kwargs(centres, target))
        response = getattr(client, method)(url)
        expected = expected_for(name, persona, target)
        if response.status_code != expected:
            mismatches.append(f"{name}: got {response.status_code}, expected {expected}")
        elif persona == "anon" and not response["Location"].startswith(reverse("accounts:login")):
            mismatches.append(f"{name}: anonymous not sent to login")
    assert mismatches == [], f"{persona} on {target} objects"


@pytest.mark.parametrize("name", ["famisapo:members", "famisapo:member"])
def test_a_password_only_session_is_sent_to_the_second_factor(client, centres, name):
    client.force_login(centres.world.users.coord_a)
    kwargs = centre(centres, "own") if name == "famisapo:members" else helper(centres, "own")
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


# Hub pages of ファミサポ: hub A1 (where centre A1 sits), hub A2 (city A, no centre), hub B1.
HUB_MATRIX = {
    # Records of families are the specialists' (record.view at the hub): none of these personas.
    "famisapo:hub_concerns": {
        "hub_a1": expect(404, 404, 403, 403, 403, 404, 403, 302),
        "hub_a2": expect(404, 404, 404, 403, 403, 404, 403, 302),
        "hub_b1": expect(404, 404, 404, 404, 404, 403, 403, 302),
    },
    "famisapo:hub_membership": {
        "hub_a1": expect(404, 404, 200, 403, 403, 404, 403, 302),
        "hub_a2": expect(404, 404, 404, 403, 403, 404, 403, 302),
        "hub_b1": expect(404, 404, 404, 404, 404, 403, 403, 302),
    },
}
HUB_CASES = [(p, h) for p in PERSONAS for h in ("hub_a1", "hub_a2", "hub_b1")]


@pytest.mark.parametrize(("persona", "hub"), HUB_CASES, ids=[f"{p}-{h}" for p, h in HUB_CASES])
def test_famisapo_hub_url_matrix(client, centres, persona, hub):
    if persona != "anon":
        verify(client, getattr(centres.world.users, persona))
    for name, expected in HUB_MATRIX.items():
        url = reverse(name, kwargs={"hub_id": getattr(centres.world, hub).public_id})
        assert client.get(url).status_code == expected[hub][persona], name


@pytest.mark.parametrize(
    "path",
    ["months/9999-12/", "months/1900-01/statement.xlsx", "months/2025-13/", "reports/1900-01/"],
)
def test_months_no_centre_can_have_are_404(client, centres, path):
    verify(client, centres.world.users.coord_a)
    base = reverse("famisapo:centre", kwargs=centre(centres, "own"))
    assert client.get(base + path).status_code == 404


def test_a_nul_byte_in_the_member_search_is_not_a_server_error(client, centres):
    verify(client, centres.world.users.coord_a)
    url = reverse("famisapo:members", kwargs=centre(centres, "own"))
    assert client.get(url, {"q": "会員\x00", "page": "-1"}).status_code == 200
