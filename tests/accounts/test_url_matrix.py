"""Role × URL matrix over every URL of the app (pretix's test_permissions, in one table).

Outside the user's scope → 404 (no hint the object exists), inside without the permission → 403,
anonymous → the login page. A URL added to the app and not to MATRIX fails
`test_every_url_is_in_the_matrix`.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from common.services import Actor

PERSONAS = [
    "staff_a",
    "viewer_a",
    "staff_b",
    "officer_a",
    "officer_b",
    "pref_p",
    "other_pref",
    "anon",
]
FY = 2025


def _hub(w, attr="hub_a1"):
    return {"hub_id": getattr(w, attr).public_id}


def _event(w):
    """An event of hub A1 in FY (made once in the shared world)."""
    import datetime as dt

    from hubs.models import Event

    event, _ = Event.objects.get_or_create(
        hub=w.hub_a1, date=dt.date(2025, 6, 9), title="matrix", kind="koshu"
    )
    return _hub(w) | {"pk": event.pk}


def _outreach(w):
    import datetime as dt

    from hubs.models import OutreachSession, OutreachSite

    site, _ = OutreachSite.objects.get_or_create(hub=w.hub_a1, name="matrix会場")
    session, _ = OutreachSession.objects.get_or_create(
        site=site, date=dt.date(2025, 6, 10), starts=dt.time(10), ends=dt.time(12)
    )
    return _hub(w) | {"pk": session.pk}


def _service(w):
    import datetime as dt

    from hubs.models import HubService

    service, _ = HubService.objects.get_or_create(
        hub=w.hub_a1, kind="ichiji", started_on=dt.date(2020, 4, 1)
    )
    return _hub(w) | {"pk": service.pk}


def _staff(w):
    """A staff member assigned at hub A1, with one qualification."""
    import datetime as dt

    from hubs.models import Assignment, Qualification, StaffMember

    staff, _ = StaffMember.objects.get_or_create(
        municipality=w.city_a,
        staff_number="matrix",
        defaults={"name": "行列", "kana": "ギョウレツ"},
    )
    Assignment.objects.get_or_create(
        staff=staff, hub=w.hub_a1, role="hiroba", started_on=dt.date(2020, 4, 1)
    )
    Qualification.objects.get_or_create(staff=staff, kind="hoikushi")
    return _hub(w) | {"staff_id": staff.public_id}


def _qualification(w):
    from hubs.models import Qualification

    kwargs = _staff(w)
    q = Qualification.objects.get(staff__public_id=kwargs["staff_id"])
    return kwargs | {"kind": "qualifications", "pk": q.pk}


def _submitted(w):
    """City A's report for FY, submitted and under review."""
    from reports.models import AnnualReport, Submission

    if not AnnualReport.objects.filter(municipality=w.city_a, fiscal_year=FY).exists():
        from reports.review import submit

        submit(municipality=w.city_a, fiscal_year=FY, actor=Actor(w.users.officer_a))
    assert Submission.objects.filter(report__municipality=w.city_a).exists()
    return {"code": w.city_a.code, "fiscal_year": FY}


def _batch(w):
    """A finished PDF batch of prefecture P, its file in place."""
    from django.conf import settings

    from reports.models import RenderBatch
    from reports.selectors import batch_path

    batch = RenderBatch.objects.filter(prefecture=w.pref_p).first()
    if batch is None:
        batch = RenderBatch.objects.create(
            prefecture=w.pref_p, fiscal_year=FY, requested_by=w.users.pref_p, status="done"
        )
        settings.KYOTEN_RENDER_DIR.mkdir(parents=True, exist_ok=True)
        batch_path(batch).write_bytes(b"PK")
    return {"code": w.pref_p.code, "batch_id": batch.public_id}


@pytest.fixture
def world(shared_world, db):
    """One world for the module: each case runs in a savepoint inside it (tests/conftest.py)."""
    return shared_world


def expect(*codes):
    """Expected statuses in PERSONAS order: staff_a, viewer_a, staff_b, officer_a, officer_b,
    pref_p, other_pref, anon."""
    return dict(zip(PERSONAS, codes, strict=True))


