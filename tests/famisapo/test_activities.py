"""From request to activity: matching checks, the 事前打合せ gate, fees, confirmation, the month close."""

import datetime as dt

import pytest

from common.services import Actor, ServiceError
from famisapo import services_activities as s
from famisapo import services_care as care
from famisapo.models import (
    Availability,
    FeeScheduleRow,
    MemberChild,
    Request,
    RequestEvent,
    TrainingRecord,
)
from famisapo.selectors_activities import candidates, statements

from .conftest import make_member

FEES = {
    "bands": [
        {"days": "平日", "from": "07:00", "to": "19:00", "yen_per_hour": 700},
        {"days": "平日", "from": "19:00", "to": "22:00", "yen_per_hour": 800},
        {"days": "土日祝", "from": "07:00", "to": "22:00", "yen_per_hour": 800},
    ],
    "additional_children_percent": [50],
    "reductions": {"ひとり親": {"percent": 50}},
}
MONDAY = dt.date(2025, 10, 6)
T = dt.time


@pytest.fixture
def setup(centres):
    own = centres.own
    FeeScheduleRow.objects.create(centre=own.centre, valid_from=dt.date(2025, 4, 1), data=FEES)
    Availability.objects.create(member=own.helper, weekday=0, start=T(8), end=T(20))
    child = MemberChild.objects.create(
        member=own.requester, name="子 一郎", birth_date=dt.date(2021, 5, 1)
    )
    sibling = MemberChild.objects.create(
        member=own.requester, name="子 二郎", birth_date=dt.date(2023, 5, 1)
    )
    own.child, own.sibling = child, sibling
    own.actor = Actor(centres.world.users.coord_a)
    return own


def request_for(o, **changes):
    values = {
        "requester": o.requester,
        "kind": "保育施設等の送迎",
        "date": MONDAY,
        "start": T(17, 30),
        "end": T(19, 0),
        "children": [o.child],
        "place": "さくら保育園 → 自宅",
    }
    return s.take_request(centre=o.centre, data=s.RequestData(**(values | changes)), actor=o.actor)


def meet(o, **changes):
    values = {
        "requester": o.requester,
        "helper": o.helper,
        "children": [o.child],
        "kinds": ["保育施設等の送迎"],
        "held_on": dt.date(2025, 9, 20),
        "place": "依頼会員の自宅",
        "attendees": "依頼会員、提供会員、アドバイザー",
        "allergies": "卵",
        "agreed": "保育園のお迎えカードを預かる",
    }
    return s.record_meeting(
        centre=o.centre, data=s.MeetingData(**(values | changes)), actor=o.actor
    )


def activity(o, **changes):
    values = {
        "requester": o.requester,
        "helper": o.helper,
        "children": [o.child],
        "kind": "保育施設等の送迎",
        "date": MONDAY,
        "start": T(17, 30),
        "end": T(19, 45),
        "done": "保育園へお迎え、自宅で夕食まで",
        "reported_on": dt.date(2025, 10, 8),
    }
    return s.record_activity(
        centre=o.centre, data=s.ActivityData(**(values | changes)), actor=o.actor
    )


# Matching
def test_the_trained_available_helper_is_eligible_and_ranked_first(setup):
    other = make_member(setup.centre, "0050", trained_on=dt.date(2024, 3, 1))  # no weekly slot
    ranked = candidates(request_for(setup))
    assert ranked[0].helper == setup.helper
    assert ranked[0].eligible
    by_helper = {c.helper.number: c for c in ranked}
    assert by_helper["0050"].reasons == ["月曜 17:30〜19:00 は援助できる時間外"]
    assert other.pk in {c.helper.pk for c in ranked}


def test_a_helper_whose_safety_course_expired_is_not_eligible_and_says_why(setup):
    TrainingRecord.objects.filter(member=setup.helper, kind__in=["rescue", "accident"]).update(
        taken_on=dt.date(2020, 9, 1)
    )
    [candidate] = [c for c in candidates(request_for(setup)) if c.helper == setup.helper]
    assert not candidate.eligible
    assert "緊急救命講習の期限切れ（2025-08-31まで）" in candidate.reasons


def test_sick_child_care_needs_the_helper_to_offer_it_and_its_course(setup):
    [candidate] = [
        c for c in candidates(request_for(setup, kind="病児・病後児")) if c.helper == setup.helper
    ]
    assert candidate.reasons == ["病児・病後児の預かりをしない"]


