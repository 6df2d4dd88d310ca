"""Officers and hub staff edit master data in the app: scoped, audited before → after,
normalised like the imports, refused in a locked 年度."""

import datetime as dt

from django.urls import reverse

from accounts.models import AuditEvent
from common.services import Actor
from hubs.models import Assignment, HubService, StaffMember, TrainingCourse, TrainingRecord
from reports import review
from reports.models import AnnualReport
from tests.factories import AssignmentFactory, UserFactory, grant


def _manager(world):
    return grant(UserFactory(username="manager_a"), "hub_manager", hub=world.hub_a1)


def _hub_form(hub, **changes):
    data = {
        "name": hub.name,
        "kana": hub.kana,
        "hub_type": hub.hub_type,
        "premises": hub.premises,
        "management": hub.management,
        "operator": hub.operator_id or "",
        "ward": "",
        "satellite_of": "",
        "address": hub.address,
        "phone": hub.phone,
        "capacity_groups": "",
        "opened_on": hub.opened_on.isoformat() if hub.opened_on else "",
        "closed_on": "",
    }
    return data | changes


def test_an_officer_corrects_a_hub_and_the_audit_says_what_changed(client, world):
    hub = world.hub_a1
    client.force_login(world.users.officer_a)
    url = reverse("hubs:hub_edit", args=[hub.public_id])
    assert client.get(url).status_code == 200
    response = client.post(url, _hub_form(hub, address="川越市元町１－３－１", kana="ﾋﾛﾊﾞｴｰ"))
    assert response.status_code == 302
    hub.refresh_from_db()
    assert hub.address == "川越市元町1-3-1"  # full-width digits and hyphen normalised
    assert hub.kana == "ヒロバエー"  # half-width kana made full-width, as the import does
    event = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).latest("id")
    assert event.detail["changes"]["address"][1] == "川越市元町1-3-1"
    assert set(event.detail["changes"]) == {"address", "kana"}