# name: (method, kwargs builder, data, expected statuses)
#          staff_a viewer_a staff_b officer_a officer_b pref_p other_pref anon
MATRIX = {
    # Each role's work today: counts and links, never a family's name.
    "home": (
        "get",
        lambda w: {},
        None,
        expect(200, 200, 200, 200, 200, 200, 200, 302),
    ),
    "help": ("get", lambda w: {}, None, expect(200, 200, 200, 200, 200, 200, 200, 302)),
    "accounts:login": (
        "get",
        lambda w: {},
        None,
        expect(302, 302, 302, 302, 302, 302, 302, 200),
    ),
    "accounts:logout": (
        "post",
        lambda w: {},
        {},
        expect(302, 302, 302, 302, 302, 302, 302, 302),
    ),
    # Without a registered authenticator, the code page sends the user to register one.
    "accounts:otp_verify": (
        "get",
        lambda w: {},
        None,
        expect(302, 302, 302, 302, 302, 302, 302, 302),
    ),
    "accounts:otp_setup": (
        "get",
        lambda w: {},
        None,
        expect(200, 200, 200, 200, 200, 200, 200, 302),
    ),
    "hubs:list": (
        "get",
        lambda w: {},
        None,
        expect(200, 200, 200, 200, 200, 200, 200, 302),
    ),
    "hubs:detail": (
        "get",
        _hub,
        None,
        expect(200, 200, 404, 200, 404, 200, 404, 302),
    ),
    "reports:eligibility_hub": (
        "get",
        lambda w: _hub(w) | {"fiscal_year": FY},
        None,
        # Reasons name staff members: never for prefecture officers.
        expect(200, 200, 404, 200, 404, 403, 404, 302),
    ),
    "reports:eligibility_hub_pdf": (
        "get",
        lambda w: _hub(w) | {"fiscal_year": FY},
        None,
        expect(200, 200, 404, 200, 404, 403, 404, 302),
    ),
    "reports:eligibility_costs": (
        "post",
        lambda w: _hub(w) | {"fiscal_year": FY},
        {"programme": "kyoten", "eligible_cost": "1000", "total_cost": "2000"},
        # Costs are the municipality's to enter.
        expect(403, 403, 404, 302, 404, 403, 404, 302),
    ),
    "reports:eligibility_record": (
        "get",
        lambda w: _hub(w) | {"fiscal_year": FY},
        None,
        # What the hub did in the year, recorded by the municipality (as its costs are).
        expect(403, 403, 404, 200, 404, 403, 404, 302),
    ),
    "reports:eligibility_what_if": (
        "get",
        lambda w: _hub(w) | {"fiscal_year": FY},
        None,
        expect(200, 200, 404, 200, 404, 403, 404, 302),
    ),
    "hubs:staff": (
        "get",
        _hub,
        None,
        # Prefecture officers see aggregates only: never a staff member's name.
        expect(200, 200, 404, 200, 404, 403, 404, 302),
    ),
    "hubs:schedule_new": (
        "get",
        _hub,
        None,
        # Master data is the municipality's: hub staff may not change it.
        expect(403, 403, 404, 200, 404, 403, 404, 302),
    ),
    "hubs:closure_new": (
        "get",
        _hub,
        None,
        expect(403, 403, 404, 200, 404, 403, 404, 302),
    ),
    "hubs:hub_edit": ("get", _hub, None, expect(403, 403, 404, 200, 404, 403, 404, 302)),
    "hubs:service_add": ("get", _hub, None, expect(403, 403, 404, 200, 404, 403, 404, 302)),
    "hubs:service_edit": ("get", _service, None, expect(403, 403, 404, 200, 404, 403, 404, 302)),
    # Staff members: names, so never the prefecture; kept by staff.edit (拠点責任者, officers).
    "hubs:staff_add": ("get", _hub, None, expect(403, 403, 404, 200, 404, 403, 404, 302)),
    "hubs:staff_member": ("get", _staff, None, expect(200, 200, 404, 200, 404, 403, 404, 302)),
    "hubs:staff_member_edit": (
        "get",
        _staff,
        None,
        expect(403, 403, 404, 200, 404, 403, 404, 302),
    ),
    "hubs:staff_part_add": (
        "get",
        lambda w: _staff(w) | {"kind": "training"},
        None,
        expect(403, 403, 404, 200, 404, 403, 404, 302),
    ),
    "hubs:staff_part_edit": (
        "get",
        _qualification,
        None,
        expect(403, 403, 404, 200, 404, 403, 404, 302),
    ),
    "hubs:usage_month": (
        "get",
        lambda w: _hub(w) | {"year": 2025, "month": 6},
        None,
        expect(200, 200, 404, 200, 404, 200, 404, 302),
    ),
    "hubs:usage_cell": (
        "post",
        lambda w: _hub(w) | {"date": "2025-06-02"},
        {"field": "groups", "value": "3"},
        expect(200, 403, 404, 200, 404, 403, 404, 302),
    ),
    "hubs:events": (
        "get",
        lambda w: _hub(w) | {"fiscal_year": FY},
        None,
        expect(200, 200, 404, 200, 404, 200, 404, 302),
    ),
    "hubs:event_add": (
        "post",
        _hub,
        {
            "date": "2025-06-02",
            "title": "離乳食講習",
            "kind": "koshu",
            "adults": "3",
            "children": "4",
        },
        expect(302, 403, 404, 302, 404, 403, 404, 302),
    ),
    # Correcting a recorded item is for those who record them (usage.edit at the hub).
    "hubs:event_edit": ("get", _event, None, expect(200, 403, 404, 200, 404, 403, 404, 302)),
    "hubs:outreach_edit": (
        "get",
        _outreach,
        None,
        expect(200, 403, 404, 200, 404, 403, 404, 302),
    ),
    "hubs:outreach": (
        "get",
        lambda w: _hub(w) | {"fiscal_year": FY},
        None,
        expect(200, 200, 404, 200, 404, 200, 404, 302),
    ),
    "hubs:outreach_add": (
        "post",
        _hub,
        {
            "site_name": "公民館",
            "date": "2025-06-03",
            "starts": "10:00",
            "ends": "15:00",
            "groups": "5",
            "adults": "5",
            "children": "6",
        },
        expect(302, 403, 404, 302, 404, 403, 404, 302),
    ),
    "hubs:temporary_care_month": (
        "get",
        lambda w: _hub(w) | {"year": 2025, "month": 6},
        None,
        expect(200, 200, 404, 200, 404, 200, 404, 302),
    ),
    "hubs:temporary_care_day": (
        "post",
        lambda w: _hub(w) | {"date": "2025-06-02"},
        {"age_1": "2", "reason_work": "2"},
        expect(200, 403, 404, 200, 404, 403, 404, 302),
    ),
    "portal:municipality": (
        "get",
        lambda w: {"code": w.city_a.code},
        None,
        expect(404, 404, 404, 200, 404, 200, 404, 302),
    ),
    "hubs:import": (
        "get",
        lambda w: {"code": w.city_a.code},
        None,
        expect(404, 404, 404, 200, 404, 403, 404, 302),
    ),
    "hubs:import_confirm": (
        "post",
        lambda w: {"code": w.city_a.code},
        {},
        # officer_a has nothing pending, so is sent back to the upload page.
        expect(404, 404, 404, 302, 404, 403, 404, 302),
    ),
    "hubs:export": (
        "get",
        lambda w: {"code": w.city_a.code},
        None,
        expect(404, 404, 404, 200, 404, 403, 404, 302),
    ),
    "hubs:export_download": (
        "get",
        lambda w: {"code": w.city_a.code, "kind": "staff", "fmt": "csv"},
        None,
        expect(404, 404, 404, 200, 404, 403, 404, 302),
    ),
    "portal:prefecture": (
        "get",
        lambda w: {"code": w.pref_p.code},
        None,
        expect(404, 404, 404, 404, 404, 200, 404, 302),
    ),
    "reports:usage_summary_hub": (
        "get",
        lambda w: _hub(w) | {"fiscal_year": FY},
        None,
        expect(200, 200, 404, 200, 404, 200, 404, 302),
    ),
    "reports:usage_summary_hub_file": (
        "get",
        lambda w: _hub(w) | {"fiscal_year": FY, "fmt": "csv"},
        None,
        expect(200, 200, 404, 200, 404, 200, 404, 302),
    ),
    "reports:usage_summary_municipality": (
        "get",
        lambda w: {"code": w.city_a.code, "fiscal_year": FY},
        None,
        expect(404, 404, 404, 200, 404, 200, 404, 302),
    ),
    "reports:usage_summary_municipality_file": (
        "get",
        lambda w: {"code": w.city_a.code, "fiscal_year": FY, "fmt": "xlsx"},
        None,
        expect(404, 404, 404, 200, 404, 200, 404, 302),
    ),
    "reports:annual": (
        "get",
        _submitted,
        None,
        expect(404, 404, 404, 200, 404, 200, 404, 302),
    ),
    "reports:annual_file": (
        "get",
        lambda w: _submitted(w) | {"fmt": "xlsx"},
        None,
        expect(404, 404, 404, 200, 404, 200, 404, 302),
    ),
    "reports:annual_submit": (
        "post",
        lambda w: {"code": w.city_a.code, "fiscal_year": FY},
        {},
        # Only the municipality submits; the prefecture reviews. (200: the confirmation page.)
        expect(404, 404, 404, 200, 404, 403, 404, 302),
    ),
    "reports:annual_comment": (
        "post",
        _submitted,
        {"item": "total:hubs", "text": "確認してください"},
        expect(404, 404, 404, 403, 404, 302, 404, 302),
    ),
    # The first POST of 差戻し・承認・取消し shows what will happen (200); the confirmed one acts.
    "reports:annual_return": (
        "post",
        _submitted,
        {"reason": "確認してください"},
        expect(404, 404, 404, 403, 404, 200, 404, 302),
    ),
    "reports:annual_approve": (
        "post",
        _submitted,
        {},
        expect(404, 404, 404, 403, 404, 200, 404, 302),
    ),
    "reports:annual_unlock": (
        "post",
        _submitted,
        {"reason": "修正のため"},
        expect(404, 404, 404, 403, 404, 200, 404, 302),
    ),
    "reports:prefecture_dashboard": (
        "get",
        lambda w: {"code": w.pref_p.code, "fiscal_year": FY},
        None,
        expect(404, 404, 404, 404, 404, 200, 404, 302),
    ),
    "reports:batch_start": (
        "post",
        lambda w: {"code": w.pref_p.code, "fiscal_year": FY},
        {},
        expect(404, 404, 404, 404, 404, 302, 404, 302),
    ),
    "reports:batch": (
        "get",
        _batch,
        None,
        expect(404, 404, 404, 404, 404, 200, 404, 302),
    ),
    "reports:batch_retry": (
        "post",
        _batch,
        {},
        expect(404, 404, 404, 404, 404, 302, 404, 302),
    ),
    "reports:batch_download": (
        "get",
        _batch,
        None,
        expect(404, 404, 404, 404, 404, 200, 404, 302),
    ),
    "reports:usage_summary_prefecture": (
        "get",
        lambda w: {"code": w.pref_p.code, "fiscal_year": FY},
        None,
        expect(404, 404, 404, 404, 404, 200, 404, 302),
    ),
    "reports:usage_summary_prefecture_file": (
        "get",
        lambda w: {"code": w.pref_p.code, "fiscal_year": FY, "fmt": "csv"},
        None,
        expect(404, 404, 404, 404, 404, 200, 404, 302),
    ),
}


