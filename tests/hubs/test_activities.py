"""Events, 出張ひろば and 一時預かり entry by hub staff."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from accounts.models import AuditEvent
from hubs.models import Event, HubService, OutreachSession, TemporaryCareDay


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2025, 6, 20, 10, tzinfo=dt.UTC), tick=False):
        yield


def test_staff_registers_a_koshu_and_it_counts_for_the_month(client, world):
    client.force_login(world.users.staff_a)
    response = client.post(
        reverse("hubs:event_add", args=[world.hub_a1.public_id]),
        {
            "date": "2025-06-02",
            "title": "離乳食講習　",
            "kind": "koshu",
            "adults": "３",
            "children": "4",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.title, event.adults) == ("離乳食講習", 3)
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, object_type="hubs.Event"
    ).exists()
    page = client.get(reverse("hubs:events", args=[world.hub_a1.public_id, 2025])).content.decode()
    assert "離乳食講習" in page and "講習を行った月: 1か月" in page


def test_a_koshu_or_outreach_not_yet_held_is_refused(client, world):
    """Today is 2025-06-20 (the module's clock): a 講習 on the 21st would count June as a month
    with a 講習 before it happened."""
    client.force_login(world.users.staff_a)
    response = client.post(
        reverse("hubs:event_add", args=[world.hub_a1.public_id]),
        {
            "date": "2025-06-21",
            "title": "離乳食講習",
            "kind": "koshu",
            "adults": "3",
            "children": "4",
        },
    )
    assert response.status_code == 400
    assert "まだ来ていない日の行事・講習は記録できません" in response.content.decode()
    assert not Event.objects.exists()
    response = client.post(
        reverse("hubs:outreach_add", args=[world.hub_a1.public_id]),
        {
            "site_name": "公民館",
            "date": "2025-07-01",
            "starts": "10:00",
            "ends": "15:00",
            "groups": "5",
            "adults": "5",
            "children": "6",
        },
    )
    assert response.status_code == 400
    assert "まだ来ていない日の出張ひろばは記録できません" in response.content.decode()
    assert not OutreachSession.objects.exists()


def test_event_with_a_negative_count_is_refused_with_a_japanese_error(client, world):
    client.force_login(world.users.staff_a)
    response = client.post(
        reverse("hubs:event_add", args=[world.hub_a1.public_id]),
        {
            "date": "2025-06-02",
            "title": "誕生会",
            "kind": "exchange",
            "adults": "-1",
            "children": "4",
        },
    )
    assert response.status_code == 400
    assert "0" in response.content.decode() and "以上" in response.content.decode()
    assert not Event.objects.exists()


def test_outreach_session_registers_its_site_once(client, world):
    client.force_login(world.users.staff_a)
    url = reverse("hubs:outreach_add", args=[world.hub_a1.public_id])
    data = {
        "site_name": "公民館",
        "date": "2025-06-03",
        "starts": "10:00",
        "ends": "15:00",
        "groups": "5",
        "adults": "5",
        "children": "6",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data | {"date": "2025-06-10"}).status_code == 302
    assert OutreachSession.objects.count() == 2
    assert world.hub_a1.outreach_sites.count() == 1
    bad = client.post(url, data | {"date": "2025-06-17", "ends": "09:00"})
    assert bad.status_code == 400 and "終了時刻は開始時刻より後" in bad.content.decode()


def test_temporary_care_ages_and_reasons_must_count_the_same_children(client, world):
    HubService.objects.create(hub=world.hub_a1, kind="ichiji", started_on=dt.date(2020, 4, 1))
    client.force_login(world.users.staff_a)
    url = reverse("hubs:temporary_care_day", args=[world.hub_a1.public_id, "2025-06-02"])
    body = client.post(url, {"age_0": "1", "age_1": "2", "reason_work": "2"}).content.decode()
    assert "合いません" in body and "temporary_care_ages_match_reasons" not in body
    assert not TemporaryCareDay.objects.exists()
    body = client.post(
        url, {"age_0": "1", "age_1": "2", "reason_work": "2", "reason_private": "1"}
    ).content.decode()
    assert "保存しました" in body and '<td data-total="age_1">2</td>' in body
    assert TemporaryCareDay.objects.get().children == 3
    detail = client.get(reverse("hubs:detail", args=[world.hub_a1.public_id])).content.decode()
    assert "一時預かり" in detail


def test_temporary_care_outside_the_hubs_opening_period_is_refused(client, world):
    from hubs.services import ERR_OUTSIDE_OPENING

    world.hub_a1.closed_on = dt.date(2025, 5, 31)
    world.hub_a1.save()
    client.force_login(world.users.staff_a)
    url = reverse("hubs:temporary_care_day", args=[world.hub_a1.public_id, "2025-06-02"])
    body = client.post(url, {"age_1": "1", "reason_work": "1"}).content.decode()
    assert ERR_OUTSIDE_OPENING in body
    assert not TemporaryCareDay.objects.exists()


def test_staff_correct_and_delete_an_event_audited_and_only_at_their_hub(client, world):
    event = Event.objects.create(
        hub=world.hub_a1, date=dt.date(2025, 6, 2), title="離乳食講習", kind="koshu", adults=3
    )
    url = reverse("hubs:event_edit", args=[world.hub_a1.public_id, event.pk])
    client.force_login(world.users.staff_a)
    assert "離乳食講習" in client.get(url).content.decode()
    data = {"date": "2025-06-02", "title": "離乳食講習（後期）", "kind": "koshu", "adults": "5"}
    response = client.post(url, data | {"children": "4"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.adults, event.children) == ("離乳食講習(後期)", 5, 4)  # normalised
    audit = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_type="hubs.Event")
    assert audit.detail["changes"]["adults"] == ["3", "5"]
    assert audit.detail["changes"]["title"] == ["離乳食講習", "離乳食講習(後期)"]
    # The same id through another hub of the city is not there.
    client.force_login(world.users.officer_a)
    other = reverse("hubs:event_edit", args=[world.hub_a2.public_id, event.pk])
    assert client.get(other).status_code == 404
    client.force_login(world.users.staff_a)
    assert client.post(url, {"delete": "yes"}).status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETE, object_type="hubs.Event")


def test_an_item_of_a_locked_year_cannot_be_corrected_or_deleted(client, world):
    from common.services import Actor
    from reports import review

    event = Event.objects.create(
        hub=world.hub_a1, date=dt.date(2024, 6, 3), title="講習", kind="koshu", adults=3
    )
    report = review.submit(
        municipality=world.city_a, fiscal_year=2024, actor=Actor(world.users.officer_a)
    ).report
    review.approve(report=report, actor=Actor(world.users.pref_p))
    url = reverse("hubs:event_edit", args=[world.hub_a1.public_id, event.pk])
    client.force_login(world.users.staff_a)
    data = {"date": "2024-06-03", "title": "講習", "kind": "koshu", "adults": "9", "children": "0"}
    body = client.post(url, data).content.decode()
    assert "承認" in body
    assert client.post(url, {"delete": "yes"}).status_code == 400
    event.refresh_from_db()
    assert event.adults == 3