def test_an_answer_is_kept_and_acceptance_matches_the_request(setup):
    request = request_for(setup)
    declining = make_member(setup.centre, "0051", trained_on=dt.date(2024, 3, 1))
    s.record_answer(
        request=request, helper=declining, step=RequestEvent.Step.DECLINED, actor=setup.actor
    )
    s.record_answer(
        request=request, helper=setup.helper, step=RequestEvent.Step.ACCEPTED, actor=setup.actor
    )
    request.refresh_from_db()
    assert request.state == Request.State.MATCHED
    assert request.helper == setup.helper
    assert [e.step for e in request.events.all()] == ["declined", "accepted"]
    with pytest.raises(ServiceError, match=s.ERR_REQUEST_CLOSED):
        s.record_answer(
            request=request, helper=declining, step=RequestEvent.Step.ACCEPTED, actor=setup.actor
        )


def test_a_matched_helper_is_busy_for_an_overlapping_request(setup):
    first = request_for(setup)
    s.record_answer(
        request=first, helper=setup.helper, step=RequestEvent.Step.ACCEPTED, actor=setup.actor
    )
    second = request_for(setup, start=T(18, 0), end=T(19, 30))
    [candidate] = [c for c in candidates(second) if c.helper == setup.helper]
    assert "同じ時間に別の活動がある" in candidate.reasons


# The 事前打合せ gate
def test_no_activity_of_a_pair_before_their_meeting(setup):
    with pytest.raises(
        ServiceError, match="事前打合せが必要です: この組み合わせの事前打合せが記録されていません"
    ):
        activity(setup)
    meet(setup)
    assert activity(setup).requester_pays == 1050 + 800


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"kind": "学童・放課後"}, "「学童・放課後」の事前打合せがありません"),
        ({"children": "both"}, "事前打合せに含まれていない子どもがいます"),
        ({"date": dt.date(2026, 4, 6), "reported_on": dt.date(2026, 4, 7)}, "年度が替わったため"),
    ],
)
def test_a_new_kind_a_new_child_or_a_new_fiscal_year_needs_a_new_meeting(
    setup, changes, why, monkeypatch
):
    meet(setup)
    if changes.get("children") == "both":
        changes["children"] = [setup.child, setup.sibling]
    with pytest.raises(ServiceError, match=why):
        activity(setup, **changes)


def test_an_activity_the_centre_did_not_arrange_is_kept_and_flagged(setup):
    recorded = activity(setup, arranged=False)
    assert recorded.arranged is False
    assert recorded.requester_pays == 1850


# Fees
def test_the_fee_is_kept_with_its_lines_siblings_and_reduction(setup):
    meet(setup, children=[setup.child, setup.sibling])
    setup.requester.reduction = "ひとり親"
    setup.requester.save()
    recorded = activity(setup, children=[setup.child, setup.sibling], start=T(9), end=T(10, 30))
    # 700 × 1.5 h = 1,050 + second child 525 = 1,575; half reduced, the city pays it
    assert recorded.requester_pays == 1575 - 787
    assert recorded.city_pays == 787
    assert [line["label"] for line in recorded.fee_lines][-1] == "減免分の市町村負担（ひとり親）"


def test_without_a_fee_schedule_the_activity_is_refused(setup):
    FeeScheduleRow.objects.filter(centre=setup.centre).delete()
    meet(setup)
    with pytest.raises(ServiceError, match="適用される利用料金表がありません"):
        activity(setup)


# Confirmation and the month
def test_a_month_closes_only_when_every_report_is_confirmed_and_then_refuses_changes(setup):
    meet(setup)
    recorded = activity(setup)
    october = dt.date(2025, 10, 1)
    with pytest.raises(ServiceError, match="確認がない活動報告が1件"):
        s.close_month(centre=setup.centre, month=october, actor=setup.actor)
    with pytest.raises(ServiceError, match=s.ERR_CONFIRM_BEFORE):
        s.confirm_activity(
            activity=recorded, on=dt.date(2025, 10, 5), method="paper", actor=setup.actor
        )
    s.confirm_activity(
        activity=recorded, on=dt.date(2025, 10, 8), method="paper", actor=setup.actor
    )
    s.close_month(centre=setup.centre, month=october, actor=setup.actor)
    with pytest.raises(ServiceError, match="2025年10月は締めてあります"):
        activity(setup, date=dt.date(2025, 10, 13))


