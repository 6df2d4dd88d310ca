"""Where helpers are missing: helpers by age, area and slot against requests by area and slot."""

import datetime as dt
import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from famisapo.models import Availability, MemberStatus, Request, StatusChange
from famisapo.supply import age_band, slots_of, supply
from tests.factories import verify

from .conftest import make_member

T = dt.time
YEAR = (dt.date(2025, 4, 1), dt.date(2026, 3, 31))


def test_slots_are_the_ones_the_time_overlaps():
    assert slots_of(False, T(17, 30), T(19, 0)) == ["平日夕方（17〜19時）"]
    assert slots_of(False, T(16, 0), T(19, 30)) == [
        "平日午後（12〜17時）",
        "平日夕方（17〜19時）",
        "平日夜間（19時〜）",
    ]
    # Ending at 12:00 sharp does not touch the afternoon; an overnight stay runs to midnight.
    assert slots_of(True, T(9, 0), T(12, 0)) == ["土日祝午前（7〜12時）"]
    assert slots_of(True, T(20, 0), T(8, 0)) == ["土日祝夜間（19時〜）"]


def test_age_bands_by_the_birthday():
    assert age_band(dt.date(1966, 4, 1), dt.date(2026, 3, 31)) == "50代"
    assert age_band(dt.date(1966, 3, 31), dt.date(2026, 3, 31)) == "60代"
    assert age_band(dt.date(2005, 1, 1), dt.date(2026, 3, 31)) == "20代以下"
    assert age_band(dt.date(1940, 1, 1), dt.date(2026, 3, 31)) == "70代以上"
    assert age_band(None, dt.date(2026, 3, 31)) == "生年月日なし"


def _request(own, requester, day, start, end, state=Request.State.OPEN):
    return Request.objects.create(
        centre=own.centre,
        requester=requester,
        kind="保育施設等の送迎",
        date=day,
        start=start,
        end=end,
        place="保育園",
        state=state,
        received_at=timezone.make_aware(dt.datetime.combine(day, T(9))),
    )


def test_unmatched_requests_and_areas_without_helpers_are_missing(centres):
    own = centres.own
    own.helper.address_area = "脇田町2丁目"
    own.helper.birth_date = dt.date(1970, 1, 1)
    own.helper.save()
    own.helper.helper_profile.areas = "新富町"
    own.helper.helper_profile.save()
    Availability.objects.create(member=own.helper, weekday=0, start=T(8), end=T(18))
    gone = make_member(own.centre, "0009", registered_on=dt.date(2024, 4, 1))
    gone.address_area = "的場1丁目"
    gone.save()
    StatusChange.objects.create(member=gone, on=dt.date(2025, 5, 1), status=MemberStatus.LEFT)
    own.requester.address_area = "的場3丁目"
    own.requester.save()
    monday, saturday = dt.date(2025, 10, 6), dt.date(2025, 10, 11)
    _request(own, own.requester, monday, T(17, 30), T(19), Request.State.UNMATCHED)
    _request(own, own.requester, saturday, T(9), T(11))

    data = supply(own.centre, *YEAR)
    assert data.helpers == 1  # the one who left is not counted
    assert data.by_area["脇田町"].helpers == 1 and data.by_area["新富町"].helpers == 1
    assert data.by_area["的場"].helpers == 0 and data.by_area["的場"].requests == 2
    assert data.by_slot["平日夕方（17〜19時）"].helpers == 1
    assert data.ages["50代"] == 1
    short = {(a, s): level for a, s, _, level in data.short_cells()}
    assert short == {
        ("的場", "平日夕方（17〜19時）"): "不足",
        ("的場", "土日祝午前（7〜12時）"): "不足",
    }


def test_the_page_shows_counts_to_the_officer_and_the_coordinator(client, centres):
    own = centres.own
    _request(own, own.requester, dt.date(2025, 10, 6), T(17, 30), T(19))
    url = reverse("famisapo:supply", args=[own.centre.public_id, "2025"])
    client.force_login(centres.world.users.officer_a)
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "<svg" in text and "脇田町" in text and own.requester.name not in text
    verify(client, centres.world.users.coord_a)
    book = client.get(url + "?format=xlsx")
    sheets = openpyxl.load_workbook(io.BytesIO(book.content)).sheetnames
    assert sheets == ["地域×時間帯", "提供会員の年齢層"]
    month = reverse("famisapo:supply", args=[own.centre.public_id, "2025-10"])
    assert client.get(month).status_code == 404
