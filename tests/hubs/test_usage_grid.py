"""Hub staff fill the month grid cell by cell: errors refuse, warnings ask."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from accounts.models import AuditEvent
from hubs import services
from hubs.models import DailyUsage

NOW = dt.datetime(2025, 6, 20, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _post(client, hub, day, field, value, **extra):
    url = reverse("hubs:usage_cell", args=[hub.public_id, day])
    return client.post(url, {"field": field, "value": value, **extra})


def test_saving_a_cell_updates_the_month_total(client, world):
    client.force_login(world.users.staff_a)
    _post(client, world.hub_a1, "2025-06-02", "mothers", "7")
    response = _post(client, world.hub_a1, "2025-06-03", "mothers", "５")  # full-width digit
    body = response.content.decode()
    assert "保存しました" in body
    assert '<td data-total="mothers">12</td>' in body
    assert DailyUsage.objects.get(hub=world.hub_a1, date="2025-06-03").mothers == 5
    event = (
        AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_type="hubs.DailyUsage")
        .order_by("-id")
        .first()
    )
    assert event.detail == {"field": "mothers", "before": 0, "after": 5, "confirmed": False}


def test_negative_numbers_are_refused(client, world):
    client.force_login(world.users.staff_a)
    body = _post(client, world.hub_a1, "2025-06-02", "mothers", "-3").content.decode()
    assert services.ERR_NOT_A_COUNT in body
    assert not DailyUsage.objects.exists()


def test_future_days_are_refused(client, world):
    client.force_login(world.users.staff_a)
    body = _post(client, world.hub_a1, "2025-06-21", "mothers", "3").content.decode()
    assert services.ERR_FUTURE in body
    assert not DailyUsage.objects.exists()


def test_visitors_on_a_closed_day_need_a_reason(client, world):
    client.force_login(world.users.staff_a)
    sunday = "2025-06-01"
    body = _post(client, world.hub_a1, sunday, "mothers", "4").content.decode()
    assert "休館日" in body and "備考に理由" in body
    assert not DailyUsage.objects.exists()
    _post(client, world.hub_a1, sunday, "note", "日曜の臨時イベント")
    assert "保存しました" in _post(client, world.hub_a1, sunday, "mothers", "4").content.decode()
    assert DailyUsage.objects.get(date=sunday).mothers == 4


def test_a_day_far_above_the_usual_asks_before_saving(client, world):
    DailyUsage.objects.bulk_create(
        DailyUsage(
            hub=world.hub_a1, date=dt.date(2025, 5, 1) + dt.timedelta(days=n), groups=10 + n % 5
        )
        for n in range(30)
    )
    client.force_login(world.users.staff_a)
    body = _post(client, world.hub_a1, "2025-06-02", "groups", "95").content.decode()
    assert "未保存" in body and "このまま保存" in body
    assert not DailyUsage.objects.filter(date="2025-06-02").exists()
    body = _post(client, world.hub_a1, "2025-06-02", "groups", "95", confirm="1").content.decode()
    assert "保存しました" in body
    assert DailyUsage.objects.get(date="2025-06-02").groups == 95


def test_an_ordinary_value_does_not_ask(client, world):
    DailyUsage.objects.bulk_create(
        DailyUsage(hub=world.hub_a1, date=dt.date(2025, 5, 1) + dt.timedelta(days=n), groups=10)
        for n in range(30)
    )
    client.force_login(world.users.staff_a)
    assert (
        "保存しました" in _post(client, world.hub_a1, "2025-06-02", "groups", "14").content.decode()
    )


def test_month_grid_marks_closed_days_and_shows_inputs_only_to_editors(client, world):
    url = reverse("hubs:usage_month", args=[world.hub_a1.public_id, 2025, 6])
    client.force_login(world.users.staff_a)
    body = client.get(url).content.decode()
    assert 'class="closed"' in body
    assert 'data-field="groups"' in body
    client.force_login(world.users.viewer_a)
    assert 'data-field="groups"' not in client.get(url).content.decode()


def test_unknown_field_is_404(client, world):
    client.force_login(world.users.staff_a)
    assert _post(client, world.hub_a1, "2025-06-02", "is_superuser", "1").status_code == 404


def test_month_navigation_never_offers_a_future_month(client, world):
    client.force_login(world.users.staff_a)
    june = client.get(
        reverse("hubs:usage_month", args=[world.hub_a1.public_id, 2025, 6])
    ).content.decode()
    may = client.get(
        reverse("hubs:usage_month", args=[world.hub_a1.public_id, 2025, 5])
    ).content.decode()
    assert "← 5月" in june and "7月 →" not in june
    assert "6月 →" in may
    assert (
        client.get(reverse("hubs:usage_month", args=[world.hub_a1.public_id, 2025, 13])).status_code
        == 404
    )


def test_a_refused_value_is_marked_and_names_its_column_and_the_stored_value(client, world):
    DailyUsage.objects.create(hub=world.hub_a1, date="2025-06-02", fathers=3)
    client.force_login(world.users.staff_a)
    body = _post(client, world.hub_a1, "2025-06-02", "fathers", "abc").content.decode()
    assert 'id="c-2025-06-02-fathers"' in body and "entry refused" in body
    assert 'value="abc"' in body and 'aria-invalid="true"' in body
    assert "父: 0以上の整数を入力してください。" in body
    assert "「abc」は保存されていません。保存されている値: 3" in body
    assert DailyUsage.objects.get(hub=world.hub_a1, date="2025-06-02").fathers == 3


def test_the_month_is_headed_in_wareki_with_the_western_year_beside_it(client, world):
    client.force_login(world.users.staff_a)
    page = client.get(reverse("hubs:usage_month", args=[world.hub_a1.public_id, 2025, 6]))
    assert "<h1>令和7年6月（2025年6月）の利用実績</h1>" in page.content.decode()


def test_a_note_too_long_is_refused_not_cut(client, world):
    DailyUsage.objects.create(hub=world.hub_a1, date="2025-06-02", note="雨")
    client.force_login(world.users.staff_a)
    body = _post(client, world.hub_a1, "2025-06-02", "note", "あ" * 201).content.decode()
    assert "備考は200文字までです（201文字あります）" in body
    assert DailyUsage.objects.get(hub=world.hub_a1, date="2025-06-02").note == "雨"