def test_statements_sum_each_pair(setup):
    meet(setup)
    activity(setup)
    activity(setup, date=dt.date(2025, 10, 13), start=T(9), end=T(10))  # スポーツの日: 800円
    [line] = statements(setup.centre, dt.date(2025, 10, 1), by="requester")
    assert (line.member, line.other) == (setup.requester, setup.helper)
    assert line.requester_pays == 1850 + 800
    [earned] = statements(setup.centre, dt.date(2025, 10, 1), by="helper")
    assert earned.member == setup.helper
    assert earned.requester_pays + earned.city_pays == 2650


# Incidents and 心配なケース
def test_an_incident_has_180_days_to_claim_and_an_unarranged_activity_is_not_insured(setup):
    meet(setup)
    unarranged = activity(setup, arranged=False)
    incident = care.record_incident(
        centre=setup.centre,
        activity=unarranged,
        occurred_on=MONDAY,
        kind="child_injury",
        what_happened="転んで膝をすりむいた",
        arranged=True,
        claimed_on=None,
        actor=setup.actor,
    )
    assert incident.claim_by == MONDAY + dt.timedelta(days=180)
    assert incident.arranged is False  # taken from the activity, not from the form
    with pytest.raises(ServiceError, match=care.ERR_INCIDENT_FUTURE):
        care.record_incident(
            centre=setup.centre,
            activity=None,
            occurred_on=dt.date(2999, 1, 1),
            kind="liability",
            what_happened="x",
            arranged=True,
            claimed_on=None,
            actor=setup.actor,
        )


def test_a_suspicion_of_abuse_reaches_the_municipality_page_until_handled(setup, client):
    from django.urls import reverse
    from django.utils import timezone

    from famisapo.selectors_activities import open_abuse_concerns, open_concerns

    meet(setup)
    recorded = activity(setup)
    concern = care.record_concern(
        activity=recorded,
        noticed="腕にあざ。家では叩かれると話した",
        abuse_suspected=True,
        family_consents=False,
        actor=setup.actor,
    )
    assert list(open_concerns(setup.centre)) == [concern]
    assert open_abuse_concerns(setup.centre.municipality) == 1
    officer = setup.centre.municipality
    from tests.factories import UserFactory, grant

    alert_officer = grant(
        UserFactory(username="alert_a"), "municipal_officer", municipality=officer
    )
    client.force_login(alert_officer)
    page = client.get(reverse("portal:municipality", args=[officer.code]))
    assert "ファミサポからの虐待の疑い：未対応 1件" in page.content.decode()
    with pytest.raises(ServiceError, match="通告先を選んでください"):
        care.handle_concern(
            concern=concern, on=timezone.localdate(), handling="様子を見る", actor=setup.actor
        )
    assert open_abuse_concerns(officer) == 1
    care.handle_concern(
        concern=concern,
        on=timezone.localdate(),
        handling="市の虐待対応窓口へ連絡",
        reported_to="shichoson",
        actor=setup.actor,
    )
    assert open_abuse_concerns(officer) == 0


