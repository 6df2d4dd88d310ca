import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import transaction

from tests.factories import (
    HubFactory,
    MunicipalityFactory,
    PrefectureFactory,
    UserFactory,
    add_schedule,
    grant,
)

WEEKDAYS_9_TO_15 = {d: [("09:30", "15:30")] for d in range(5)}


@pytest.fixture
def world(db):
    """The two-prefecture world, built for this test (see build_world)."""
    return build_world()


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """build_world() once for a whole module, for tests that only read it (the URL matrices).

    The module's tests each run in a savepoint inside this transaction (pytest-django's `db`
    nests), so what one test writes is rolled back before the next; the whole world is rolled
    back when the module ends. A module opts in by defining `world` as `shared_world`.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)


def build_world():
    """Two prefectures; municipality A with hubs A1, A2; municipality B with hub B1.

    Personas (healthchecks/pretix style): staff_a works at A1, viewer_a reads A1 only,
    staff_b works at B1 (another municipality), officer_a runs municipality A, officer_b runs B,
    pref_p oversees prefecture P, other_pref oversees another prefecture.
    """
    pref_p = PrefectureFactory(code="11", name="埼玉県")
    pref_q = PrefectureFactory(code="13", name="東京都")
    city_a = MunicipalityFactory(prefecture=pref_p, code="112011", name="川越市")
    city_b = MunicipalityFactory(prefecture=pref_p, code="112020", name="熊谷市")
    city_c = MunicipalityFactory(prefecture=pref_q, code="131016", name="千代田区")
    hub_a1 = HubFactory(municipality=city_a, name="ひろばA1")
    hub_a2 = HubFactory(municipality=city_a, name="ひろばA2")
    hub_b1 = HubFactory(municipality=city_b, name="ひろばB1")
    hub_c1 = HubFactory(municipality=city_c, name="ひろばC1")
    for hub in (hub_a1, hub_a2, hub_b1, hub_c1):
        add_schedule(hub, dt.date(2015, 4, 1), WEEKDAYS_9_TO_15)
    users = SimpleNamespace(
        staff_a=grant(UserFactory(username="staff_a"), "hub_staff", hub=hub_a1),
        viewer_a=grant(UserFactory(username="viewer_a"), "hub_viewer", hub=hub_a1),
        staff_b=grant(UserFactory(username="staff_b"), "hub_staff", hub=hub_b1),
        officer_a=grant(
            UserFactory(username="officer_a"), "municipal_officer", municipality=city_a
        ),
        officer_b=grant(
            UserFactory(username="officer_b"), "municipal_officer", municipality=city_b
        ),
        pref_p=grant(UserFactory(username="pref_p"), "prefecture_officer", prefecture=pref_p),
        other_pref=grant(
            UserFactory(username="other_pref"), "prefecture_officer", prefecture=pref_q
        ),
    )
    return SimpleNamespace(
        pref_p=pref_p,
        pref_q=pref_q,
        city_a=city_a,
        city_b=city_b,
        city_c=city_c,
        hub_a1=hub_a1,
        hub_a2=hub_a2,
        hub_b1=hub_b1,
        hub_c1=hub_c1,
        users=users,
    )


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