def test_the_hub_form_refuses_nonsense_in_japanese_and_changes_nothing(client, world):
    hub = world.hub_a1
    client.force_login(world.users.officer_a)
    url = reverse("hubs:hub_edit", args=[hub.public_id])
    response = client.post(
        url, _hub_form(hub, name=world.hub_a2.name, opened_on="2025-04-01", closed_on="2024-03-31")
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "同じ市町村に同じ名前の拠点があります。" in text
    assert "廃止日は開設日より後にしてください。" in text
    hub.refresh_from_db()
    assert hub.name == "ひろばA1"


def test_who_may_edit_what(client, world):
    hub = world.hub_a1
    edit = reverse("hubs:hub_edit", args=[hub.public_id])
    client.force_login(world.users.staff_a)  # hub staff: neither hub.edit nor staff.edit
    assert client.get(edit).status_code == 403
    assert client.get(reverse("hubs:staff_add", args=[hub.public_id])).status_code == 403
    client.force_login(_manager(world))  # the hub's 拠点責任者 keeps its staff, not the hub
    assert client.get(edit).status_code == 403
    assert client.get(reverse("hubs:staff_add", args=[hub.public_id])).status_code == 200
    client.force_login(world.users.officer_b)  # another municipality
    assert client.get(edit).status_code == 404
    client.logout()
    assert client.get(edit).status_code == 302


def test_services_have_start_and_end_and_one_with_staff_is_not_deleted(client, world):
    hub = world.hub_a1
    client.force_login(world.users.officer_a)
    add = reverse("hubs:service_add", args=[hub.public_id])
    data = {
        "kind": "ichiji",
        "started_on": "２０２５-０４-０１",
        "ended_on": "2025-03-31",
        "note": "",
    }
    response = client.post(add, data)
    assert "事業の終了日は開始日より後にしてください。" in response.content.decode()
    assert not HubService.objects.filter(hub=hub, kind="ichiji").exists()
    client.post(add, data | {"ended_on": ""})
    service = HubService.objects.get(hub=hub, kind="ichiji")
    assert service.started_on == dt.date(2025, 4, 1)
    response = client.post(add, data | {"ended_on": ""})
    assert "同じ事業が同じ日から登録済みです。" in response.content.decode()

    AssignmentFactory(hub=hub, service=service, started_on=dt.date(2025, 4, 1))
    edit = reverse("hubs:service_edit", args=[hub.public_id, service.pk])
    response = client.post(edit, {"delete": "yes"})
    assert "削除できません" in response.content.decode()
    assert HubService.objects.filter(pk=service.pk).exists()
    client.post(edit, data | {"ended_on": "2026-03-31"})
    service.refresh_from_db()
    assert service.ended_on == dt.date(2026, 3, 31)


def test_hub_staff_register_a_colleague_with_the_first_assignment(client, world):
    hub = world.hub_a1
    client.force_login(_manager(world))
    url = reverse("hubs:staff_add", args=[hub.public_id])
    data = {
        "staff_number": "Ａ１２３",
        "name": "川越　花子",
        "kana": "ｶﾜｺﾞｴ ﾊﾅｺ",
        "note": "",
        "role": "hiroba",
        "service": "",
        "dedicated": "on",
        "started_on": "2025-04-01",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    staff = StaffMember.objects.get(staff_number="A123")
    assert staff.municipality == world.city_a and staff.kana == "カワゴエ ハナコ"
    assert staff.name == "川越 花子"
    assignment = Assignment.objects.get(staff=staff)
    assert assignment.hub == hub and assignment.dedicated and not assignment.ended_on
    # The same number again is refused, and nothing is half-saved.
    response = client.post(url, data | {"name": "別人"})
    assert "この職員番号は同じ市町村の別の職員に使われています" in response.content.decode()
    assert StaffMember.objects.filter(staff_number="A123").count() == 1
    # The person's page lists the assignment; another hub's staff cannot open it.
    page = client.get(reverse("hubs:staff_member", args=[hub.public_id, staff.public_id]))
    assert "ひろばスタッフ" in page.content.decode()
    other = reverse("hubs:staff_member", args=[world.hub_a2.public_id, staff.public_id])
    client.force_login(world.users.officer_a)
    assert client.get(other).status_code == 404  # never assigned at A2


def _lock_2025(world):
    review.submit(municipality=world.city_a, fiscal_year=2025, actor=Actor(world.users.officer_a))
    report = AnnualReport.objects.get(municipality=world.city_a, fiscal_year=2025)
    review.approve(report=report, actor=Actor(world.users.pref_p))


def test_assignments_and_training_in_a_locked_year_are_refused(client, world):
    hub = world.hub_a1
    assignment = AssignmentFactory(hub=hub, started_on=dt.date(2024, 4, 1))
    staff = assignment.staff
    _lock_2025(world)
    client.force_login(world.users.officer_a)
    edit = reverse(
        "hubs:staff_part_edit", args=[hub.public_id, staff.public_id, "assignments", assignment.pk]
    )
    data = {"service": "", "role": "hiroba", "dedicated": "on", "started_on": "2024-04-01"}
    response = client.post(edit, data | {"ended_on": "2025-09-30"})  # inside 2025年度
    assert response.status_code == 400
    assert "承認" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.ended_on is None
    # Ending it in the open 年度 is fine, and audited with before and after.
    response = client.post(edit, data | {"ended_on": "2026-05-31"})
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).latest("id")
    assert event.detail["changes"]["ended_on"] == ["", "2026-05-31"]

    course = TrainingCourse.objects.create(code="kihon-test", name="基本研修", category="kihon")
    add = reverse("hubs:staff_part_add", args=[hub.public_id, staff.public_id, "training"])
    response = client.post(add, {"course": course.pk, "completed_on": "2025-10-01"})
    assert response.status_code == 400 and "承認" in response.content.decode()
    assert not TrainingRecord.objects.exists()
    response = client.post(add, {"course": course.pk, "completed_on": "２０２６-０５-０１"})
    assert response.status_code == 302
    assert TrainingRecord.objects.get().completed_on == dt.date(2026, 5, 1)


def test_qualifications_and_experience_are_kept_under_the_person(client, world):
    hub = world.hub_a1
    staff = AssignmentFactory(hub=hub, started_on=dt.date(2024, 4, 1)).staff
    client.force_login(_manager(world))
    base = [hub.public_id, staff.public_id]
    add = reverse("hubs:staff_part_add", args=[*base, "qualifications"])
    assert client.post(add, {"kind": "hoikushi", "obtained_on": "2010-03-31"}).status_code == 302
    response = client.post(add, {"kind": "hoikushi", "obtained_on": ""})
    assert "この資格は登録済みです" in response.content.decode()
    add = reverse("hubs:staff_part_add", args=[*base, "experience"])
    response = client.post(
        add,
        {
            "organisation": "さいたま市子育て支援センター",
            "kind_of_work": "相談員",
            "started_on": "2015-04-01",
            "ended_on": "2014-03-31",
        },
    )
    assert "終了日は開始日より後にしてください。" in response.content.decode()
    assert not staff.experiences.exists()
    assert client.get(reverse("hubs:staff_part_add", args=[*base, "nonsense"])).status_code == 404
    qualification = staff.qualifications.get()
    other_hub = reverse(
        "hubs:staff_part_edit",
        args=[world.hub_a2.public_id, staff.public_id, "qualifications", qualification.pk],
    )
    client.force_login(world.users.officer_a)
    assert client.get(other_hub).status_code == 404