def test_a_suspicion_of_abuse_mails_the_alert_holders_and_lists_for_them_without_names(
    setup, client, settings, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.urls import reverse
    from django.utils import timezone

    from tests.factories import UserFactory, grant

    settings.KYOTEN_ALERT_EMAIL = True
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    city = setup.centre.municipality
    officer = grant(UserFactory(username="alert_m"), "municipal_officer", municipality=city)
    officer.email = "kodomo@city.example.jp"
    officer.save()
    meet(setup)
    recorded = activity(setup)
    with django_capture_on_commit_callbacks(execute=True):
        concern = care.record_concern(
            activity=recorded,
            noticed="腕にあざ",
            abuse_suspected=True,
            family_consents=False,
            actor=setup.actor,
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["kodomo@city.example.jp"]
    body = mail.outbox[0].body
    assert setup.centre.name in body
    assert "あざ" not in body and recorded.requester.name not in body
    with django_capture_on_commit_callbacks(execute=True):
        care.record_concern(
            activity=recorded,
            noticed="元気がない",
            abuse_suspected=False,
            family_consents=False,
            actor=setup.actor,
        )
    assert len(mail.outbox) == 1  # a worry without a suspicion of abuse mails no one

    client.force_login(officer)
    page = client.get(reverse("portal:municipality", args=[city.code])).content.decode()
    alerts_url = reverse("famisapo:municipality_alerts", args=[city.code])
    assert "ファミサポからの虐待の疑い：未対応 1件" in page and alerts_url in page
    page = client.get(alerts_url).content.decode()
    assert "未対応（1件）" in page and setup.centre.name in page
    assert recorded.requester.name not in page and "あざ" not in page
    care.handle_concern(
        concern=concern,
        on=timezone.localdate(),
        handling="児相へ電話",
        reported_to="jisou",
        actor=setup.actor,
    )
    page = client.get(alerts_url).content.decode()
    assert "未対応（0件）" in page and "児童相談所" in page


def test_an_answer_naming_no_helper_is_404_not_an_error(client, centres):
    from django.urls import reverse

    from tests.factories import verify

    verify(client, centres.world.users.coord_a)
    url = reverse("famisapo:request_answer", args=[centres.own.request.public_id])
    assert client.post(url, {"helper": "not-a-uuid", "step": "asked"}).status_code == 404
    other = centres.other.helper.public_id  # another city's helper: not found here either
    assert client.post(url, {"helper": str(other), "step": "asked"}).status_code == 404


def test_the_hub_specialist_sees_shared_concerns_and_counts_the_others(client, centres):
    from django.urls import reverse

    from accounts.models import AuditEvent
    from famisapo.models import Concern
    from tests.factories import UserFactory, grant, verify

    own = centres.own
    Concern.objects.create(activity=own.activity, noticed="腕にあざ", family_consents=True)
    Concern.objects.create(activity=own.activity, noticed="言えない話", abuse_suspected=True)
    Concern.objects.create(
        activity=centres.sibling.activity, noticed="別のセンター", family_consents=True
    )
    specialist = grant(UserFactory(username="spec_a1"), "specialist", hub=centres.world.hub_a1)
    verify(client, specialist)
    page = client.get(reverse("famisapo:hub_concerns", args=[centres.world.hub_a1.public_id]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "腕にあざ" in text and own.requester.name in text
    assert "言えない話" not in text and "別のセンター" not in text
    assert "同意のない心配なケース: 1件" in text and "虐待の疑い 1件" in text
    assert AuditEvent.objects.filter(detail__via="hub").count() == 1


def test_an_activity_the_members_arranged_themselves_is_kept_and_flagged_not_insured(
    client, centres
):
    from django.urls import reverse

    from famisapo.models import Activity
    from tests.factories import verify

    own = centres.own
    FeeScheduleRow.objects.create(centre=own.centre, valid_from=dt.date(2025, 4, 1), data=FEES)
    child = own.requester.children.get()
    verify(client, centres.world.users.coord_a)
    url = reverse("famisapo:activity_unarranged", args=[own.requester.public_id])
    page = client.get(url).content.decode()
    assert "補償保険の対象になりません" in page
    before = Activity.objects.count()
    response = client.post(
        url,
        {
            "helper": own.helper.pk,
            "date": MONDAY.isoformat(),
            "start": "10:00",
            "end": "11:00",
            "kind": "買い物・用事",
            "children": [child.pk],
            "done": "買い物の間の預かり",
            "reported_on": MONDAY.isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()
    activity = Activity.objects.filter(centre=own.centre).exclude(pk=own.activity.pk).get()
    assert Activity.objects.count() == before + 1
    assert activity.arranged is False and activity.request is None  # no 事前打合せ was asked
    assert activity.requester_pays == 700
    assert "補償保険" in client.get(response["Location"]).content.decode()
    # A 提供会員 asks no one for help: the page is not there for them.
    helper_url = reverse("famisapo:activity_unarranged", args=[own.helper.public_id])
    assert client.get(helper_url).status_code == 404


def test_a_mail_server_that_refuses_loses_no_alert(setup, settings, monkeypatch, caplog):
    """The mail goes after the commit; when it fails, the concern is kept and still counted."""
    from accounts import notify
    from famisapo.selectors_activities import open_abuse_concerns
    from tests.factories import UserFactory, grant

    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(notify, "send_mail", refuse)
    city = setup.centre.municipality
    officer = grant(UserFactory(username="alert_f"), "municipal_officer", municipality=city)
    officer.email = "kodomo@city.example.jp"
    officer.save()
    meet(setup)
    recorded = activity(setup)
    concern = care.record_concern(
        activity=recorded,
        noticed="あざ",
        abuse_suspected=True,
        family_consents=False,
        actor=setup.actor,
    )
    care._email_alert(concern.pk)  # what the commit runs
    assert "alert email could not be sent" in caplog.text
    assert open_abuse_concerns(city) == 1
