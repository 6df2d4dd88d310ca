"""Members and their training: registration, status history, completion computed from sessions,
the 5-yearly safety courses and their expiry, and what the pages show and audit."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from common.services import Actor, ServiceError
from famisapo import selectors, services
from famisapo.models import CentreRules, Member, MemberStatus, SubjectKind, TrainingRecord
from famisapo.training import add_months, add_years, training_status
from tests.factories import verify

from .conftest import make_member


def status(member, day, years=5):
    return training_status(
        member,
        selectors.curricula(member.centre),
        list(member.training_records.all()),
        day=day,
        safety_years=years,
    )


# Training computed from sessions
def test_a_helper_with_every_subject_recorded_has_completed_the_course(centres):
    t = status(centres.own.helper, dt.date(2025, 6, 1))
    assert t.course_complete
    assert t.hours_done == t.hours_required == Decimal(9)
    assert t.blockers() == []


def test_hours_short_in_one_subject_leave_the_course_incomplete_and_say_which(centres):
    member = make_member(centres.own.centre, "0100", trained_on=dt.date(2024, 3, 1))
    TrainingRecord.objects.filter(member=member, subject="子どもの栄養と食生活").update(
        hours=Decimal("1.5")
    )
    t = status(member, dt.date(2025, 6, 1))
    assert not t.course_complete
    assert t.blockers() == ["養成講習が未修了（8.5／9時間、残り: 子どもの栄養と食生活）"]


def test_sessions_of_one_subject_add_up(centres):
    member = make_member(centres.own.centre, "0101", trained_on=dt.date(2024, 3, 1))
    TrainingRecord.objects.filter(member=member, subject="緊急救命講習").update(hours=Decimal(2))
    assert not status(member, dt.date(2025, 6, 1)).course_complete
    TrainingRecord.objects.create(
        member=member,
        subject="緊急救命講習",
        kind=SubjectKind.RESCUE,
        hours=1,
        taken_on=dt.date(2024, 3, 8),
    )
    assert status(member, dt.date(2025, 6, 1)).course_complete


def test_a_session_after_the_day_asked_about_does_not_count(centres):
    t = status(centres.own.helper, dt.date(2024, 2, 28))
    assert t.hours_done == 0


@pytest.mark.parametrize(
    ("day", "state"),
    [
        (dt.date(2028, 11, 27), "valid"),  # more than 3 months before the end
        (dt.date(2028, 11, 28), "soon"),  # 3 months before 2029-02-28
        (dt.date(2029, 2, 28), "soon"),  # the last day of the 5 years
        (dt.date(2029, 3, 1), "expired"),
    ],
)
def test_safety_courses_are_valid_for_5_years_from_the_last_session(centres, day, state):
    # trained on 2024-03-01: valid through 2029-02-28
    t = status(centres.own.helper, day)
    assert {s.state(day) for s in t.safety} == {state}
    assert t.safety_valid == (state != "expired")


def test_a_stricter_centre_cadence_shortens_the_validity(centres):
    t = status(centres.own.helper, dt.date(2027, 3, 1), years=3)
    assert t.safety[0].expires_on == dt.date(2027, 2, 28)
    assert "緊急救命講習の期限切れ（2027-02-28まで）" in t.blockers()


def test_a_refresher_renews_only_its_own_course(centres):
    member = centres.own.helper
    TrainingRecord.objects.create(
        member=member,
        subject="緊急救命講習（再受講）",
        kind=SubjectKind.RESCUE,
        hours=2,
        taken_on=dt.date(2028, 6, 1),
    )
    t = status(member, dt.date(2029, 6, 1))
    rescue, accident = t.safety
    assert rescue.state(t.day) == "valid"
    assert accident.state(t.day) == "expired"


def test_29_february_plus_5_years_and_month_ends():
    assert add_years(dt.date(2024, 2, 29), 5) == dt.date(2029, 2, 28)
    assert add_months(dt.date(2025, 11, 30), 3) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2025, 12, 31), 2) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2025, 10, 15), 3) == dt.date(2026, 1, 15)


def test_the_curriculum_in_force_at_registration_is_the_one_that_counts(centres):
    from famisapo.models import Curriculum, Subject

    centre = centres.own.centre
    later = Curriculum.objects.create(
        centre=centre, valid_from=dt.date(2025, 4, 1), name="新カリキュラム"
    )
    Subject.objects.create(curriculum=later, name="新しい科目", kind=SubjectKind.BASIC, hours=2)
    old_member = centres.own.helper  # registered 2024-04-01
    new_member = make_member(
        centre, "0102", registered_on=dt.date(2025, 5, 1), trained_on=dt.date(2025, 4, 20)
    )
    assert status(old_member, dt.date(2025, 6, 1)).course_complete
    assert not status(new_member, dt.date(2025, 6, 1)).course_complete


def test_expiring_lists_active_helpers_due_within_3_months(centres):
    centre = centres.own.centre
    day = dt.date(2028, 12, 15)
    rows = selectors.member_rows(centre, day)
    due = selectors.expiring(rows, day)
    assert [row.member.number for row, _ in due] == ["0001"]
    assert {label for _, label in due[0][1]} == {"3か月以内に期限"}


# Registration and status
def data(**changes):
    values = {
        "kind": "helper",
        "name": "川越 花子",
        "kana": "かわごえ はなこ",
        "phone": "049-222-3333",
        "address_area": "脇田町2丁目",
        "registered_on": dt.date(2025, 5, 1),
        "interviewed_on": dt.date(2025, 4, 20),
    }
    return services.MemberData(**(values | changes))


def test_registering_numbers_the_member_opens_the_history_and_audits(centres):
    centre, user = centres.own.centre, centres.world.users.coord_a
    member = services.register_member(centre=centre, data=data(), actor=Actor(user))
    assert member.number == "0003"
    assert member.kana == "カワゴエハナコ"
    assert [(c.on, c.status) for c in member.status_changes.all()] == [
        (dt.date(2025, 5, 1), "active")
    ]
    assert hasattr(member, "helper_profile")
    event = AuditEvent.objects.get(object_id=str(member.public_id))
    assert event.action == "create"
    assert event.subject_id == member.public_id
    assert "川越" not in event.object_repr  # no names in the audit log


def test_a_taken_number_and_impossible_dates_are_refused(centres):
    actor = Actor(centres.world.users.coord_a)
    with pytest.raises(ServiceError, match=services.ERR_NUMBER_TAKEN):
        services.register_member(centre=centres.own.centre, data=data(number="0001"), actor=actor)
    with pytest.raises(ServiceError, match=services.ERR_DATES):
        services.register_member(
            centre=centres.own.centre, data=data(interviewed_on=dt.date(2025, 5, 2)), actor=actor
        )
    # another centre's numbers are its own
    services.register_member(centre=centres.sibling.centre, data=data(number="0009"), actor=actor)
    services.register_member(centre=centres.own.centre, data=data(number="0009"), actor=actor)


def test_a_centre_that_renews_yearly_ends_the_registration_with_the_fiscal_year(centres):
    centre = centres.own.centre
    CentreRules.objects.create(centre=centre, valid_from=dt.date(2020, 4, 1), renews_yearly=True)
    member = services.register_member(
        centre=centre, data=data(registered_on=dt.date(2026, 2, 10)), actor=Actor(None)
    )
    assert member.valid_until == dt.date(2026, 3, 31)


def test_pausing_leaving_and_coming_back_keep_the_history(centres):
    member = centres.own.requester
    actor = Actor(centres.world.users.coord_a)
    services.change_status(
        member=member,
        on=dt.date(2025, 1, 10),
        status=MemberStatus.PAUSED,
        reason="育休",
        actor=actor,
    )
    services.change_status(
        member=member, on=dt.date(2025, 6, 1), status=MemberStatus.ACTIVE, reason="", actor=actor
    )
    with pytest.raises(ServiceError, match="既に「活動中」"):
        services.change_status(
            member=member,
            on=dt.date(2025, 7, 1),
            status=MemberStatus.ACTIVE,
            reason="",
            actor=actor,
        )
    changes = list(member.status_changes.all())
    assert selectors.status_on(changes, dt.date(2025, 3, 1)) == "paused"
    assert selectors.status_on(changes, dt.date(2025, 6, 1)) == "active"
    assert selectors.status_on(changes, dt.date(2024, 1, 1)) == "not_yet"
    assert len(changes) == 3


def test_training_in_the_future_or_for_a_requester_is_refused(centres):
    actor = Actor(centres.world.users.coord_a)
    kwargs = {
        "subject": "緊急救命講習",
        "kind": "rescue",
        "hours": Decimal(3),
        "run_by": "",
        "actor": actor,
    }
    with pytest.raises(ServiceError, match=services.ERR_FUTURE):
        services.record_training(member=centres.own.helper, taken_on=dt.date(2999, 1, 1), **kwargs)
    with pytest.raises(ServiceError, match=services.ERR_NOT_HELPER):
        services.record_training(
            member=centres.own.requester, taken_on=dt.date(2025, 1, 1), **kwargs
        )


# Pages
def test_the_coordinator_registers_a_member_through_the_page(client, centres):
    verify(client, centres.world.users.coord_a)
    url = reverse("famisapo:member_new", args=[centres.own.centre.public_id])
    response = client.post(
        url,
        {
            "kind": "both",
            "name": "霞 愛",
            "kana": "カスミ アイ",
            "phone": "０４９-１１１-２２２２",
            "address_area": "霞ケ関北1丁目",
            "registered_on": "2025-05-01",
        },
    )
    member = Member.objects.get(name="霞 愛")
    assert response.status_code == 302
    assert response["Location"] == reverse("famisapo:member", args=[member.public_id])
    assert member.phone == "049-111-2222"  # full-width digits normalised
    page = client.get(response["Location"])
    assert "霞 愛" in page.content.decode()
    assert "養成講習が未修了" in page.content.decode()


def test_a_bad_number_is_shown_on_the_form_and_nothing_is_saved(client, centres):
    verify(client, centres.world.users.coord_a)
    before = Member.objects.count()
    response = client.post(
        reverse("famisapo:member_new", args=[centres.own.centre.public_id]),
        {
            "kind": "helper",
            "number": "0001",
            "name": "重複",
            "kana": "ジュウフク",
            "phone": "1",
            "address_area": "x",
            "registered_on": "2025-05-01",
        },
    )
    assert response.status_code == 200
    assert services.ERR_NUMBER_TAKEN in response.content.decode()
    assert Member.objects.count() == before


def test_reading_the_list_audits_each_member_shown(client, centres):
    verify(client, centres.world.users.coord_a)
    response = client.get(reverse("famisapo:members", args=[centres.own.centre.public_id]))
    assert response.status_code == 200
    shown = {m.public_id for m in (centres.own.helper, centres.own.requester)}
    audited = set(
        AuditEvent.objects.filter(action="view", subject_id__in=shown).values_list(
            "subject_id", flat=True
        )
    )
    assert audited == shown


def test_the_centre_page_shows_counts_but_no_names_to_the_officer(client, centres):
    client.force_login(centres.world.users.officer_a)
    response = client.get(reverse("famisapo:centre", args=[centres.own.centre.public_id]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "会員の総数" in text
    assert "会員 0001" not in text
    assert reverse("famisapo:members", args=[centres.own.centre.public_id]) not in text


def test_the_coordinator_records_what_a_helper_can_do_and_when(client, centres):
    from famisapo.models import Availability

    own = centres.own
    verify(client, centres.world.users.coord_a)
    url = reverse("famisapo:helper_edit", args=[own.helper.public_id])
    assert client.get(url).status_code == 200
    form = {
        "can_escort": "on",
        "can_care_at_home": "on",
        "max_children": "2",
        "areas": "脇田町、新富町",
        "d0_0_start": "08:00",
        "d0_0_end": "12:00",
        "d0_1_start": "15:00",
        "d0_1_end": "19:00",
        "d5_0_start": "９:００",
        "d5_0_end": "17:00",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    slots = [
        (a.weekday, a.start.hour, a.end.hour)
        for a in Availability.objects.filter(member=own.helper)
    ]
    assert sorted(slots) == [(0, 8, 12), (0, 15, 19), (5, 9, 17)]
    own.helper.helper_profile.refresh_from_db()
    assert own.helper.helper_profile.area_list() == ["脇田町", "新富町"]
    assert not own.helper.helper_profile.can_overnight

    overlapping = form | {"d0_1_start": "11:00"}
    page = client.post(url, overlapping)
    assert "月曜の時間が重なっています" in page.content.decode()
    backwards = form | {"d2_0_start": "18:00", "d2_0_end": "09:00"}
    assert "「まで」は「から」より後" in client.post(url, backwards).content.decode()
    assert Availability.objects.filter(member=own.helper).count() == 3

    requester_url = reverse("famisapo:helper_edit", args=[own.requester.public_id])
    assert client.get(requester_url).status_code == 404


def test_hub_staff_learn_only_whether_a_family_they_name_is_a_member(client, centres):
    own = centres.own
    own.requester.kana = "カワゴエハナコ"
    own.requester.phone = "049-222-0000"
    own.requester.save()
    verify(client, centres.world.users.staff_a)
    url = reverse("famisapo:hub_membership", args=[centres.world.hub_a1.public_id])
    page = client.get(url, {"kana": "かわごえ　はなこ"}).content.decode()
    assert "依頼会員" in page and "活動中" in page
    assert own.requester.name not in page and "049-222-0000" not in page
    audited = AuditEvent.objects.filter(detail__via="hub_membership")
    assert audited.get().object_id == str(own.requester.public_id)
    wrong_phone = client.get(url, {"kana": "カワゴエハナコ", "phone": "0492220001"})
    assert "登録されていません" in wrong_phone.content.decode()
    partial = client.get(url, {"kana": "カワゴエ"})  # a family name alone finds no one
    assert "登録されていません" in partial.content.decode()


def test_a_helper_is_no_requester_anywhere(client, centres):
    """`requests` is the reverse relation of Request.requester (always truthy as a manager): the
    kind is asked of `requests_help`, so a 提供会員 gets no children and no requests."""
    from famisapo import services_activities

    helper = centres.own.helper
    assert helper.requests_help is False and centres.own.requester.requests_help is True
    with pytest.raises(ServiceError):
        services_activities.add_child(
            member=helper,
            name="子",
            kana="コ",
            birth_date=dt.date(2022, 1, 1),
            actor=Actor(centres.world.users.coord_a),
        )
    verify(client, centres.world.users.coord_a)
    page = client.get(reverse("famisapo:member", args=[helper.public_id])).content.decode()
    assert reverse("famisapo:child_new", args=[helper.public_id]) not in page
    page = client.get(
        reverse("famisapo:member", args=[centres.own.requester.public_id])
    ).content.decode()
    assert reverse("famisapo:child_new", args=[centres.own.requester.public_id]) in page
