"""Casework in Chromium: two-factor login, search, a new family with consent, a consultation
marked 虐待の疑い, the referral; the municipality sees the alert; the prefecture sees no record."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from consultations.models import AbuseAlert, Agency, AgencyKind, Household, Referral
from tests.factories import UserFactory, ensure_topics, grant

pytestmark = pytest.mark.browser

KEY = "3132333435363738393031323334353637383930"


def _code() -> str:
    return f"{totp(bytes.fromhex(KEY)):06d}"


def _two_factor(page):
    expect(page.locator("h1")).to_have_text("二要素認証")
    page.fill("#id_token", _code())
    page.click("main button:has-text('確認')")
    expect(page.locator("h1")).not_to_have_text("二要素認証")


def test_specialist_records_a_suspicion_and_the_city_is_alerted(page, sign_in, world, live_server):
    ensure_topics()
    hub = world.hub_a1
    specialist = grant(UserFactory(username="spec_a"), "specialist", hub=hub)
    city = grant(
        grant(UserFactory(username="city_a"), "municipal_officer", municipality=world.city_a),
        "municipal_records",
        municipality=world.city_a,
    )
    for user in (specialist, city):
        TOTPDevice.objects.create(user=user, name="app", key=KEY, confirmed=True)
    agency = Agency.objects.create(
        municipality=world.city_a, kind=AgencyKind.CHILD_GUIDANCE, name="川越児童相談所"
    )

    sign_in("spec_a")
    _two_factor(page)
    page.goto(f"/hubs/{hub.public_id}/")
    page.click("text=世帯の検索・登録")
    page.fill("#id_kana", "ﾐﾅﾐ")  # half-width katakana, as some keyboards type it
    page.click("button:has-text('検索')")
    expect(page.locator("text=この条件に一致する世帯はありません。")).to_be_visible()
    assert "ﾐﾅﾐ" not in page.url and "ミナミ" not in page.url

    page.click("text=新しい世帯として登録する")
    page.fill("#id_family_name", "南")
    page.fill("#id_family_name_kana", "みなみ")
    page.fill("#id_guardian_name", "南 さくら")
    page.fill("#id_guardian_kana", "みなみ さくら")
    page.fill("#id_child_name", "南 たける")
    page.fill("#id_child_kana", "みなみ たける")
    page.fill("#id_child_birth_date", "R5.8.1")
    page.click("button:has-text('登録する')")

    expect(page.locator("h1")).to_have_text("承諾の記録")
    page.fill("#id_given_by", "南 さくら")
    page.select_option("#id_method", "written")
    page.click("button:has-text('記録する')")
    expect(page.locator(".messages")).to_contain_text("承諾を記録しました")

    page.click("text=相談を記録")
    page.select_option("#id_service", "kihon")
    page.select_option("#id_channel", "visit")
    page.fill("#id_minutes", "40")
    page.check("text=育児不安")
    page.fill("#id_situation", "右頬に赤いあざ。母は説明をためらう。")
    page.fill("#id_request", "子どもを叩いてしまうことがある")
    page.check("#id_abuse_suspected")
    page.click("button:has-text('保存する')")

    # Marking the suspicion leads straight to the referral.
    expect(page.locator("h1")).to_have_text("つなぎ（関係機関への連絡）")
    household = Household.objects.get(family_name="南")
    alert = AbuseAlert.objects.get(consultation__household=household)
    assert alert.handled_at is None

    # The city officer sees the open alert (a fresh browser context, as another person).
    other = page.context.browser.new_context(
        base_url=page.url.split("/consultations")[0], locale="ja-JP"
    )
    city_page = other.new_page()
    city_page.goto("/accounts/login/")
    city_page.fill("#id_username", "city_a")
    city_page.fill("#id_password", "correct-horse-battery")
    city_page.click("button[type=submit]")
    _two_factor(city_page)
    city_page.goto(f"/hubs/municipality/{world.city_a.code}/")
    expect(city_page.locator(".alert-banner[role=alert]")).to_contain_text("未対応 1件")
    city_page.click("text=通知を確認する")
    expect(city_page.locator("table").first).to_contain_text(hub.name)

    # Back at the hub, the specialist records the referral to 児童相談所: the alert is handled.
    page.select_option("#id_agency", str(agency.pk))
    page.fill("#id_content", "通告。明日家庭訪問の予定。")
    page.click("button:has-text('記録する')")
    expect(page.locator(".messages")).to_contain_text("つなぎを記録しました")
    assert Referral.objects.filter(household=household, agency=agency).exists()
    alert.refresh_from_db()
    assert alert.handled_at is not None
    city_page.reload()
    expect(city_page.locator("text=未対応の通知はありません。")).to_be_visible()
    other.close()


def test_prefecture_officer_cannot_open_any_record(page, sign_in, world):
    from tests.factories import make_family

    family = make_family(world.hub_a1, kana="きた", name="北")
    sign_in("pref_p")
    for path in (
        f"/consultations/families/{family.public_id}/",
        f"/consultations/families/{family.public_id}/pdf/",
        f"/consultations/hubs/{world.hub_a1.public_id}/families/",
        f"/consultations/hubs/{world.hub_a1.public_id}/register/",
    ):
        response = page.goto(path)
        assert response.status == 403, path
        assert "北" not in page.content()
    page.goto(f"/consultations/prefectures/{world.pref_p.code}/stats/2025/")
    expect(page.locator("h1")).to_contain_text("相談件数")
