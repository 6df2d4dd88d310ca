"""Search before create, consent gates, anonymous consultations, referrals and alerts."""

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from common.services import Actor
from consultations.models import (
    AbuseAlert,
    Agency,
    AgencyKind,
    Consultation,
    Household,
    Referral,
    Topic,
)
from tests.factories import UserFactory, grant, make_family, verify


def _consultation_post(**extra):
    data = {
        "held_at": "2025-06-03T10:00",
        "service": "kihon",
        "channel": "phone",
        "minutes": "20",
        "topics": [Topic.objects.get(code="development").pk],
        "situation": "2歳。言葉が遅いと祖母に言われた",
        "request": "発達相談の窓口を知りたい",
        "wishes": "まず様子を見たい",
        "direction": "保健センターの発達相談を案内",
    }
    return data | extra


def _search(client, hub, **criteria):
    url = reverse("consultations:family_search", args=[hub.public_id])
    return client.post(url, {"kana": "", "birth_date": "", "phone": ""} | criteria)


def test_new_family_only_after_a_search_that_found_no_one(client, casework):
    w = casework.world
    verify(client, w.users.spec_a)
    new_url = reverse("consultations:family_new", args=[w.hub_a1.public_id])
    # Straight to the form: sent back to search.
    response = client.get(new_url)
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:family_search", args=[w.hub_a1.public_id])

    # Half-width katakana finds the family stored as katakana from hiragana input.
    response = _search(client, w.hub_a1, kana="ﾃown")
    assert casework.own.family in response.context["results"]
    assert client.get(new_url).status_code == 302  # a match was found: no creating

    response = _search(client, w.hub_a1, kana="すずき")
    assert response.context["results"] == []
    form = {
        "family_name": "鈴木",
        "family_name_kana": "すずき",
        "phone": "０４９－２２２－３３３３",
        "language": "日本語",
        "guardian_name": "鈴木　恵",
        "guardian_kana": "すずき めぐみ",
        "guardian_relationship": "母",
        "child_name": "鈴木 陽",
        "child_kana": "すずき ひなた",
        "child_birth_date": "R6.3.10",
    }
    response = client.post(new_url, form)
    household = Household.objects.get(family_name="鈴木")
    assert response.status_code == 302
    assert household.phone == "0492223333"
    assert household.family_name_kana == "スズキ"
    assert household.guardians.get().name == "鈴木 恵"
    assert household.children.get().birth_date == dt.date(2024, 3, 10)
    # The search criteria were not carried in any URL.
    assert "すずき" not in response["Location"]


def test_service_refuses_a_duplicate_that_appeared_after_the_search(casework):
    from django.core.exceptions import ValidationError

    from consultations import services

    w = casework.world
    with pytest.raises(ValidationError):
        services.household_create(
            hub=w.hub_a1,
            scope=Household.objects.filter(hub=w.hub_a1),
            data={"family_name": "試験", "family_name_kana": "テown", "phone": ""},
            guardians=[{"name": "別人", "kana": "てown べつ"}],
            children=[],
            actor=Actor(w.users.spec_a),
        )


def test_named_consultation_needs_consent_to_records(client, casework):
    w = casework.world
    family = make_family(w.hub_a1, kana="のーこんせんと", name="無承諾", consent=False)
    verify(client, w.users.spec_a)
    url = reverse("consultations:consultation_new", args=[family.public_id])
    response = client.post(url, _consultation_post())
    assert response.status_code == 200
    assert "有効な承諾がありません" in response.content.decode()
    assert not family.consultations.exists()


def test_withdrawn_consent_stops_named_records(client, casework):
    w = casework.world
    family = casework.own.family
    verify(client, w.users.spec_a)
    url = reverse(
        "consultations:consent_withdraw", args=[family.public_id, casework.own.consent.pk]
    )
    assert client.post(url, {"withdrawn_on": "2025-06-01", "note": "電話で撤回"}).status_code == 302
    before = family.consultations.count()
    response = client.post(
        reverse("consultations:consultation_new", args=[family.public_id]), _consultation_post()
    )
    assert "有効な承諾がありません" in response.content.decode()
    assert family.consultations.count() == before


