"""Officers change schedules and closures; the tier is shown before anything is saved."""

import datetime as dt

from django.urls import reverse

from accounts.models import AuditEvent
from hubs.models import ClosurePeriod, OpeningSchedule
from hubs.opening import calendar_for_hub


def _week(days, opens="10:00", closes="15:00"):
    return {
        f"d{d}_{part}1": value
        for d in days
        for part, value in (("opens", opens), ("closes", closes))
    }


def test_preview_shows_the_new_tier_and_saves_nothing(client, world):
    client.force_login(world.users.officer_a)
    url = reverse("hubs:schedule_new", args=[world.hub_a1.public_id])
    data = {"valid_from": "2025-10-01", "action": "preview", **_week(range(6))}
    body = client.post(url, data).content.decode()
    assert "週6〜7日型" in body and "週5日型" in body  # draft next to the current schedule
    assert "この内容で保存する" in body
    assert OpeningSchedule.objects.filter(hub=world.hub_a1).count() == 1


def test_save_starts_the_schedule_on_its_date_and_keeps_history(client, world):
    client.force_login(world.users.officer_a)
    url = reverse("hubs:schedule_new", args=[world.hub_a1.public_id])
    data = {"valid_from": "2025-10-01", "action": "save", **_week([1, 3], "10:00", "14:00")}
    assert client.post(url, data).status_code == 302
    cal = calendar_for_hub(world.hub_a1)
    assert cal.day(dt.date(2025, 9, 29)).is_open  # Monday, old schedule
    assert not cal.day(dt.date(2025, 10, 6)).is_open  # Monday, new schedule
    assert cal.day(dt.date(2025, 10, 7)).hours == 4
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, object_type="hubs.OpeningSchedule"
    ).exists()
    again = client.post(url, data)
    assert again.status_code == 400 and "既にあります" in again.content.decode()


def test_bad_ranges_are_refused_in_japanese(client, world):
    client.force_login(world.users.officer_a)
    url = reverse("hubs:schedule_new", args=[world.hub_a1.public_id])
    data = {
        "valid_from": "2025-10-01",
        "action": "save",
        "d0_opens1": "10:00",  # no closing time
        "d1_opens1": "15:00",
        "d1_closes1": "10:00",  # closes before it opens
        "d2_opens1": "10:00",
        "d2_closes1": "13:00",
        "d2_opens2": "12:00",
        "d2_closes2": "15:00",  # overlaps the first range
    }
    body = client.post(url, data).content.decode()
    assert (
        "開所と閉所の両方" in body
        and "閉所時刻は開所時刻より後" in body
        and "重なっています" in body
    )
    assert OpeningSchedule.objects.filter(hub=world.hub_a1).count() == 1


def test_officer_adds_a_closure(client, world):
    client.force_login(world.users.officer_a)
    url = reverse("hubs:closure_new", args=[world.hub_a1.public_id])
    bad = client.post(
        url, {"starts_on": "2025-09-17", "ends_on": "2025-09-16", "kind": "temporary"}
    )
    assert bad.status_code == 400 and "終了日は開始日以降" in bad.content.decode()
    ok = client.post(
        url,
        {
            "starts_on": "2025-09-16",
            "ends_on": "2025-09-17",
            "kind": "temporary",
            "note": "空調工事",
        },
    )
    assert ok.status_code == 302
    assert ClosurePeriod.objects.get(hub=world.hub_a1).note == "空調工事"
    assert calendar_for_hub(world.hub_a1).day(dt.date(2025, 9, 16)).why == "空調工事"


def test_hub_page_offers_each_action_only_to_those_allowed(client, world):
    url = reverse("hubs:detail", args=[world.hub_a1.public_id])
    client.force_login(world.users.officer_a)
    officer = client.get(url).content.decode()
    assert (
        "スケジュールを変更する" in officer
        and "職員・研修" in officer
        and "日別利用実績" in officer
    )
    client.force_login(world.users.staff_a)
    staff = client.get(url).content.decode()
    assert (
        "スケジュールを変更する" not in staff and "職員・研修" in staff and "日別利用実績" in staff
    )
    client.force_login(world.users.pref_p)
    prefecture = client.get(url).content.decode()
    assert "職員・研修" not in prefecture and "利用実績集計" in prefecture


def test_municipality_page_links_follow_permissions(client, world):
    url = reverse("portal:municipality", args=[world.city_a.code])
    client.force_login(world.users.officer_a)
    officer = client.get(url).content.decode()
    assert "データの取込" in officer and "データの出力" in officer
    client.force_login(world.users.pref_p)
    prefecture = client.get(url).content.decode()
    assert "データの取込" not in prefecture and "利用実績集計" in prefecture
