"""The demo data is idempotent and gives each demo account the role the README promises."""

import datetime as dt

import pytest

from accounts.access import municipalities_for_user, permissions_on
from accounts.models import User
from demo.places_and_hubs import DEMO_PASSWORD, DemoBuilder
from hubs.models import DailyUsage, Hub, StaffMember, TrainingRecord
from orgs.models import Municipality


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing_and_accounts_work():
    today = dt.date(2025, 5, 10)
    DemoBuilder(today=today).build()
    counts = [
        m.objects.count()
        for m in (Hub, Municipality, StaffMember, TrainingRecord, DailyUsage, User)
    ]
    DemoBuilder(today=today).build()
    assert [
        m.objects.count()
        for m in (Hub, Municipality, StaffMember, TrainingRecord, DailyUsage, User)
    ] == counts
    assert counts[0] == 16 and counts[4] > 3000  # 13 months of opening days for 16 hubs
    assert not DailyUsage.objects.filter(date__gte=today).exists()  # nothing in the future
    from hubs.rollups import differences

    assert differences() == []  # the monthly rollups match the days seeded

    city = User.objects.get(username="demo_city")
    assert list(municipalities_for_user(city).values_list("code", flat=True)) == ["112011"]
    demo_hub = User.objects.get(username="demo_hub")
    other_hub = User.objects.get(username="demo_hub_other")
    their_hub = Hub.objects.get(name="かわごえ子育て支援センター すくすく")
    assert "usage.edit" in permissions_on(demo_hub, their_hub)
    assert permissions_on(other_hub, their_hub) == frozenset()
    assert User.objects.get(username="demo_admin").is_superuser
    for username in ("demo_hub", "demo_hub_other", "demo_city", "demo_pref", "demo_admin"):
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD), username


@pytest.mark.django_db
def test_demo_casework_is_idempotent_and_two_factor_accounts_use_the_readme_secrets():
    import base64

    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from consultations.models import AbuseAlert, Consultation, Household, Referral
    from demo.places_and_hubs import demo_totp_secret

    today = dt.date(2025, 5, 10)
    DemoBuilder(today=today).build()
    counts = [m.objects.count() for m in (Household, Consultation, Referral, AbuseAlert)]
    DemoBuilder(today=today).build()
    assert [m.objects.count() for m in (Household, Consultation, Referral, AbuseAlert)] == counts
    assert counts[0] == 8
    # One open alert for demo_city to see; consultations named and anonymous for the statistics.
    assert AbuseAlert.objects.filter(handled_at__isnull=True).count() == 1
    assert Consultation.objects.filter(household__isnull=True).count() > 100

    specialist = User.objects.get(username="demo_specialist")
    hub = Hub.objects.get(name="かわごえ子育て支援センター すくすく")
    assert "record.view" in permissions_on(specialist, hub)
    assert "record.view_purpose" in permissions_on(User.objects.get(username="demo_city"), hub)
    assert specialist.check_password(DEMO_PASSWORD)
    device = TOTPDevice.objects.get(user=specialist)
    secret = base64.b32decode(demo_totp_secret("demo_specialist"))
    assert device.verify_token(f"{totp(secret):06d}")
    assert not TOTPDevice.objects.filter(user__username="demo_pref").exists()

    # The casebook's 田中家 is the ファミサポ centre's 依頼会員 0001: one row in the register.
    from families.models import Family
    from famisapo.models import Member

    tanaka = Household.objects.get(family_name="田中")
    member = Member.objects.get(number="0001", centre__municipality=hub.municipality)
    assert member.name == "田中 大輔" and member.family == tanaka.family
    assert not Family.objects.filter(
        households__isnull=True, famisapo_members__isnull=True
    ).exists()
    both = User.objects.get(username="demo_both")
    assert "record.view" in permissions_on(both, tanaka)
    assert "famisapo.member_view" in permissions_on(both, member)


def test_readme_lists_the_demo_accounts_and_their_two_factor_secrets():
    from pathlib import Path

    from demo.places_and_hubs import demo_accounts_table

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for username, _password, _label, secret in demo_accounts_table():
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{username}` |"))
        assert (f"`{secret}`" in row) if secret else row.endswith("| — |"), username


@pytest.mark.django_db
def test_demo_review_states_are_idempotent_and_survive_a_second_seed():
    from demo.reviews import seed_reviews
    from reports.models import AnnualReport, ReviewComment

    today = dt.date(2025, 5, 10)
    DemoBuilder(today=today).build()
    seed_reviews(today)
    usage = DailyUsage.objects.count()
    DemoBuilder(today=today).build()  # must not touch the approved (locked) year
    seed_reviews(today)
    assert DailyUsage.objects.count() == usage
    states = dict(AnnualReport.objects.values_list("municipality__code", "status"))
    assert states == {"111007": "approved", "112020": "submitted", "112038": "returned"}
    assert AnnualReport.objects.get(municipality__code="111007").fiscal_year == 2024
    assert ReviewComment.objects.count() == 1
