"""Members' records past the municipality's retention period: due, disposed, figures kept."""

import datetime as dt

from django.urls import reverse

from accounts.models import AuditEvent
from common.services import Actor
from families.models import Family
from famisapo import disposal
from famisapo.models import Activity, CentreRules, Member, MemberChild, MemberStatus, StatusChange
from tests.factories import verify

from .conftest import make_member

TODAY = dt.date(2025, 6, 1)


def _left(member, on):
    StatusChange.objects.create(member=member, on=on, status=MemberStatus.LEFT, reason="転居のため")


def _rule(centre, years):
    CentreRules.objects.create(
        centre=centre, valid_from=dt.date(2020, 4, 1), member_retention_years=years
    )


def test_nothing_is_due_until_the_municipality_sets_the_period(centres):
    centre = centres.own.centre
    old = make_member(centre, "0101", kind="requester", registered_on=dt.date(2012, 4, 1))
    _left(old, dt.date(2014, 3, 31))
    batch = disposal.due(centre, TODAY)
    assert batch.years is None and batch.members == []
    assert disposal.dispose(centre, actor=Actor(centres.world.users.officer_a), today=TODAY) == 0
    assert Member.objects.get(pk=old.pk).name == "会員 0101"


def test_only_members_who_left_before_the_cutoff_and_stayed_away_are_due(centres):
    centre = centres.own.centre
    _rule(centre, 5)
    gone = make_member(centre, "0101", kind="requester", registered_on=dt.date(2012, 4, 1))
    _left(gone, dt.date(2020, 5, 31))  # 5 years and a day before TODAY
    recent = make_member(centre, "0102", kind="requester", registered_on=dt.date(2012, 4, 1))
    _left(recent, dt.date(2020, 6, 2))
    back = make_member(centre, "0103", registered_on=dt.date(2012, 4, 1))
    _left(back, dt.date(2016, 1, 1))
    StatusChange.objects.create(member=back, on=dt.date(2017, 1, 1), status=MemberStatus.ACTIVE)
    batch = disposal.due(centre, TODAY)
    assert batch.cutoff == dt.date(2020, 6, 1)
    assert batch.members == [gone]
    assert batch.rule == "退会の日から5年"


def test_disposal_removes_whom_the_records_were_about_and_keeps_the_figures(centres):
    own = centres.own
    centre, requester = own.centre, own.requester
    _rule(centre, 1)
    _left(requester, dt.date(2024, 5, 1))  # registered 2024-04-01; cutoff 2024-06-01
    family_id = requester.family_id
    activity = Activity.objects.get(pk=own.activity.pk)
    pays, hours = activity.requester_pays, (activity.start, activity.end)

    count = disposal.dispose(centre, actor=Actor(centres.world.users.officer_a), today=TODAY)

    assert count == 1
    member = Member.objects.get(pk=requester.pk)
    assert (member.name, member.kana, member.phone, member.family) == (
        disposal.DISPOSED,
        "",
        "",
        None,
    )
    assert member.disposed_on == TODAY
    assert not Family.objects.filter(pk=family_id).exists()  # no other service had the household
    child = MemberChild.objects.get(member=member)
    assert child.name.startswith(disposal.DISPOSED) and child.allergies == ""
    activity.refresh_from_db()
    assert activity.done == "" and activity.requester_pays == pays
    assert (activity.start, activity.end) == hours
    assert Member.objects.get(pk=own.helper.pk).name == own.helper.name  # the helper stays
    event = AuditEvent.objects.get(action=AuditEvent.Action.DISPOSE, object_type="famisapo.Member")
    assert event.detail["members"] == 1 and event.detail["rule"] == "退会の日から1年"
    assert requester.name not in str(event.detail) + event.object_repr
    # Nothing more is written about a disposed member.
    import pytest

    from common.services import ServiceError
    from famisapo import services, services_activities

    coordinator = Actor(centres.world.users.coord_a)
    with pytest.raises(ServiceError, match="廃棄されています"):
        services.change_status(
            member=member, on=TODAY, status=MemberStatus.ACTIVE, reason="再開", actor=coordinator
        )
    with pytest.raises(ServiceError, match="廃棄されています"):
        services_activities.add_child(
            member=member, name="新", kana="シン", birth_date=dt.date(2024, 1, 1), actor=coordinator
        )
    # Done once: a second run finds nothing.
    assert disposal.dispose(centre, actor=Actor(centres.world.users.officer_a), today=TODAY) == 0


def test_the_officer_approves_on_the_settings_page_and_the_coordinator_cannot(client, centres):
    own = centres.own
    _rule(own.centre, 1)
    _left(own.requester, dt.date(2024, 5, 1))
    settings_url = reverse("famisapo:settings", args=[own.centre.public_id])
    dispose_url = reverse("famisapo:dispose_members", args=[own.centre.public_id])

    verify(client, centres.world.users.coord_a)
    assert client.post(dispose_url, {"confirm": "yes"}).status_code == 403

    verify(client, centres.world.users.officer_a)
    page = client.get(settings_url).content.decode()
    assert "退会の日から1年" in page and "1人の記録を廃棄する" in page
    response = client.post(dispose_url, follow=True)
    assert "チェックしてください" in response.content.decode()
    assert Member.objects.get(pk=own.requester.pk).disposed_on is None
    response = client.post(dispose_url, {"confirm": "yes"}, follow=True)
    assert "1人の記録から、氏名などを消しました" in response.content.decode()
    assert Member.objects.get(pk=own.requester.pk).disposed_on is not None


def test_no_export_holds_a_disposed_member_and_no_import_brings_one_back(centres):
    from common.importing import read_upload, run_import
    from famisapo.resources import ActivityResource, ChildResource, MemberResource

    own = centres.own
    actor = Actor(centres.world.users.coord_a)
    _rule(own.centre, 1)
    _left(own.requester, dt.date(2024, 5, 1))
    disposal.dispose(own.centre, actor=Actor(centres.world.users.officer_a), today=TODAY)

    members = MemberResource(own.centre, actor).export_audited()
    assert own.requester.number not in members["会員番号"]
    assert own.helper.number in members["会員番号"]
    assert len(ChildResource(own.centre, actor).export_audited()) == 0
    assert len(ActivityResource(own.centre, actor).export_audited()) == 0  # its requester is gone

    text = (
        "会員番号,会員の種類,氏名,ふりがな,電話番号,住所(町丁目),登録日\n"
        f"{own.requester.number},依頼会員,会員 0002,カイイン0002,0492000000,脇田町1丁目,2024/4/1\n"
    )
    data = text.encode("utf-8")
    outcome = run_import(
        MemberResource(own.centre, actor),
        read_upload(data, MemberResource.required_columns),
        dry_run=False,
    )
    assert not outcome.ok
    assert "廃棄されています" in str(outcome.errors)
    assert Member.objects.get(pk=own.requester.pk).name == disposal.DISPOSED