def test_anonymous_consultation_counts_and_identifies_no_one(client, casework):
    w = casework.world
    verify(client, w.users.staff_a)
    url = reverse("consultations:anonymous_new", args=[w.hub_a1.public_id])
    response = client.post(url, _consultation_post(situation="名前のある話", request="秘密"))
    assert response.status_code == 302
    c = Consultation.objects.filter(household__isnull=True, channel="phone").get()
    assert (c.situation, c.request, c.wishes, c.direction) == ("", "", "", "")
    assert list(c.topics.values_list("code", flat=True)) == ["development"]
    # The database itself refuses personal text on an anonymous consultation.
    c.situation = "誰かが分かる内容"
    with pytest.raises(IntegrityError), transaction.atomic():
        c.save()


def test_abuse_suspicion_alerts_officers_until_a_referral_to_jisou(
    client, casework, settings, django_capture_on_commit_callbacks
):
    settings.KYOTEN_ALERT_EMAIL = True
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    w = casework.world
    w.users.officer_a.email = "kosodate@city.example.jp"
    w.users.officer_a.save()
    family = casework.own.family
    verify(client, w.users.spec_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("consultations:consultation_new", args=[family.public_id]),
            _consultation_post(abuse_suspected="on", situation="腕にあざ。本人は転んだと言う"),
        )
    # Marking asks for the referral at once.
    assert response["Location"] == reverse("consultations:referral_new", args=[family.public_id])
    alert = AbuseAlert.objects.get(consultation__household=family)
    assert alert.handled_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["kosodate@city.example.jp"]
    assert "試験" not in mail.outbox[0].body and "あざ" not in mail.outbox[0].body

    client.force_login(w.users.officer_a)
    page = client.get(reverse("portal:municipality", args=[w.city_a.code])).content.decode()
    assert "未対応 1件" in page
    alerts = client.get(reverse("consultations:alerts", args=[w.city_a.code]))
    assert alerts.status_code == 200
    # The hub and the day say which alert it is: no fragment of an internal id.
    assert family.short_id not in alerts.content.decode()
    assert w.hub_a1.name in alerts.content.decode()

    # A referral to another kind of agency does not close it; one to 児童相談所 does.
    verify(client, w.users.spec_a)
    npo = Agency.objects.create(municipality=w.city_a, kind=AgencyKind.NPO, name="NPO ひだまり")
    url = reverse("consultations:referral_new", args=[family.public_id])
    client.post(
        url,
        {"agency": npo.pk, "referred_on": "2025-06-03", "content": "見守り", "status": "requested"},
    )
    alert.refresh_from_db()
    assert alert.handled_at is None
    client.post(
        url,
        {
            "agency": casework.own.agency.pk,
            "referred_on": "2025-06-03",
            "content": "通告",
            "status": "requested",
        },
    )
    alert.refresh_from_db()
    assert alert.handled_at is not None
    assert alert.referral.agency == casework.own.agency


def test_sharing_needs_consent_for_that_agency_or_an_override(client, casework):
    w = casework.world
    family = casework.own.family
    url = reverse("consultations:referral_new", args=[family.public_id])
    post = {
        "agency": casework.own.agency.pk,
        "referred_on": "2025-06-05",
        "content": "記録を共有して相談",
        "status": "requested",
        "share": "on",
    }
    verify(client, w.users.spec_a)
    # No consent to share with this agency, no override: refused, nothing written.
    response = client.post(url, post)
    assert "承諾がありません" in response.content.decode()
    # A reason alone is not enough without the permission to override.
    response = client.post(url, post | {"override_reason": "緊急"})
    assert "権限がありません" in response.content.decode()
    assert not Referral.objects.filter(household=family, shares_record=True).exists()

    lead = grant(UserFactory(username="lead_a"), "casework_lead", hub=w.hub_a1)
    verify(client, lead)
    response = client.post(url, post | {"override_reason": "子どもの安全のため至急"})
    assert response.status_code == 302
    shared = Referral.objects.get(household=family, shares_record=True)
    assert shared.consent is None and shared.override_reason == "子どもの安全のため至急"
    share_audit = AuditEvent.objects.get(action="share", subject_id=family.public_id)
    assert share_audit.detail["override_reason"] == "子どもの安全のため至急"

    # With the family's consent for that agency, no reason is needed.
    consent = casework.own.consent
    consent.covers_sharing = True
    consent.save()
    consent.agencies.add(casework.own.agency)
    verify(client, w.users.spec_a)
    assert client.post(url, post).status_code == 302
    assert Referral.objects.filter(household=family, consent=consent).exists()