def _app_url_names(patterns=None, namespace=""):
    names = []
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            names += _app_url_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            names.append(namespace + p.name)
    return names


def test_every_url_is_in_the_matrix():
    from tests.consultations.test_url_matrix import MATRIX as CONSULTATIONS
    from tests.famisapo.test_url_matrix import HUB_MATRIX
    from tests.famisapo.test_url_matrix import MATRIX as FAMISAPO

    assert sorted(_app_url_names()) == sorted([*MATRIX, *CONSULTATIONS, *FAMISAPO, *HUB_MATRIX])


CASES = [(name, persona) for name in MATRIX for persona in PERSONAS]


@pytest.mark.parametrize(("name", "persona"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_role_url_matrix(client, world, name, persona):
    method, kwargs, data, expected = MATRIX[name]
    if persona != "anon":
        client.force_login(getattr(world.users, persona))
    url = reverse(name, kwargs=kwargs(world))
    response = getattr(client, method)(url, data or {})
    assert response.status_code == expected[persona], f"{persona} {method.upper()} {url}"
    if persona == "anon" and expected[persona] == 302 and name != "accounts:logout":
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("persona", "hub_attr"),
    [
        ("staff_a", "hub_a2"),  # another hub in the same municipality
        ("officer_a", "hub_b1"),  # another municipality
        ("pref_p", "hub_c1"),  # another prefecture
    ],
)
def test_objects_outside_scope_are_404_on_every_hub_url(client, world, persona, hub_attr):
    client.force_login(getattr(world.users, persona))
    hub = getattr(world, hub_attr)
    for name, (method, kwargs, data, _) in MATRIX.items():
        built = kwargs(world)
        if "hub_id" not in built:
            continue
        built["hub_id"] = hub.public_id
        response = getattr(client, method)(reverse(name, kwargs=built), data or {})
        assert response.status_code == 404, name


def test_unknown_hub_is_404(client, world):
    import uuid

    client.force_login(world.users.officer_a)
    assert client.get(reverse("hubs:detail", args=[uuid.uuid4()])).status_code == 404


def test_admin_refuses_everyone_but_superusers(client, world):
    client.force_login(world.users.officer_a)
    response = client.get("/admin/hubs/hub/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_prefecture_officer_never_sees_staff_names(client, world):
    from tests.factories import AssignmentFactory

    AssignmentFactory(hub=world.hub_a1, staff__name="秘密 太郎", staff__municipality=world.city_a)
    client.force_login(world.users.pref_p)
    pages = [
        reverse("hubs:detail", args=[world.hub_a1.public_id]),
        reverse("portal:municipality", args=[world.city_a.code]),
        reverse("portal:prefecture", args=[world.pref_p.code]),
        reverse("reports:usage_summary_prefecture", args=[world.pref_p.code, 2025]),
        reverse("reports:usage_summary_prefecture_file", args=[world.pref_p.code, 2025, "csv"]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "秘密" not in response.content.decode("utf-8"), url
