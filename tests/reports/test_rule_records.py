"""The facts an officer records for the rules (issue 13), through the pages and the database:
the record of the 年度, a person's training exemption, the municipality's dated periods."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from hubs.models import Assignment, HubService, Qualification, TrainingExemption
from reports.eligibility.facts import hub_facts
from reports.eligibility.rulesets import evaluate
from reports.models import AnnualReport, HubYearRecord, MunicipalityYear, RiyoshaSetting
from tests.factories import AssignmentFactory

FY = 2025
END = dt.date(2026, 3, 31)


@pytest.fixture
def riyosha(world):
    """Hub A1 runs 利用者支援（基本型） with one licensed specialist lacking both courses."""
    service = HubService.objects.create(
        hub=world.hub_a1, kind="riyosha_kihon", started_on=dt.date(2024, 4, 1)
    )
    specialist = AssignmentFactory(
        hub=world.hub_a1,
        staff__municipality=world.city_a,
        staff__name="相談 一子",
        service=service,
        role=Assignment.Role.SPECIALIST,
        dedicated=True,
        started_on=dt.date(2024, 4, 1),
    ).staff
    Qualification.objects.create(staff=specialist, kind="kangoshi")
    specialist.experiences.create(
        organisation="保健センター",
        kind_of_work="母子相談",
        started_on=dt.date(2015, 4, 1),
        ended_on=dt.date(2024, 3, 31),
        counts_as_consultation=True,
    )
    return specialist


def _results(world, fiscal_year=FY):
    facts = hub_facts(world.hub_a1, fiscal_year, today=END)
    return {r.rule_id: r for r in evaluate(facts, today=END).results}


def _url(world, name="reports:eligibility_record"):
    return reverse(name, args=[world.hub_a1.public_id, FY])


def test_the_officer_records_the_year_and_the_rules_read_it(client, world, riyosha):
    assert _results(world)["RY-ADD-LANG"].verdict.label == "要確認"
    client.force_login(world.users.officer_a)
    page = client.get(_url(world)).content.decode()
    assert "情報提供の方法" in page and "通訳を配置した" in page
    assert "相談 一子" in page  # staff of the year to choose from
    data = {
        "info_methods": ["newsletter", "web"],
        "volunteers": "0",
        "interpreter": "on",
        "languages": "英語・ネパール語",
        "care_days_per_week": "２",  # full-width, as typed on an IME
        "care_staff": [riyosha.pk],
        "plan_published_on": "R7.4.10",
        "plan_published_where": "市のウェブサイト",
    }
    response = client.post(_url(world), data)
    assert response.status_code == 302
    record = HubYearRecord.objects.get(hub=world.hub_a1, fiscal_year=FY)
    assert record.plan_published_on == dt.date(2025, 4, 10)
    results = _results(world)
    assert results["KY-INFO"].verdict.label == "適合"
    assert results["RY-ADD-LANG"].verdict.label == "適合"
    assert "英語・ネパール語" in results["RY-ADD-LANG"].reason
    care = results["RY-ADD-CARE"]
    assert care.verdict.label == "適合" and "相談 一子" in care.reason, care.reason
    event = AuditEvent.objects.get(object_type="reports.HubYearRecord", action="create")
    assert event.detail["after"]["care_staff"] == ["相談 一子"]
    # A second save audits only what changed, before → after.
    client.post(_url(world), data | {"languages": "英語"})
    event = AuditEvent.objects.filter(object_type="reports.HubYearRecord", action="update").get()
    assert event.detail["before"] == {"languages": "英語・ネパール語"}
    assert event.detail["after"] == {"languages": "英語"}


def test_a_half_filled_exception_is_refused_and_saves_nothing(client, world, riyosha):
    client.force_login(world.users.officer_a)
    response = client.post(_url(world), {"volunteers": "0", "night_exception": "会場の都合"})
    assert response.status_code == 400
    assert "両方入力してください" in response.content.decode()
    response = client.post(_url(world), {"volunteers": "0", "plan_published_on": "2025/2/30"})
    assert response.status_code == 400 and "存在しない日付" in response.content.decode()
    assert not HubYearRecord.objects.exists()


def test_a_hub_without_riyosha_is_asked_only_the_kyoten_part(client, world):
    client.force_login(world.users.officer_a)
    page = client.get(_url(world)).content.decode()
    assert "情報提供の方法" in page and "通訳を配置した" not in page


def test_a_locked_year_refuses_the_record_with_the_reason(client, world, riyosha):
    AnnualReport.objects.create(municipality=world.city_a, fiscal_year=FY, status="approved")
    client.force_login(world.users.officer_a)
    response = client.post(_url(world), {"volunteers": "0", "interpreter": "on"}, follow=True)
    assert "承認済み" in response.content.decode()
    assert not HubYearRecord.objects.exists()


def test_hub_staff_may_not_record(client, world, riyosha):
    client.force_login(world.users.staff_a)
    assert client.post(_url(world), {"volunteers": "0"}).status_code == 403
    assert not HubYearRecord.objects.exists()


def test_an_exemption_recorded_on_the_staff_page_makes_the_specialist_count(client, world, riyosha):
    result = _results(world)["RY-KIHON-STAFF"]
    assert result.verdict.label == "不適合" and "記録がありません" in result.reason
    client.force_login(world.users.officer_a)
    url = reverse(
        "hubs:staff_part_add", args=[world.hub_a1.public_id, riyosha.public_id, "exemptions"]
    )
    response = client.post(url, {"basis": "unavoidable", "evidence": "市の確認書（R6.4.1）"})
    assert response.status_code == 302, response.content.decode()
    assert TrainingExemption.objects.filter(staff=riyosha).exists()
    result = _results(world)["RY-KIHON-STAFF"]
    assert result.verdict.label == "適合" and result.deadline is None
    assert "市町村が期間を定めていません" in result.to_confirm
    page = client.get(reverse("reports:eligibility_hub", args=[world.hub_a1.public_id, FY]))
    assert "要確認：相談 一子さんの基本研修・基本型専門研修の受講期限" in page.content.decode()
    # The municipality sets 18 months: the deadline follows, in 和暦 with 西暦 beside it.
    RiyoshaSetting.objects.create(
        municipality=world.city_a,
        first_year=2024,
        training_deadline_months=18,
        source="川越市要領 第5条",
    )
    assert _results(world, fiscal_year=2024)["RY-KIHON-STAFF"].deadline == dt.date(2025, 9, 30)
    page = client.get(reverse("reports:eligibility_hub", args=[world.hub_a1.public_id, 2024]))
    assert "令和7年9月30日（2025-09-30）まで" in page.content.decode()
    assert _results(world)["RY-KIHON-STAFF"].verdict.label == "不適合"  # past it by 2026-03-31


def test_the_municipalitys_experience_period_is_read_from_the_database(world, riyosha):
    RiyoshaSetting.objects.create(
        municipality=world.city_a,
        first_year=2020,
        experience_months_licensed=120,
        source="川越市要領 第4条",
    )
    TrainingExemption.objects.create(staff=riyosha, basis="unavoidable", evidence="確認書")
    result = _results(world)["RY-KIHON-STAFF"]
    assert result.verdict.label == "不適合"
    assert "10年以上：川越市の定め（川越市要領 第4条）" in result.reason


def test_former_tokutei_is_read_from_the_yearly_figures(world):
    HubService.objects.create(
        hub=world.hub_a1, kind="riyosha_tokutei", started_on=dt.date(2020, 4, 1)
    )
    MunicipalityYear.objects.create(municipality=world.city_a, year=2012, former_tokutei=True)
    result = _results(world)["RY-TOKUTEI-CITY"]
    assert result.verdict.label == "適合" and "特定市町村" in result.reason


def test_the_what_if_changes_the_recorded_facts_too(client, world, riyosha):
    client.force_login(world.users.officer_a)
    url = reverse("reports:eligibility_what_if", args=[world.hub_a1.public_id, FY])
    form = client.get(url).context["form"]
    assert form.initial["multilingual"] is False
    post = {f"d{d}_opens1": "09:30" for d in range(5)} | {
        f"d{d}_closes1": "15:30" for d in range(5)
    }
    response = client.post(url, post | {"multilingual": "on", "care_days_per_week": "1"})
    rows = {before.rule_id: (before, after) for before, after in response.context["rows"]}
    before, after = rows["RY-ADD-LANG"]
    assert (before.verdict.label, after.verdict.label) == ("要確認", "適合")
    assert rows["RY-ADD-CARE"][1].verdict.label == "不適合"
    # One more specialist who could not take the courses yet: the staffing verdict turns.
    response = client.post(
        url,
        post
        | {
            "add_staff": "on",
            "staff_service": "riyosha_kihon",
            "staff_dedicated": "on",
            "staff_qualification": "hoikushi",
            "staff_experience_years": "3",
            "staff_exemption": "unavoidable",
        },
    )
    rows = {before.rule_id: (before, after) for before, after in response.context["rows"]}
    before, after = rows["RY-KIHON-STAFF"]
    assert (before.verdict.label, after.verdict.label) == ("不適合", "適合")
    assert not HubYearRecord.objects.exists() and not TrainingExemption.objects.exists()


def test_the_annual_report_reads_the_municipality_and_the_price_tables_once(world):
    """Both of 川越市's hubs are judged with the municipality's facts and prices read once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.annual import build_snapshot

    with CaptureQueriesContext(connection) as queries:
        snapshot = build_snapshot(world.city_a, FY, today=END)
    assert len(snapshot["hubs"]) == 2
    sql = [q["sql"] for q in queries.captured_queries]
    for table in (
        "reports_riyoshasetting",
        "reports_localcondition",
        "reports_unitprice",
        "reports_costshare",
        "reports_hubyearcost",
        "reports_municipalityyear",
    ):
        assert sum(f'FROM "{table}"' in q for q in sql) == 1, table
    # the hubs' calendars: once for the usage figures, once for the rules — not once a hub
    assert sum('FROM "hubs_openingschedule"' in q for q in sql) == 2
    # each hub's record of the year is read once, not once per programme
    assert sum('FROM "reports_hubyearrecord"' in q for q in sql) == 2


def test_the_what_if_leaves_the_record_as_it_is_when_its_fields_are_not_changed(
    client, world, riyosha
):
    """Trying a schedule alone must not turn unrecorded 加算 into 不適合 nor rewrite the record."""
    HubYearRecord.objects.create(
        hub=world.hub_a1,
        fiscal_year=FY,
        plan_published_on=dt.date(2025, 4, 10),
        plan_published_where="市のウェブサイト",
    )
    client.force_login(world.users.officer_a)
    url = reverse("reports:eligibility_what_if", args=[world.hub_a1.public_id, FY])
    initial = client.get(url).context["form"].initial
    assert initial["plan_published"] is True
    post = {f"d{d}_opens1": "09:30" for d in range(5)} | {
        f"d{d}_closes1": "15:30" for d in range(5)
    }
    post |= {"plan_published": "on"}  # as the form shows it: unchanged
    rows = {b.rule_id: (b, a) for b, a in client.post(url, post).context["rows"]}
    for rule_id in ("RY-ADD-STRENGTH", "RY-ADD-VISIT", "RY-ADD-LANG"):
        before, after = rows[rule_id]
        assert (before.verdict, before.reason) == (after.verdict, after.reason), rule_id
