"""The national-size seed, built small: the same SQL, 47 towns and one 年度."""

import datetime as dt

import pytest

from demo.national import build_national
from hubs.models import DailyUsage, Hub, MonthlyUsage, OpeningHours
from hubs.opening import calendar_for_hub
from hubs.rollups import differences
from orgs.models import Municipality, Prefecture


@pytest.mark.django_db
def test_the_national_seed_fills_every_prefecture_with_hubs_days_and_rollups():
    today = dt.date(2026, 12, 4)
    result = build_national(today=today, years=1, municipalities=94)
    assert Prefecture.objects.count() == 47
    towns = Municipality.objects.filter(name__startswith="全国検証")
    assert towns.count() == 94 and towns.values("prefecture").distinct().count() == 47
    assert all(len(t.code) == 6 for t in towns)
    hubs = Hub.objects.filter(municipality__in=towns)
    assert result["hubs"] == hubs.count() and 3 * 94 <= hubs.count() <= 6 * 94
    hub = hubs.first()
    assert OpeningHours.objects.filter(schedule__hub=hub).count() == 5
    assert calendar_for_hub(hub).day(dt.date(2025, 6, 2)).is_open  # a Monday
    days = DailyUsage.objects.filter(hub=hub)
    assert days.filter(date__range=(dt.date(2025, 4, 1), dt.date(2026, 3, 31))).count() > 250
    assert not days.filter(date__week_day__in=[1, 7]).exists()  # weekdays only
    assert MonthlyUsage.objects.filter(hub=hub).count() == 12
    assert differences() == []
    # Built once: a second run adds nothing.
    before = DailyUsage.objects.count()
    build_national(today=today, years=1, municipalities=94)
    assert DailyUsage.objects.count() == before and differences() == []


def test_a_number_of_years_out_of_range_is_refused_in_japanese():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="1 から 30"):
        call_command("seed_demo", "--scale", "national", "--years", "0")
