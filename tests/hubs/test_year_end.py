"""年末年始: until a closure is registered, the hub and municipality pages say which days count as open."""

import datetime as dt

import time_machine
from django.urls import reverse

from hubs.models import ClosurePeriod
from hubs.selectors import year_end_not_registered, year_end_window


def test_the_window_is_the_coming_year_end_from_november_to_the_third_of_january():
    assert year_end_window(dt.date(2025, 10, 31)) is None
    assert year_end_window(dt.date(2025, 11, 1)) == (dt.date(2025, 12, 29), dt.date(2026, 1, 3))
    assert year_end_window(dt.date(2026, 1, 3)) == (dt.date(2025, 12, 29), dt.date(2026, 1, 3))
    assert year_end_window(dt.date(2026, 1, 4)) is None


def test_hubs_without_a_year_end_closure_are_named_with_the_days_counted_open(client, world):
    today = dt.date(2025, 12, 5)
    gaps = year_end_not_registered([world.hub_a1, world.hub_a2], today=today)
    # Weekday schedule: 29 (月), 30 (火), 31 (水) and 2 (金) count; 1 January is a holiday.
    assert gaps[world.hub_a1.pk] == [
        dt.date(2025, 12, 29),
        dt.date(2025, 12, 30),
        dt.date(2025, 12, 31),
        dt.date(2026, 1, 2),
    ]
    ClosurePeriod.objects.create(
        hub=world.hub_a1,
        starts_on=dt.date(2025, 12, 29),
        ends_on=dt.date(2026, 1, 3),
        kind=ClosurePeriod.Kind.NEW_YEAR,
    )
    gaps = year_end_not_registered([world.hub_a1, world.hub_a2], today=today)
    assert world.hub_a1.pk not in gaps and world.hub_a2.pk in gaps

    with time_machine.travel(dt.datetime(2025, 12, 5, 1, tzinfo=dt.UTC), tick=False):
        client.force_login(world.users.officer_a)
        page = client.get(reverse("portal:municipality", args=[world.city_a.code])).content
        text = page.decode()
        assert "年末年始の休館が登録されていない拠点：1か所" in text
        assert world.hub_a2.name in text.split('id="year-end"')[1].split("</div>")[0]
        hub_page = client.get(reverse("hubs:detail", args=[world.hub_a2.public_id])).content
        assert "12月29日(月)・" in hub_page.decode() and "休館期間を登録する" in hub_page.decode()
        hub_page = client.get(reverse("hubs:detail", args=[world.hub_a1.public_id])).content
        assert 'id="year-end"' not in hub_page.decode()


def test_nothing_is_said_outside_the_season(client, world):
    with time_machine.travel(dt.datetime(2025, 6, 5, 1, tzinfo=dt.UTC), tick=False):
        client.force_login(world.users.officer_a)
        page = client.get(reverse("portal:municipality", args=[world.city_a.code])).content
        assert 'id="year-end"' not in page.decode()
