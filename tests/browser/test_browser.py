"""What users do, in Chromium."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from hubs.models import DailyUsage
from hubs.opening import calendar_for_hub

pytestmark = pytest.mark.browser


def _an_open_day_last_month(hub) -> dt.date:
    first_of_month = timezone.localdate().replace(day=1)
    day = (first_of_month - dt.timedelta(days=1)).replace(day=1)
    cal = calendar_for_hub(hub)
    while not cal.day(day).is_open:
        day += dt.timedelta(days=1)
    return day


def test_hub_staff_fills_a_day_and_sees_the_month_total_change(page, sign_in, world, live_server):
    hub = world.hub_a1
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    day = _an_open_day_last_month(hub)
    DailyUsage.objects.create(hub=hub, date=day + dt.timedelta(days=1), mothers=4)
    sign_in("staff_a")
    page.goto(f"/hubs/{hub.public_id}/usage/{day.year}/{day.month}/")
    total = page.locator('#usage-totals td[data-total="mothers"]')
    assert total.inner_text() == "4"

    cell = page.locator(f'tr[data-date="{day:%Y-%m-%d}"] input[data-field="mothers"]')
    cell.fill("１２")  # full-width, as typed on a Japanese IME
    cell.press("Tab")
    # (No wait_for_function: the page's CSP forbids evaluating strings, as it should.)
    expect(total).to_have_text("16")
    expect(page.locator(f"#msg-{day:%Y-%m-%d}")).to_have_text("保存しました")
    expect(page.locator(f"#adults-{day:%Y-%m-%d}")).to_have_text("12")
    assert DailyUsage.objects.get(hub=hub, date=day).mothers == 12

    # Enter moves down to the same column on the next open day, keyboard only.
    cell.focus()
    cell.press("Enter")
    focused = page.evaluate("document.activeElement.closest('tr').dataset.date")
    assert focused > f"{day:%Y-%m-%d}"
    assert page.evaluate("document.activeElement.dataset.field") == "mothers"

    # An error refuses and says why, in Japanese.
    cell.fill("-1")
    cell.press("Tab")
    expect(page.locator(f"#msg-{day:%Y-%m-%d} .error")).to_contain_text("0以上の整数")
    assert DailyUsage.objects.get(hub=hub, date=day).mothers == 12

    # Offline: the page, its htmx and its CSS all come from the app itself.
    assert any("/static/django_htmx/" in url for url in requested)
    outside = [url for url in requested if not url.startswith((live_server.url, "data:"))]
    assert outside == []


def test_municipal_officer_downloads_the_summary_pdf(page, sign_in, world, tmp_path):
    day = _an_open_day_last_month(world.hub_a1)
    DailyUsage.objects.create(hub=world.hub_a1, date=day, groups=321)
    from common.japanese import fiscal_year_of, wareki_fiscal_year

    fy = fiscal_year_of(day)
    sign_in("officer_a")
    page.goto(f"/hubs/municipality/{world.city_a.code}/")
    page.get_by_role("link", name=f"{wareki_fiscal_year(fy)}（{fy}年度） 利用実績集計").click()
    page.wait_for_load_state()
    assert page.locator("svg.summary-chart").count() == 1
    with page.expect_download() as info:
        page.get_by_role("link", name="PDFでダウンロード").click()
    target = tmp_path / "summary.pdf"
    info.value.save_as(target)
    text = "".join(p.extract_text() for p in PdfReader(str(target)).pages)
    assert "利用実績集計表" in text and "川越市" in text and "321" in text


def test_prefecture_officer_cannot_open_a_hubs_staff_page(page, sign_in, world):
    sign_in("pref_p")
    response = page.goto(f"/hubs/{world.hub_a1.public_id}/staff/")
    assert response.status == 403
    assert "権限がありません" in page.content()
    page.goto(f"/hubs/{world.hub_a1.public_id}/")
    assert page.get_by_role("link", name="職員・研修").count() == 0
