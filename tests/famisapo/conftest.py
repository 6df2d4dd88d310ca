import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import timezone

from families import registry
from famisapo.models import (
    Activity,
    Centre,
    Curriculum,
    HelperProfile,
    Member,
    MemberChild,
    MemberStatus,
    Request,
    StatusChange,
    Subject,
    SubjectKind,
    TrainingRecord,
)
from tests.factories import UserFactory, grant

# A small curriculum: two subjects and the two safety courses (9 hours).
SUBJECTS = [
    ("心の発達とその問題", SubjectKind.BASIC, Decimal(2)),
    ("子どもの栄養と食生活", SubjectKind.BASIC, Decimal(2)),
    ("事故防止講習", SubjectKind.ACCIDENT, Decimal(2)),
    ("緊急救命講習", SubjectKind.RESCUE, Decimal(3)),
    ("病児・病後児の理解と対応", SubjectKind.SICK_CHILD, Decimal(4)),
]


def make_centre(municipality, name, hub=None):
    centre = Centre.objects.create(municipality=municipality, name=name, hub=hub)
    curriculum = Curriculum.objects.create(centre=centre, valid_from=dt.date(2010, 4, 1))
    for order, (subject, kind, hours) in enumerate(SUBJECTS):
        Subject.objects.create(
            curriculum=curriculum, name=subject, kind=kind, hours=hours, order=order
        )
    return centre


def make_member(
    centre, number, kind="helper", *, registered_on=dt.date(2024, 4, 1), trained_on=None
):
    member = Member.objects.create(
        centre=centre,
        family=None
        if kind == "helper"
        else registry.register(
            centre.municipality, family_name="会員", kana=f"カイイン{number}", phone="0492000000"
        ),
        number=number,
        kind=kind,
        name=f"会員 {number}",
        kana=f"カイイン{number}",
        phone="0492000000",
        address_area="脇田町1丁目",
        registered_on=registered_on,
    )
    StatusChange.objects.create(member=member, on=registered_on, status=MemberStatus.ACTIVE)
    if member.helps:
        HelperProfile.objects.create(member=member)
    if trained_on:
        for subject, kind_, hours in SUBJECTS[:4]:
            TrainingRecord.objects.create(
                member=member, subject=subject, kind=kind_, hours=hours, taken_on=trained_on
            )
    return member


@pytest.fixture
def centres(world):
    return build_centres(world)


@pytest.fixture(scope="module")
def shared_centres(shared_world, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_centres(shared_world)
        yield built
        transaction.set_rollback(True)


def build_centres(world):
    """Centre A1 at hub A1 and centre A2 in city A; centre B in city B; a helper and a requester
    in each. Personas: coord_a (coordinator of A1), coord_a2 (of A2), coord_b (of B)."""
    a1 = make_centre(world.city_a, "ファミサポA1", hub=world.hub_a1)
    a2 = make_centre(world.city_a, "ファミサポA2")
    b = make_centre(world.city_b, "ファミサポB")
    for centre, persona in ((a1, "coord_a"), (a2, "coord_a2"), (b, "coord_b")):
        setattr(
            world.users,
            persona,
            grant(UserFactory(username=persona), "famisapo_coordinator", centre=centre),
        )
    records_a = grant(
        UserFactory(username="records_a_f"), "municipal_records", municipality=world.city_a
    )
    world.users.records_a = records_a
    built = SimpleNamespace(world=world)
    for key, centre in (("own", a1), ("sibling", a2), ("other", b)):
        helper = make_member(centre, "0001", trained_on=dt.date(2024, 3, 1))
        requester = make_member(centre, "0002", kind="requester")
        child = MemberChild.objects.create(
            member=requester, name="子", birth_date=dt.date(2021, 5, 1)
        )
        request = Request.objects.create(
            centre=centre,
            requester=requester,
            kind="保育施設等の送迎",
            date=dt.date(2025, 6, 2),
            start=dt.time(17, 30),
            end=dt.time(19, 0),
            place="保育園",
            received_at=timezone.now(),
        )
        request.children.set([child])
        activity = Activity.objects.create(
            centre=centre,
            request=request,
            requester=requester,
            helper=helper,
            kind="保育施設等の送迎",
            date=dt.date(2025, 6, 2),
            start=dt.time(17, 30),
            end=dt.time(19, 0),
            done="お迎え",
            reported_on=dt.date(2025, 6, 4),
            requester_pays=1050,
        )
        setattr(
            built,
            key,
            SimpleNamespace(
                centre=centre,
                helper=helper,
                requester=requester,
                request=request,
                activity=activity,
            ),
        )
    return built