def test_yotaikyo_cases_get_no_duplicate_conference(client, casework):
    w = casework.world
    family = casework.own.family
    family.yotaikyo_case = True
    family.save()
    verify(client, w.users.spec_a)
    before = family.conferences.count()
    response = client.post(
        reverse("consultations:conference_new", args=[family.public_id]),
        {
            "held_at": "2025-06-20T14:00",
            "participants": "専門員",
            "state_and_problems": "課題",
            "goals": "目標",
            "concrete_support": "支援",
        },
    )
    assert "要対協" in response.content.decode()
    assert family.conferences.count() == before


def test_hub_consultation_list_shows_no_names(client, casework):
    w = casework.world
    client.force_login(w.users.staff_a)
    Consultation.objects.filter(pk=casework.own.consultation.pk).update(held_at=timezone.now())
    page = client.get(reverse("consultations:hub_consultations", args=[w.hub_a1.public_id]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "記名" in text and "試験" not in text and "夜泣き" not in text


def test_family_edit_normalises_and_refuses_a_stale_version(client, casework):
    w = casework.world
    family = casework.own.family
    verify(client, w.users.staff_a)
    url = reverse("consultations:family_edit", args=[family.public_id])
    form = client.get(url).context["form"]
    assert "yotaikyo_case" not in form.fields  # front desk does not decide 要対協
    data = {
        "family_name": "試験own",
        "family_name_kana": "ﾃｽﾄ",
        "phone": "０８０ー１１１１ー２２２２",
        "language": "日本語",
        "version": form.initial["version"],
    }
    assert client.post(url, data).status_code == 302
    family.refresh_from_db()
    assert (family.family_name_kana, family.phone, family.version) == ("テスト", "08011112222", 2)
    response = client.post(url, data | {"address_area": "古い画面から"})
    assert response.status_code == 409
    family.refresh_from_db()
    assert family.address_area == ""


def test_an_expected_child_is_born(client, casework):
    w = casework.world
    family = casework.own.family
    verify(client, w.users.staff_a)
    client.post(
        reverse("consultations:person_new", args=[family.public_id]),
        {"kind": "child", "due_date": "2026/12/1"},
    )
    expected = family.children.get(birth_date__isnull=True)
    assert expected.due_date == dt.date(2026, 12, 1)
    client.post(
        reverse("consultations:child_edit", args=[family.public_id, expected.pk]),
        {
            "name": "試験 花",
            "kana": "てすと はな",
            "birth_date": "令和8年11月20日",
            "due_date": "2026-12-01",
        },
    )
    expected.refresh_from_db()
    assert expected.birth_date == dt.date(2026, 11, 20) and expected.kana == "テスト ハナ"


def test_plan_review_records_the_next_date(client, casework):
    w = casework.world
    plan = casework.own.plan
    verify(client, w.users.spec_a)
    url = reverse("consultations:plan_review", args=[casework.own.family.public_id, plan.pk])
    response = client.post(
        url,
        {
            "reviewed_on": "2025-09-10",
            "review_note": "睡眠は改善",
            "review_on": "2025-12-10",
            "version": 1,
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.reviewed_on, plan.review_on, plan.version) == (
        dt.date(2025, 9, 10),
        dt.date(2025, 12, 10),
        2,
    )


def test_a_family_with_two_children_is_listed_once(casework):
    from consultations import services
    from consultations.models import Child, Household

    w = casework.world
    family = make_family(w.hub_a1, kana="やまもと", name="山本", phone="0492007777")
    Child.objects.create(
        household=family, name="山本 咲", kana="ヤマモト サキ", birth_date=dt.date(2022, 1, 1)
    )
    found = list(services.find_matches(Household.objects.filter(hub=w.hub_a1), kana="ﾔﾏﾓﾄ"))
    assert found.count(family) == 1
