"""A coordinator's month in Chromium: register a 依頼会員 and a 提供会員, record the helper's
training, take a request, be refused the activity before the 事前打合せ, record the meeting and the
activity, see the fee, confirm, close the month and download the statement PDF."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from pypdf import PdfReader

from famisapo.models import Activity, Availability, FeeScheduleRow, Member, Request
from famisapo.training import add_months
from tests.factories import UserFactory, grant
from tests.famisapo.conftest import SUBJECTS, make_centre

from .test_consultations_browser import KEY, _two_factor

pytestmark = pytest.mark.browser

FEES = {
    "bands": [
        {"days": "平日", "from": "07:00", "to": "19:00", "yen_per_hour": 700},
        {"days": "平日", "from": "19:00", "to": "22:00", "yen_per_hour": 800},
        {"days": "土日祝", "from": "07:00", "to": "22:00", "yen_per_hour": 800},
    ]
}


def _a_monday_last_month() -> dt.date:
    first = add_months(timezone.localdate().replace(day=1), -1)
    day = first + dt.timedelta(days=(0 - first.weekday()) % 7 + 7)  # the second Monday
    while day.month == first.month and _is_holiday(day):
        day += dt.timedelta(days=7)
    return day


def _is_holiday(day):
    from common.japanese import holiday_name

    return holiday_name(day) is not None


def _register(page, centre, kind, name, kana):
    page.goto(f"/famisapo/{centre.public_id}/members/new/")
    page.select_option("#id_kind", kind)
    page.fill("#id_name", name)
    page.fill("#id_kana", kana)
    page.fill("#id_phone", "049-222-3333")
    page.fill("#id_address_area", "脇田町1丁目")
    page.fill("#id_registered_on", "2024-04-01")
    page.click("button:has-text('登録する')")
    expect(page.locator(".messages")).to_contain_text("を登録しました")
    return Member.objects.get(name=name)


def test_a_coordinator_works_a_month(page, sign_in, world):
    centre = make_centre(world.city_a, "川越ファミサポ", hub=world.hub_a1)
    FeeScheduleRow.objects.create(centre=centre, valid_from=dt.date(2024, 4, 1), data=FEES)
    coordinator = grant(UserFactory(username="coord"), "famisapo_coordinator", centre=centre)
    TOTPDevice.objects.create(user=coordinator, name="app", key=KEY, confirmed=True)
    day = _a_monday_last_month()

    sign_in("coord")
    _two_factor(page)
    # The start page shows the centre's open work and leads to the centre.
    expect(page.locator("h1")).to_contain_text("今日の仕事")
    expect(page.locator(".work-card")).to_contain_text("調整中の依頼 0件")
    page.get_by_role("link", name="センターのページへ").click()
    expect(page.locator("h1")).to_have_text("川越ファミサポ")

    helper = _register(page, centre, "helper", "提供 和子", "ていきょう かずこ")
    expect(page.locator("main")).to_contain_text("養成講習が未修了")
    for subject, _, hours in SUBJECTS[:4]:
        page.click("a:has-text('受講を記録')")
        page.select_option("#id_subject", subject)
        page.fill("#id_hours", str(hours))
        page.fill("#id_taken_on", "2024-03-01")
        page.click("button:has-text('記録する')")
        expect(page.locator(".messages")).to_contain_text("の受講を記録しました")
    expect(page.locator("main")).to_contain_text("講習修了・期限内")
    Availability.objects.create(member=helper, weekday=0, start=dt.time(8), end=dt.time(20))

    requester = _register(page, centre, "requester", "依頼 花子", "いらい はなこ")
    page.click("a:has-text('子どもを登録')")
    page.fill("#id_name", "依頼 太郎")
    page.fill("#id_birth_date", "2021-05-01")
    page.fill("#id_allergies", "卵")
    page.click("button:has-text('記録する')")

    page.click("a:has-text('依頼を受け付ける')")
    page.select_option("#id_kind", "保育施設等の送迎")
    page.fill("#id_date", day.isoformat())
    page.fill("#id_start", "17:30")
    page.fill("#id_end", "19:15")
    page.check("text=依頼 太郎")
    page.fill("#id_place", "さくら保育園 → 自宅")
    page.click("button:has-text('記録する')")
    expect(page.locator(".messages")).to_contain_text("依頼を受け付けました")

    # The trained, available helper is the candidate; the coordinator records the yes.
    row = page.locator("tr", has_text="提供 和子")
    expect(row).to_contain_text("候補")
    row.locator("button:has-text('承諾')").click()
    expect(page.locator(".messages")).to_contain_text("承諾を記録しました")
    expect(page.locator("main")).to_contain_text("事前打合せが記録されていません")

    # Refused before the 事前打合せ
    page.click("a:has-text('活動報告を記録')")
    page.fill("#id_done", "保育園へお迎え")
    page.click("button:has-text('記録する')")
    expect(page.locator(".error")).to_contain_text("事前打合せが必要です")
    assert not Activity.objects.exists()

    page.goto(f"/famisapo/requests/{Request.objects.get().public_id}/")
    page.click("a:has-text('事前打合せを記録')")
    page.fill("#id_held_on", (day - dt.timedelta(days=5)).isoformat())
    page.fill("#id_place", "依頼会員の自宅")
    page.fill("#id_attendees", "依頼会員、提供会員、アドバイザー")
    page.fill("#id_allergies", "卵")
    page.fill("#id_agreed", "お迎えカードを預かる")
    page.click("button:has-text('記録する')")
    expect(page.locator(".messages")).to_contain_text("事前打合せを記録しました")
    expect(page.locator("main")).to_contain_text("活動を記録できます")

    page.click("a:has-text('活動報告を記録')")
    page.fill("#id_done", "保育園へお迎え、自宅で見守り")
    page.click("button:has-text('記録する')")
    expect(page.locator(".messages")).to_contain_text("活動報告を記録しました")
    # 17:30–19:15 → 2時間 in 30-minute units after the first hour: 1.5 h at 700 + 30 min at 800
    expect(page.locator("tfoot")).to_contain_text("1,450円")
    expect(page.locator("main")).to_contain_text("平日 19:00〜22:00")

    page.click("a:has-text('月の活動')")
    page.click("button:has-text('この月を締める')")
    expect(page.locator(".messages")).to_contain_text("確認がない活動報告が1件")
    page.click("tbody a")  # the month's one activity
    page.click("button:has-text('確認を記録する')")
    expect(page.locator(".messages")).to_contain_text("確認を記録しました")
    page.click("a:has-text('月の活動')")
    page.click("button:has-text('この月を締める')")
    expect(page.locator(".messages")).to_contain_text("を締めました")
    expect(page.locator("main")).to_contain_text("締め済み")

    with page.expect_download() as download:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = ''; "
            "document.body.appendChild(a); a.click(); }",
            page.locator("text=依頼会員ごとの明細（PDF）").get_attribute("href"),
        )
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = pdf.pages[0].extract_text()
    assert "依頼 花子" in text and "1,450円" in text
    fonts = {
        str(font.get_object()["/BaseFont"])
        for sheet in pdf.pages
        for font in sheet["/Resources"]["/Font"].values()
    }
    assert any("IPAexGothic" in f for f in fonts), fonts
    assert requester.activities_as_requester.get().confirmed_on is not None
