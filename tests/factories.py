"""Factories that keep relations consistent (a staff member works in their hub's municipality)."""

import datetime as dt

import factory

from accounts.models import RoleAssignment, User
from common.japanese import municipality_check_digit
from hubs import models
from orgs import models as org_models


class PrefectureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = org_models.Prefecture
        django_get_or_create = ["code"]

    code = "11"
    name = "埼玉県"


def _code(n: int) -> str:
    five = f"{11200 + n:05d}"
    return five + str(municipality_check_digit(five))


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = org_models.Municipality
        django_get_or_create = ["code"]

    prefecture = factory.SubFactory(PrefectureFactory)
    code = factory.Sequence(lambda n: _code(n + 1))
    name = factory.Sequence(lambda n: f"テスト市{n}")


class OperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = org_models.Operator

    name = factory.Sequence(lambda n: f"NPO法人 テスト{n}")
    kind = org_models.Operator.Kind.NPO


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Hub

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"テストひろば{n}")
    kana = factory.Sequence(lambda n: f"てすとひろば{n}")
    operator = factory.SubFactory(OperatorFactory)
    management = models.Hub.Management.CONTRACTED
    hub_type = models.Hub.HubType.IPPAN
    premises = models.Hub.Premises.PUBLIC_SPACE
    opened_on = dt.date(2015, 4, 1)


def add_schedule(hub, valid_from, hours: dict, holidays_open=False):
    """hours: {weekday: [(opens, closes), ...]} with times as "HH:MM" strings."""
    schedule = models.OpeningSchedule.objects.create(
        hub=hub, valid_from=valid_from, opens_on_public_holidays=holidays_open
    )
    for weekday, ranges in hours.items():
        for opens, closes in ranges:
            models.OpeningHours.objects.create(
                schedule=schedule,
                weekday=weekday,
                opens=dt.time.fromisoformat(opens),
                closes=dt.time.fromisoformat(closes),
            )
    return schedule


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StaffMember

    municipality = factory.SubFactory(MunicipalityFactory)
    staff_number = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"試験 花子{n}")
    kana = factory.Sequence(lambda n: f"しけん はなこ{n}")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Assignment

    hub = factory.SubFactory(HubFactory)
    staff = factory.SubFactory(
        StaffFactory, municipality=factory.SelfAttribute("..hub.municipality")
    )
    role = models.Assignment.Role.HIROBA
    started_on = dt.date(2020, 4, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")


def grant(user, role, **scope):
    RoleAssignment.objects.create(user=user, role=role, **scope)
    return user


def make_family(hub, *, kana="やまだ", name="山田", consent=True, user=None, **extra):
    """A household with one guardian and one child, with consent to records unless told not."""
    from consultations.models import Child, Consent, Guardian, Household
    from consultations.services import to_katakana
    from families import registry

    phone = extra.pop("phone", "0492001234")
    household = Household.objects.create(
        hub=hub,
        family=extra.pop("family", None)
        or registry.register(hub.municipality, family_name=name, kana=kana, phone=phone),
        family_name=name,
        family_name_kana=to_katakana(kana),
        phone=phone,
        **extra,
    )
    Guardian.objects.create(household=household, name=f"{name} 花子", kana=f"{kana} はなこ")
    Child.objects.create(
        household=household,
        name=f"{name} 太郎",
        kana=f"{kana} たろう",
        birth_date=dt.date(2024, 5, 1),
    )
    if consent:
        Consent.objects.create(
            household=household,
            given_by=f"{name} 花子",
            method="written",
            given_on=dt.date(2025, 4, 1),
            covers_records=True,
            covers_reading=True,
            recorded_by=user,
        )
    return household


def verify(client, user):
    """Log in with a confirmed TOTP device, as after entering a code (two-factor verified)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def ensure_topics():
    """The topic master list, as its data migration ships it.

    Transactional tests (live server, threads) empty every table when they end, data migrations'
    rows included; tests that run after them put the list back this way.
    """
    import importlib

    from django.apps import apps

    migration = importlib.import_module("consultations.migrations.0002_topics")
    migration.add_topics(apps, None)
