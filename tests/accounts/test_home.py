"""The start page shows each role its work: counts and links, never a family's name."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from common.services import Actor
from hubs.models import DailyUsage
from reports import review
from tests.factories import UserFactory, grant

TODAY = dt.datetime(2025, 6, 11, 1, tzinfo=dt.UTC)  # 水曜日 10時 (JST)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def _lines(response) -> list[str]:
    return [text for card in response.context["cards"] for text, _, _ in card.lines]


def test_hub_staff_see_today_and_the_opening_days_without_an_entry(client, world):
    hub = world.hub_a1
    for day in (2, 3, 5, 6, 9):  # June: the 4th and the 10th are missing, today not yet entered
        DailyUsage.objects.create(hub=hub, date=dt.date(2025, 6, day), mothers=1)
    client.force_login(world.users.staff_a)
    lines = _lines(client.get(reverse("home")))
    assert "今日（令和7年6月11日）の利用実績はまだ入力されていません" in lines
    assert "今月の未入力の開所日 2日: 6/4・6/10" in lines
    may = next(line for line in lines if line.startswith("先月の未入力の開所日"))
    assert may.startswith("先月の未入力の開所日 20日: 5/1・5/2・5/7")  # 22 weekdays less 5/5, 5/6
    DailyUsage.objects.create(hub=hub, date=dt.date(2025, 6, 11), mothers=1)
    lines = _lines(client.get(reverse("home")))
    assert "今日（令和7年6月11日）の利用実績は入力済みです" in lines


def test_the_officer_sees_the_hubs_behind_with_last_month_and_the_report_due(client, world):
    for day in range(1, 32):
        DailyUsage.objects.create(hub=world.hub_a2, date=dt.date(2025, 5, day), mothers=1)
    client.force_login(world.users.officer_a)
    response = client.get(reverse("home"))
    lines = _lines(response)
    assert any(line.startswith("5月の入力が済んでいない拠点: ひろばA1（20日）") for line in lines)
    assert not any("ひろばA2" in line for line in lines)
    assert "令和6年度（2024年度）の年次報告: 未提出" in lines
    body = response.content.decode()
    assert reverse("hubs:usage_month", args=[world.hub_a1.public_id, 2025, 5]) in body


def test_the_prefecture_sees_where_the_reports_stand(client, world):
    review.submit(municipality=world.city_a, fiscal_year=2024, actor=Actor(world.users.officer_a))
    client.force_login(world.users.pref_p)
    lines = _lines(client.get(reverse("home")))
    assert "審査待ち 1件" in lines and "未提出 1件" in lines  # 熊谷 has hubs, no report


def test_a_specialist_sees_casework_counts_and_one_card_per_place(client, world):
    both = grant(UserFactory(username="both_a"), "specialist", hub=world.hub_a1)
    grant(both, "hub_staff", hub=world.hub_a1)
    client.force_login(both)
    response = client.get(reverse("home"))
    titles = [card.title for card in response.context["cards"]]
    assert titles == ["ひろばA1の入力", "ひろばA1の利用者支援"]  # the entry card once
    client.force_login(grant(UserFactory(username="spec_a"), "specialist", hub=world.hub_a1))
    titles = [card.title for card in client.get(reverse("home")).context["cards"]]
    assert titles == ["ひろばA1の利用者支援"]  # no entry to make: no entry card
    assert "期日を過ぎたフォロー 0件" in _lines(response)


def test_help_shows_the_users_own_role_first(client, world):
    client.force_login(world.users.staff_a)
    page = client.get(reverse("help")).content.decode()
    assert "毎日の利用実績" in page and "年次報告の審査" not in page
    page = client.get(reverse("help") + "?role=prefecture").content.decode()
    assert "年次報告の審査" in page
