"""The year-end round in Chromium: the city tries a what-if and submits its annual report, the
prefecture returns it with a comment, the city fixes and resubmits and sees the diff, the
prefecture approves, and that year's usage can no longer be edited."""

import datetime as dt

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from hubs.models import DailyUsage
from reports.models import AnnualReport
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.browser

KEY = "3132333435363738393031323334353637383930"
DAY = dt.date(2025, 6, 2)  # a Monday: hub A1 is open


def test_submit_return_resubmit_approve_and_lock(chromium, page, sign_in, world, live_server):
    hub = world.hub_a1
    DailyUsage.objects.create(hub=hub, date=DAY, groups=8, mothers=8, children_0=8)
    # The demo accounts' roles: the city's officer (who may also read records, so two-factor
    # login) and the prefecture's officer.
    city = grant(
        grant(UserFactory(username="demo_city"), "municipal_officer", municipality=world.city_a),
        "municipal_records",
        municipality=world.city_a,
    )
    TOTPDevice.objects.create(user=city, name="app", key=KEY, confirmed=True)
    grant(UserFactory(username="demo_pref"), "prefecture_officer", prefecture=world.pref_p)
    annual = "/reports/annual/112011/2025/"

    # demo_city: the hub's eligibility, then a what-if schedule.
    sign_in("demo_city")
    expect(page.locator("h1")).to_have_text("二要素認証")
    page.fill("#id_token", f"{totp(bytes.fromhex(KEY)):06d}")
    page.click("main button:has-text('確認')")
    page.goto(f"/reports/hubs/{hub.public_id}/eligibility/2025/")
    expect(page.locator("h1")).to_contain_text("補助要件の判定")
    page.click("text=スケジュールや職員を変えたらどうなるか試す")
    page.fill("#id_d5_opens1", "09:30")  # open on Saturdays too
    page.fill("#id_d5_closes1", "15:30")
    page.click("main button:has-text('試算する')")
    expect(page.locator("text=判定の比較")).to_be_visible()
    expect(page.locator("td.reason", has_text="週6〜7日型").first).to_be_visible()

    # … and submits the annual report.
    page.goto(f"/hubs/municipality/{world.city_a.code}/")
    page.click("text=令和7年度（2025年度） 年次報告")
    expect(page.locator("#report-status")).to_have_text("未提出")
    page.fill("#id_person", "川越 花子")
    page.click("main button:has-text('提出する')")
    expect(page.locator("h1")).to_have_text("埼玉県に提出しますか")
    expect(page.locator("main")).to_contain_text("変更できなくなります")
    page.click("main button:has-text('提出する（確定）')")
    expect(page.locator(".messages")).to_contain_text("提出しました")
    expect(page.locator("#report-status")).to_have_text("提出済み（審査中）")

    # demo_pref: the dashboard shows it under review; a comment on one item, then 差戻し.
    pref_context = chromium.new_context(base_url=live_server.url, locale="ja-JP")
    pref = pref_context.new_page()
    pref.goto("/accounts/login/")
    pref.fill("#id_username", "demo_pref")
    pref.fill("#id_password", "correct-horse-battery")
    pref.click("main button:has-text('ログイン')")
    pref.goto("/reports/prefecture/11/2025/dashboard/")
    row = pref.locator("#report-statuses tr", has_text="川越市")
    expect(row).to_contain_text("提出済み（審査中）")
    row.locator("a.badge").click()
    item = pref.locator('tr[data-item="total:adults"]')
    item.locator("summary").click()
    item.locator("textarea").fill("6月の利用者数を確認してください")
    item.locator("button:has-text('記入する')").click()
    expect(pref.locator(".messages")).to_contain_text("コメントを記入しました")
    pref.fill("#return-reason", "利用者数に誤りがあるようです")
    pref.click("main button:has-text('差し戻す')")
    expect(pref.locator("blockquote")).to_contain_text("利用者数に誤りがあるようです")
    pref.click("main button:has-text('差し戻す（確定）')")
    expect(pref.locator("#report-status")).to_have_text("差戻し")

    # demo_city: sees the reason and the comment, fixes the day, resubmits, sees the diff.
    page.goto(annual)
    expect(page.locator(".returned")).to_contain_text("利用者数に誤りがあるようです")
    expect(page.locator('tr[data-item="total:adults"] .comment')).to_contain_text("6月の利用者数")
    page.goto(f"/hubs/{hub.public_id}/usage/2025/6/")
    cell = page.locator(f'tr[data-date="{DAY:%Y-%m-%d}"] input[data-field="mothers"]')
    cell.fill("5")
    cell.press("Tab")
    expect(page.locator("#grid-status")).to_contain_text("母を保存しました")
    page.goto(annual)
    expect(page.locator("#changes")).to_contain_text("提出した内容からの変更")
    page.click("main button:has-text('修正して再提出する')")
    page.click("main button:has-text('提出する（確定）')")
    expect(page.locator("#report-status")).to_have_text("提出済み（審査中）")
    change = page.locator("#changes tr", has_text="市町村計").filter(
        has_text="利用者数（大人・延べ）"
    )
    expect(change.locator(".before")).to_have_text("8")
    expect(change.locator(".after")).to_have_text("5")

    # demo_pref approves.
    pref.reload()
    pref.click("main button:has-text('承認する')")
    expect(pref.locator("main")).to_contain_text("ロックされ")
    pref.click("main button:has-text('承認する（確定）')")
    expect(pref.locator("#report-status")).to_have_text("承認済み")
    assert AnnualReport.objects.get().status == "approved"
    pref_context.close()

    # demo_city: that year's usage is now read-only, and a write is refused with the reason.
    page.goto(f"/hubs/{hub.public_id}/usage/2025/6/")
    expect(page.locator(".alert-banner")).to_contain_text("承認済み")
    expect(
        page.locator(f'tr[data-date="{DAY:%Y-%m-%d}"] input[data-field="mothers"]')
    ).to_have_count(0)
    token = page.context.cookies()
    csrf = next(c["value"] for c in token if c["name"].endswith("csrftoken"))
    response = page.request.post(
        f"/hubs/{hub.public_id}/usage/{DAY:%Y-%m-%d}/cell/",
        form={"field": "mothers", "value": "9"},
        headers={"X-CSRFToken": csrf, "HX-Request": "true"},
    )
    assert "承認の取消し" in response.text()
    assert DailyUsage.objects.get(hub=hub, date=DAY).mothers == 5
