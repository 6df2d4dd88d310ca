"""What users do, in Chromium."""

import datetime as dt
import re

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
    d = f"{day:%Y-%m-%d}"
    DailyUsage.objects.create(hub=hub, date=day + dt.timedelta(days=1), mothers=4)
    sign_in("staff_a")
    page.goto(f"/hubs/{hub.public_id}/usage/{day.year}/{day.month}/")
    total = page.locator('#usage-totals td[data-total="mothers"]')
    assert total.inner_text() == "4"

    cell = page.locator(f'tr[data-date="{d}"] input[data-field="mothers"]')
    cell.fill("１２")  # full-width, as typed on a Japanese IME
    cell.press("Tab")
    # (No wait_for_function: the page's CSP forbids evaluating strings, as it should.)
    expect(total).to_have_text("16")
    expect(page.locator("#grid-status")).to_contain_text("母を保存しました")
    expect(page.locator(f"#adults-{d}")).to_have_text("12")
    expect(page.locator(f"#c-{d}-mothers")).to_have_class("entry saved")
    assert DailyUsage.objects.get(hub=hub, date=day).mothers == 12

    # Enter moves down to the same column on the next open day, keyboard only.
    cell.focus()
    cell.press("Enter")
    focused = page.evaluate("document.activeElement.closest('tr').dataset.date")
    assert focused > d
    assert page.evaluate("document.activeElement.dataset.field") == "mothers"

    # Offline: the page, its htmx and its CSS all come from the app itself.
    assert any("/static/django_htmx/" in url for url in requested)
    outside = [url for url in requested if not url.startswith((live_server.url, "data:"))]
    assert outside == []


@pytest.mark.parametrize("size", [(1366, 900), (1024, 768)])
def test_each_refused_cell_keeps_its_own_message_in_view(page, sign_in, world, size):
    """A refused value stays visibly refused with a message naming its column; the next cell's
    message does not replace it; on a tablet the day column and the message stay on screen."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    hub = world.hub_a1
    day = _an_open_day_last_month(hub)
    d = f"{day:%Y-%m-%d}"
    DailyUsage.objects.create(hub=hub, date=day, fathers=3)
    sign_in("staff_a")
    page.goto(f"/hubs/{hub.public_id}/usage/{day.year}/{day.month}/")
    row = page.locator(f'tr[data-date="{d}"]')

    fathers = row.locator('input[data-field="fathers"]')
    fathers.fill("abc")
    fathers.press("Tab")
    message = page.locator(f"#m-{d}-fathers")
    expect(message).to_contain_text("父: 0以上の整数を入力してください")
    expect(message).to_contain_text("保存されている値: 3")
    expect(page.locator(f"#c-{d}-fathers")).to_have_class("entry refused")
    expect(page.locator("#grid-status")).to_have_class("error")
    expect(fathers).to_have_value("abc")
    expect(fathers).to_have_attribute("aria-invalid", "true")

    # The next cell saves; the refused one keeps its message and its mark.
    note = row.locator('input[data-field="note"]')
    note.fill("雨")
    note.press("Tab")
    expect(page.locator("#grid-status")).to_contain_text("備考を保存しました")
    expect(message).to_contain_text("父: 0以上の整数")
    expect(page.locator(f"#c-{d}-fathers")).to_have_class("entry refused")
    assert DailyUsage.objects.get(hub=hub, date=day).fathers == 3

    # Everything the user needs is inside the window, the message and the note included.
    width = size[0]
    for target in (message, note, row.locator("th")):
        box = target.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, target

    # Correcting the value clears its message.
    fathers.fill("4")
    fathers.press("Tab")
    expect(page.locator(f"#c-{d}-fathers")).to_have_class("entry saved")
    expect(message).to_be_empty()
    assert DailyUsage.objects.get(hub=hub, date=day).fathers == 4


def test_today_is_marked_and_only_open_past_days_take_input(page, sign_in, world):
    hub = world.hub_a1
    today = timezone.localdate()
    sign_in("staff_a")
    page.goto(f"/hubs/{hub.public_id}/usage/{today.year}/{today.month}/")
    row = page.locator(f'tr[data-date="{today:%Y-%m-%d}"]')
    expect(row).to_have_attribute("aria-current", "date")
    expect(row.locator("th")).to_contain_text("今日")
    tomorrow = today + dt.timedelta(days=1)
    if tomorrow.month == today.month:
        future = page.locator(f'tr[data-date="{tomorrow:%Y-%m-%d}"]')
        expect(future).to_have_class(re.compile(r"\bfuture\b"))
        assert future.locator("input").count() == 0


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


@pytest.mark.parametrize("size", [(1366, 900), (1024, 768)])
def test_hub_staff_start_from_their_work_and_reach_a_missing_day(page, sign_in, world, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    hub = world.hub_a1
    day = _an_open_day_last_month(hub)
    sign_in("staff_a")
    page.goto("/")
    expect(page.locator("h1")).to_contain_text("今日の仕事")
    missing = page.get_by_role("link", name=re.compile(r"^先月の未入力の開所日"))
    expect(missing).to_contain_text(f"{day.month}/{day.day}")
    box = missing.bounding_box()
    assert box is not None and box["x"] + box["width"] <= size[0]
    missing.click()
    expect(page.locator(f'tr[data-date="{day:%Y-%m-%d}"]')).to_be_visible()
    # The header leads to the help for this role.
    page.get_by_role("link", name="使い方").click()
    expect(page.locator("main")).to_contain_text("毎日の利用実績")
