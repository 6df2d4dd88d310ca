"""Opening days, hours and tiers computed from schedules, holidays and closures."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from hubs.models import ClosurePeriod, ExtraOpeningDay, Hub
from hubs.opening import calendar_for_hub, opening_tier, year_facts
from tests.factories import HubFactory, add_schedule

MON_FRI = range(5)


def _hub(hours, hub_type=Hub.HubType.IPPAN, holidays_open=False, valid_from=dt.date(2020, 4, 1)):
    hub = HubFactory(hub_type=hub_type)
    add_schedule(hub, valid_from, hours, holidays_open)
    return hub


def _tier(hub, on):
    cal = calendar_for_hub(hub)
    return opening_tier(hub.hub_type, cal.pattern_on(on), on)


@pytest.mark.django_db
def test_weekday_hub_of_six_hours_is_five_day_tier_with_reason():
    hub = _hub({d: [("09:30", "15:30")] for d in MON_FRI})
    verdict = _tier(hub, dt.date(2025, 6, 2))
    assert verdict.tier == "週5日型"
    assert verdict.reason.startswith("月〜金 9:30–15:30 → 1日5時間以上の開所が週5日")


@pytest.mark.django_db
def test_five_hours_counts_but_four_hours_fifty_nine_does_not():
    exactly = _hub({d: [("10:00", "15:00")] for d in MON_FRI})
    short = _hub({d: [("10:00", "14:59")] for d in MON_FRI})
    assert _tier(exactly, dt.date(2025, 6, 2)).tier == "週5日型"
    below = _tier(short, dt.date(2025, 6, 2))
    assert below.tier is None
    assert "5時間未満のため数えません" in below.reason
    assert "基準（週3日以上・1日5時間以上）を下回っています" in below.reason


@pytest.mark.django_db
def test_three_days_is_the_floor_two_days_is_below():
    three = _hub({d: [("10:00", "15:00")] for d in (0, 2, 4)})
    two = _hub({d: [("10:00", "15:00")] for d in (0, 2)})
    assert _tier(three, dt.date(2025, 6, 2)).tier == "週3〜4日型"
    assert _tier(two, dt.date(2025, 6, 2)).tier is None


@pytest.mark.django_db
def test_six_days_is_top_tier_and_a_short_saturday_is_not_counted():
    six = _hub({d: [("10:00", "16:00")] for d in range(6)})
    short_sat = _hub({**{d: [("10:00", "16:00")] for d in MON_FRI}, 5: [("10:00", "13:00")]})
    assert _tier(six, dt.date(2025, 6, 2)).tier == "週6〜7日型"
    verdict = _tier(short_sat, dt.date(2025, 6, 2))
    assert verdict.tier == "週5日型"
    assert "土は5時間未満" in verdict.reason


@pytest.mark.django_db
def test_split_day_hours_add_up():
    hub = _hub({d: [("10:00", "12:00"), ("13:00", "16:00")] for d in MON_FRI})
    assert _tier(hub, dt.date(2025, 6, 2)).tier == "週5日型"


@pytest.mark.django_db
def test_renkei_floor_is_three_hours():
    hub = _hub({d: [("10:00", "13:00")] for d in (0, 2, 4)}, hub_type=Hub.HubType.RENKEI)
    short = _hub({d: [("10:00", "12:59")] for d in (0, 2, 4)}, hub_type=Hub.HubType.RENKEI)
    assert _tier(hub, dt.date(2025, 6, 2)).tier == "週3〜4日型"
    assert _tier(short, dt.date(2025, 6, 2)).tier is None


@pytest.mark.django_db
def test_a_schedule_change_in_october_applies_from_october():
    hub = _hub({d: [("10:00", "15:00")] for d in (1, 3)})
    add_schedule(hub, dt.date(2025, 10, 1), {d: [("10:00", "15:00")] for d in MON_FRI})
    assert _tier(hub, dt.date(2025, 9, 30)).tier is None
    assert _tier(hub, dt.date(2025, 10, 1)).tier == "週5日型"
    cal = calendar_for_hub(hub)
    assert not cal.day(dt.date(2025, 9, 29)).is_open  # a Monday under the old schedule
    assert cal.day(dt.date(2025, 10, 6)).is_open  # a Monday under the new one


@pytest.mark.django_db
def test_public_holidays_close_the_hub_unless_it_opens_on_holidays():
    closed = _hub({d: [("10:00", "15:00")] for d in range(7)})
    open_ = _hub({d: [("10:00", "15:00")] for d in range(7)}, holidays_open=True)
    day = dt.date(2025, 11, 3)  # 文化の日
    assert calendar_for_hub(closed).day(day).why == "文化の日"
    assert not calendar_for_hub(closed).day(day).is_open
    assert calendar_for_hub(open_).day(day).is_open


@pytest.mark.django_db
def test_substitute_holiday_closes_the_hub():
    hub = _hub({d: [("10:00", "15:00")] for d in MON_FRI})
    # 2025-11-24 (月) is the 振替休日 of 勤労感謝の日 on a Sunday.
    assert not calendar_for_hub(hub).day(dt.date(2025, 11, 24)).is_open


@pytest.mark.django_db
def test_closures_and_extra_days():
    hub = _hub({d: [("10:00", "15:00")] for d in MON_FRI})
    ClosurePeriod.objects.create(
        hub=hub, starts_on=dt.date(2025, 12, 29), ends_on=dt.date(2026, 1, 3), kind="new_year"
    )
    ExtraOpeningDay.objects.create(
        hub=hub, date=dt.date(2025, 11, 9), opens=dt.time(10), closes=dt.time(14), note="親子まつり"
    )
    cal = calendar_for_hub(hub)
    assert cal.day(dt.date(2025, 12, 29)).why == "年末年始"
    assert not cal.day(dt.date(2025, 12, 29)).is_open
    sunday = cal.day(dt.date(2025, 11, 9))
    assert sunday.is_open and sunday.hours == 4 and sunday.why == "親子まつり"


@pytest.mark.django_db
def test_fiscal_year_runs_april_to_march():
    hub = _hub({d: [("10:00", "15:00")] for d in MON_FRI})
    facts = year_facts(calendar_for_hub(hub), 2025)
    assert min(facts.by_month) == (2025, 4)
    assert max(facts.by_month) == (2026, 3)
    # 261 weekdays from 2025-04-01 to 2026-03-31, less the 15 public holidays on weekdays:
    # 4/29, 5/5, 5/6 (振替), 7/21, 8/11, 9/15, 9/23, 10/13, 11/3, 11/24 (振替), 1/1, 1/12,
    # 2/11, 2/23, 3/20.
    assert facts.opening_days == 261 - 15
    assert facts.opening_hours == facts.opening_days * 5


@pytest.mark.django_db
def test_hours_after_18_count_only_past_the_line():
    evening = _hub({d: [("12:00", "20:00")] for d in MON_FRI})
    until_18 = _hub({d: [("10:00", "18:00")] for d in MON_FRI})
    pattern = calendar_for_hub(evening).pattern_on(dt.date(2025, 6, 2))
    assert pattern.hours_after_18_on(0) == 2
    assert pattern.days_open_after_18(2) == 5
    assert calendar_for_hub(until_18).pattern_on(dt.date(2025, 6, 2)).days_open_after_18(0.01) == 0
    assert year_facts(calendar_for_hub(until_18), 2025).evening_days == 0


@pytest.mark.django_db
def test_hub_closed_mid_year_has_no_opening_days_after():
    hub = _hub({d: [("10:00", "15:00")] for d in MON_FRI})
    hub.closed_on = dt.date(2025, 9, 30)
    hub.save()
    facts = year_facts(calendar_for_hub(hub), 2025)
    assert max(facts.by_month) == (2025, 9)


@pytest.mark.django_db
def test_no_schedule_gives_a_clear_reason():
    hub = HubFactory()
    verdict = _tier(hub, dt.date(2025, 6, 2))
    assert verdict.tier is None and "スケジュールが登録されていません" in verdict.reason


def test_a_date_before_any_tier_rule_gives_a_clear_message():
    verdict = opening_tier("ippan", None, dt.date(2001, 4, 1))
    assert verdict.tier is None and "登録されていません" in verdict.reason


def test_hub_page_shows_computed_tier_for_today(client, world):
    with time_machine.travel(dt.datetime(2025, 6, 2, 10, tzinfo=dt.UTC)):
        client.force_login(world.users.staff_a)
        body = client.get(reverse("hubs:detail", args=[world.hub_a1.public_id])).content.decode()
    assert "週5日型" in body
    assert "令和7年度" in body


def test_boshi_service_is_named_for_the_day(client, world):
    from hubs.models import HubService

    HubService.objects.create(
        hub=world.hub_a1, kind="riyosha_boshi", started_on=dt.date(2020, 4, 1)
    )
    url = reverse("hubs:detail", args=[world.hub_a1.public_id])
    with time_machine.travel(dt.datetime(2024, 3, 31, 3, tzinfo=dt.UTC)):
        client.force_login(world.users.staff_a)
        assert "利用者支援事業（母子保健型）" in client.get(url).content.decode()
    with time_machine.travel(dt.datetime(2024, 4, 1, 3, tzinfo=dt.UTC)):
        client.force_login(world.users.staff_a)
        body = client.get(url).content.decode()
    assert "利用者支援事業（こども家庭センター型）" in body and "母子保健型" not in body


@pytest.mark.django_db
def test_fast_month_count_agrees_with_the_day_by_day_calendar():
    """open_days_by_month must give exactly what walking `day()` gives, in every awkward case."""
    hub = _hub({d: [("10:00", "15:00")] for d in (1, 3, 5)})
    add_schedule(
        hub, dt.date(2025, 10, 1), {d: [("09:00", "16:00")] for d in range(7)}, holidays_open=True
    )
    hub.opened_on = dt.date(2025, 5, 15)
    hub.closed_on = dt.date(2026, 2, 20)
    hub.save()
    ClosurePeriod.objects.create(
        hub=hub, starts_on=dt.date(2025, 12, 29), ends_on=dt.date(2026, 1, 3), kind="new_year"
    )
    ExtraOpeningDay.objects.create(
        hub=hub, date=dt.date(2025, 6, 1), opens=dt.time(10), closes=dt.time(12)
    )
    ExtraOpeningDay.objects.create(
        hub=hub, date=dt.date(2025, 12, 30), opens=dt.time(10), closes=dt.time(12)
    )
    # An extra day on a day that is open anyway must not count twice.
    ExtraOpeningDay.objects.create(
        hub=hub, date=dt.date(2025, 10, 7), opens=dt.time(10), closes=dt.time(12)
    )
    cal = calendar_for_hub(hub)
    start, end = dt.date(2025, 4, 1), dt.date(2026, 3, 31)
    walked: dict = {}
    for day in cal.days(start, end):
        if day.is_open:
            walked[(day.date.year, day.date.month)] = (
                walked.get((day.date.year, day.date.month), 0) + 1
            )
    assert cal.open_days_by_month(start, end) == walked
    assert walked[(2025, 10)] == 31  # every day of October, the extra day counted once
