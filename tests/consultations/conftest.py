import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import timezone

from consultations.models import (
    Agency,
    AgencyKind,
    CaseConference,
    Complaint,
    Consultation,
    Referral,
    SupportPlan,
    Topic,
)
from tests.factories import UserFactory, ensure_topics, grant, make_family


def _consultation(hub, household, staff, **extra):
    c = Consultation.objects.create(
        hub=hub,
        household=household,
        service="kihon",
        channel="visit",
        held_at=timezone.make_aware(dt.datetime(2025, 6, 2, 10, 0)),
        minutes=30,
        staff=staff,
        **extra,
    )
    c.topics.set([Topic.objects.get(code="anxiety")])
    return c


@pytest.fixture
def casework(world):
    """The casework of build_casework, for this test."""
    return build_casework(world)


@pytest.fixture(scope="module")
def shared_casework(shared_world, django_db_blocker):
    """build_casework() once for a module on the module's shared world (see shared_world)."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_casework(shared_world)
        yield built
        transaction.set_rollback(True)


def build_casework(world):
    """Families at A1 (own site), A2 (same municipality) and B1 (another municipality),
    each with a named consultation, a case conference and a referral; agencies and complaints in
    A and B. Personas: spec_a (利用者支援専門員 at A1), records_a (市町村担当者 of A with the
    personal-data role)."""
    ensure_topics()
    spec_a = grant(UserFactory(username="spec_a"), "specialist", hub=world.hub_a1)
    records_a = grant(
        grant(UserFactory(username="records_a"), "municipal_officer", municipality=world.city_a),
        "municipal_records",
        municipality=world.city_a,
    )
    world.users.spec_a = spec_a
    world.users.records_a = records_a
    objects = {}
    for key, hub, city in (
        ("own", world.hub_a1, world.city_a),
        ("sibling", world.hub_a2, world.city_a),
        ("other", world.hub_b1, world.city_b),
    ):
        agency = Agency.objects.get_or_create(
            municipality=city,
            name=f"{city.name}児童相談所",
            defaults={"kind": AgencyKind.CHILD_GUIDANCE},
        )[0]
        family = make_family(hub, kana=f"て{key}", name=f"試験{key}")
        consultation = _consultation(hub, family, spec_a, request="夜泣きがひどく眠れない")
        anonymous = _consultation(hub, None, spec_a)
        conference = CaseConference.objects.create(
            household=family,
            held_at=timezone.make_aware(dt.datetime(2025, 6, 10, 14, 0)),
            participants="拠点 専門員\n市 子育て支援課",
            state_and_problems="母が疲れている",
            goals="睡眠の確保",
            concrete_support="一時預かりの案内",
        )
        referral = Referral.objects.create(
            household=family, agency=agency, referred_on=dt.date(2025, 6, 11), content="情報提供"
        )
        plan = SupportPlan.objects.create(
            household=family,
            made_on=dt.date(2025, 6, 10),
            goals="睡眠の確保",
            support="月1回の面談",
            review_on=dt.date(2025, 9, 10),
        )
        complaint = Complaint.objects.get_or_create(
            municipality=city,
            content="開館時間を延ばしてほしい",
            defaults={
                "kind": "request",
                "received_on": dt.date(2025, 6, 1),
                "channel": "box",
                "receiver": "受付 一郎",
                "resolver": "責任 次郎",
            },
        )[0]
        objects[key] = SimpleNamespace(
            family=family,
            consultation=consultation,
            anonymous=anonymous,
            conference=conference,
            referral=referral,
            agency=agency,
            complaint=complaint,
            plan=plan,
            child=family.children.first(),
            consent=family.consents.first(),
        )
    return SimpleNamespace(world=world, **objects)
