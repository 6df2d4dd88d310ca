"""The rules engine: both sides of every threshold, rule sets at their boundaries, the CLI."""

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from reports.eligibility.facts import FactsError, facts_from_json
from reports.eligibility.rulesets import evaluate

TODAY = dt.date(2025, 6, 1)
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]


def _hub(**extra) -> dict:
    base = {
        "name": "試験拠点",
        "hub_type": "ippan",
        "schedule": {d: [["09:30", "15:30"]] for d in WEEKDAYS},
        "staff": [
            {"name": "甲", "service": "hiroba", "dedicated": True},
            {"name": "乙", "service": "hiroba", "dedicated": True},
        ],
        "koshu_per_month": [1] * 12,
        "usage_days": 240,
        "opening_days": 240,
        "consultations": {"hiroba": 100},
    }
    return base | extra


def _verdict(data: dict, rule_id: str, fiscal_year: int = 2025):
    report = evaluate(facts_from_json(data, fiscal_year), today=TODAY)
    return next(r for r in report.results if r.rule_id == rule_id)


def _specialist(**extra) -> dict:
    base = {
        "name": "専門員",
        "service": "riyosha_kihon",
        "role": "specialist",
        "dedicated": True,
        "qualifications": ["hoikushi"],
        "training": {"kihon": "2020-05-01", "senmon-riyosha-kihon": "2020-09-01"},
        "experience_years": 2,
        "started_on": "2021-04-01",
    }
    return base | extra


# 拠点 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("closes", "verdict", "tier"),
    [("14:30", "適合", "週5日型"), ("14:29", "不適合", None)],  # 5 h vs 4:59
)
def test_ippan_counts_only_days_of_five_hours(closes, verdict, tier):
    data = _hub(schedule={d: [["09:30", closes]] for d in WEEKDAYS})
    result = _verdict(data, "KY-OPEN")
    assert result.verdict.label == verdict
    if tier:
        assert tier in result.reason
    else:
        assert "下回っています" in result.reason


@pytest.mark.parametrize(
    ("days", "verdict"), [(["mon", "wed", "fri"], "適合"), (["mon", "wed"], "不適合")]
)
def test_opening_floor_is_three_days(days, verdict):
    data = _hub(schedule={d: [["09:00", "15:00"]] for d in days})
    assert _verdict(data, "KY-OPEN").verdict.label == verdict


def test_renkei_floor_is_three_hours_and_five_to_seven_days_tier():
    data = _hub(
        hub_type="renkei",
        premises="child_welfare",
        schedule={d: [["10:00", "13:00"]] for d in [*WEEKDAYS, "sat"]},
    )
    result = _verdict(data, "KY-OPEN")
    assert result.verdict.label == "適合" and "週5〜7日型" in result.reason


@pytest.mark.parametrize(("staff", "verdict"), [(2, "適合"), (1, "不適合")])
def test_ippan_needs_two_dedicated_staff(staff, verdict):
    data = _hub(
        staff=[{"name": f"職員{i}", "dedicated": True} for i in range(staff)]
        + [{"name": "兼任", "dedicated": False}]
    )
    assert _verdict(data, "KY-STAFF").verdict.label == verdict


def test_koshu_must_be_held_every_month():
    assert _verdict(_hub(), "KY-KOSHU").verdict.label == "適合"
    result = _verdict(_hub(koshu_per_month=[1] * 9 + [0, 1, 1]), "KY-KOSHU")
    assert result.verdict.label == "不適合" and "1月" in result.reason


def test_outreach_addon_needs_every_week_and_community_addon_yields_to_riyosha():
    data = _hub(services=["shuccho"], outreach_weeks=52, outreach_weeks_total=52)
    assert _verdict(data, "KY-ADD-OUTREACH").verdict.label == "適合"
    data = _hub(services=["shuccho"], outreach_weeks=51, outreach_weeks_total=52)
    assert _verdict(data, "KY-ADD-OUTREACH").verdict.label == "不適合"
    data = _hub(services=["chiiki_shien", "riyosha_kihon"])
    result = _verdict(data, "KY-ADD-COMMUNITY")
    assert result.verdict.label == "対象外" and "利用者支援事業" in result.reason


def test_renkei_premises_must_be_a_child_welfare_facility():
    assert (
        _verdict(_hub(hub_type="renkei", premises="shop"), "KY-PLACEKIND").verdict.label == "不適合"
    )


# 利用者支援 基本型 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualifications", "years", "verdict"),
    [
        (["hoikushi"], 1.0, "適合"),
        (["hoikushi"], 0.99, "不適合"),
        ([], 3.0, "適合"),
        ([], 2.99, "不適合"),
    ],
)
def test_specialist_experience_one_or_three_years(qualifications, years, verdict):
    data = _hub(
        services=["riyosha_kihon"],
        staff=[_specialist(qualifications=qualifications, experience_years=years)],
    )
    assert _verdict(data, "RY-KIHON-STAFF").verdict.label == verdict


def test_ninpu_type_exists_from_reiwa_6_and_its_unconfirmed_conditions_say_so():
    from reports.eligibility.amounts import amounts

    data = _hub(services=["riyosha_ninpu"])
    before = _verdict(data, "RY-NINPU", fiscal_year=2023)
    assert before.verdict.label == "不適合" and "令和6年度に設けられました" in before.reason
    after = _verdict(data, "RY-NINPU", fiscal_year=2024)
    assert after.verdict.label == "要確認" and "確認できていない" in after.reason
    facts = facts_from_json(data, 2024)
    report = evaluate(facts, today=TODAY)
    ninpu = next(
        a
        for a in amounts(report, facts, prices=[], shares_table=[], costs={})
        if "妊婦等包括" in a.label
    )
    assert ninpu.standard is None and ninpu.verdict.label == "要確認"


def test_kodomo_family_social_worker_counts_from_reiwa_6():
    worker = _specialist(
        qualifications=["kodomo_sw"], training={}, experience_years=0, started_on="2020-01-01"
    )
    data = _hub(services=["riyosha_kihon", "riyosha_boshi"], staff=[worker])
    assert _verdict(data, "RY-KIHON-STAFF", fiscal_year=2024).verdict.label == "適合"
    assert _verdict(data, "RY-KIHON-STAFF", fiscal_year=2023).verdict.label == "不適合"
    # 母子保健型 became こども家庭センター型 on 2024-04-01.
    assert _verdict(data, "RY-BOSHI-STAFF", fiscal_year=2023).title.startswith("母子保健型")
    assert _verdict(data, "RY-BOSHI-STAFF", fiscal_year=2024).title.startswith(
        "こども家庭センター型"
    )


@pytest.mark.parametrize("fiscal_year", [2014, 2027])
def test_a_year_without_a_rule_set_says_so(fiscal_year):
    report = evaluate(facts_from_json(_hub(), fiscal_year), today=TODAY)
    assert [r.rule_id for r in report.results] == ["RULESET"]
    assert report.results[0].verdict.label == "要確認"
    assert "登録されていません" in report.results[0].reason


EMERGENCY = {"municipality": {"name": "試験市", "emergency_measures": True}}


@pytest.mark.parametrize(
    ("closes", "days", "verdict"),
    [("20:00", 3, "適合"), ("19:59", 3, "不適合"), ("20:00", 2, "不適合")],  # 18:00+2h; 3 days
)
def test_night_addon(closes, days, verdict):
    schedule = {d: [["11:00", closes if i < days else "17:30"]] for i, d in enumerate(WEEKDAYS)}
    data = _hub(services=["riyosha_kihon"], staff=[_specialist()], schedule=schedule) | EMERGENCY
    result = _verdict(data, "RY-ADD-NIGHT")
    assert result.verdict.label == verdict, result.reason
    if days == 2:
        assert "あと1日必要" in result.reason


def test_night_addon_needs_more_than_six_hours_a_day():
    schedule = {d: [["14:00", "20:00"]] for d in WEEKDAYS}  # exactly 6 h
    data = _hub(services=["riyosha_kihon"], staff=[_specialist()], schedule=schedule) | EMERGENCY
    assert _verdict(data, "RY-ADD-NIGHT").verdict.label == "不適合"


def test_holiday_addon_four_days_with_a_weekend_or_holiday():
    four_with_saturday = {d: [["10:00", "16:00"]] for d in ["mon", "tue", "wed", "sat"]}
    three_with_saturday = {d: [["10:00", "16:00"]] for d in ["mon", "tue", "sat"]}
    weekdays_and_holidays = {d: [["10:00", "16:00"]] for d in ["mon", "tue", "wed", "thu"]}
    base = _hub(services=["riyosha_kihon"], staff=[_specialist()]) | EMERGENCY
    assert (
        _verdict(base | {"schedule": four_with_saturday}, "RY-ADD-HOLIDAY").verdict.label == "適合"
    )
    assert (
        _verdict(base | {"schedule": three_with_saturday}, "RY-ADD-HOLIDAY").verdict.label
        == "不適合"
    )
    assert (
        _verdict(base | {"schedule": weekdays_and_holidays}, "RY-ADD-HOLIDAY").verdict.label
        == "不適合"
    )
    holidays = base | {"schedule": weekdays_and_holidays, "open_on_holidays": True}
    assert _verdict(holidays, "RY-ADD-HOLIDAY").verdict.label == "適合"
    # Without the municipality's 緊急対策 figure the engine cannot say yes.
    unknown = _hub(services=["riyosha_kihon"], staff=[_specialist()], schedule=four_with_saturday)
    assert _verdict(unknown, "RY-ADD-HOLIDAY").verdict.label == "要確認"


@pytest.mark.parametrize(("consultations", "verdict"), [(1200, "要確認"), (1199, "不適合")])
def test_strengthening_needs_five_consultations_per_opening_day(consultations, verdict):
    schedule = {d: [["10:00", "16:00"]] for d in ["mon", "tue", "wed", "sat"]}
    data = (
        _hub(
            services=["riyosha_kihon"],
            staff=[_specialist(name="A"), _specialist(name="B")],
            schedule=schedule,
            opening_days=240,
            consultations={"kihon": consultations},
        )
        | EMERGENCY
    )
    result = _verdict(data, "RY-ADD-STRENGTH")
    assert result.verdict.label == verdict, result.reason


def test_half_week_advice_is_a_warning_not_a_failure():
    data = _hub(
        services=["riyosha_kihon"],
        staff=[_specialist()],
        schedule={d: [["10:00", "16:00"]] for d in ["mon", "wed", "fri"]},
    )
    result = _verdict(data, "RY-ADVICE-HALFWEEK")
    assert result.verdict.label == "要確認" and str(result.kind) == "advice"


@pytest.mark.parametrize(("sites", "verdict"), [(3, "適合"), (4, "不適合")])
def test_tokutei_cap_is_the_largest_population_over_ten_thousand_rounded_up(sites, verdict):
    city = {
        "name": "試験市",
        "population_0_5": {"2013": 21000, "2016": 20001, "2019": 18000, "2021": 40000},
        "nurseries": 120,
        "tokutei_sites": sites,
    }
    data = _hub(services=["riyosha_tokutei"], municipality=city)
    result = _verdict(data, "RY-TOKUTEI-CAP")
    assert result.verdict.label == verdict
    assert "上限 3か所" in result.reason  # 21,000 → 3; 2021 is outside the window
    assert _verdict(data, "RY-TOKUTEI-CITY").verdict.label == "適合"


def test_bad_facts_give_japanese_errors():
    with pytest.raises(FactsError, match="曜日"):
        facts_from_json(_hub(schedule={"monday": [["09:00", "15:00"]]}), 2025)
    with pytest.raises(FactsError, match="HH:MM"):
        facts_from_json(_hub(schedule={"mon": [["9時", "15:00"]]}), 2025)


def test_check_eligibility_command_prints_every_verdict_as_json(tmp_path, capsys, db):
    path = tmp_path / "hub.json"
    path.write_text(
        json.dumps(_hub(services=["riyosha_kihon"], staff=[_specialist()]), ensure_ascii=False),
        encoding="utf-8",
    )
    call_command(
        "check_eligibility", "--facts", str(path), "--fiscal-year", "2024", "--format", "json"
    )
    out = json.loads(capsys.readouterr().out)
    assert out["fiscal_year"] == 2024 and "令和6年度" in out["rule_set"]
    ids = {r["rule_id"] for r in out["results"]}
    assert {"KY-OPEN", "KY-STAFF", "RY-KIHON-STAFF", "RY-ADD-NIGHT"} <= ids
    assert all(
        r["reason"]
        and r["verdict"] in {"ok", "ng", "check", "na"}
        and r["verdict_label"] in {"適合", "不適合", "要確認", "対象外"}
        for r in out["results"]
    )
    path.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON として読めません"):
        call_command("check_eligibility", "--facts", str(path), "--fiscal-year", "2024")


def test_real_hub_eligibility_page_and_command(client, world, capsys):
    from hubs.models import Assignment
    from tests.factories import AssignmentFactory

    for _ in range(2):
        AssignmentFactory(
            hub=world.hub_a1,
            staff__municipality=world.city_a,
            role=Assignment.Role.HIROBA,
            dedicated=True,
            started_on=dt.date(2020, 4, 1),
        )
    client.force_login(world.users.officer_a)
    response = client.get(f"/reports/hubs/{world.hub_a1.public_id}/eligibility/2025/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "週5日型" in page and "適合" in page and "地域子育て支援拠点事業実施要綱" in page
    call_command("check_eligibility", "--hub", str(world.hub_a1.public_id), "--fiscal-year", "2025")
    out = capsys.readouterr().out
    assert "[適合] KY-STAFF" in out


# Amounts ---------------------------------------------------------------------------------------


def test_selected_amount_is_the_least_of_three_and_shares_truncate_below_1000():
    from fractions import Fraction

    from reports.eligibility.amounts import selected_amount, shares

    assert selected_amount(8_000_000, 7_500_000, 9_000_000, 200_000) == 7_500_000
    assert selected_amount(8_000_000, 9_000_000, 8_100_000, 200_000) == 7_900_000
    assert selected_amount(8_000_000, 9_000_000, 9_000_000, 0) == 8_000_000
    split = shares(7_654_321, Fraction(1, 3), Fraction(1, 3))
    assert split == {"国": 2_551_000, "都道府県": 2_551_000, "市町村": 2_552_321}
    split = shares(7_654_321, Fraction(2, 3), Fraction(1, 6))
    assert split["国"] == 5_102_000 and split["都道府県"] == 1_275_000
    assert sum(split.values()) == 7_654_321


def _amounts(data, *, confirmed: bool, cost=(9_000_000, 9_500_000, 100_000)):
    from types import SimpleNamespace

    from reports.eligibility.amounts import amounts

    facts = facts_from_json(data, 2025)
    report = evaluate(facts, today=TODAY)
    prices = [
        SimpleNamespace(
            programme="kyoten",
            key="ippan:days5",
            label="週5日型",
            first_year=2015,
            last_year=None,
            amount=8_000_000,
            confirmed=confirmed,
        ),
        SimpleNamespace(
            programme="kyoten",
            key="KY-ADD-OUTREACH",
            label="出張ひろば",
            first_year=2015,
            last_year=None,
            amount=1_200_000,
            confirmed=True,
        ),
    ]
    shares_table = [
        SimpleNamespace(
            programme="kyoten",
            first_year=2015,
            last_year=None,
            national="1/3",
            prefecture="1/3",
            municipality="1/3",
            confirmed=True,
        )
    ]
    costs = {
        "kyoten": SimpleNamespace(eligible_cost=cost[0], total_cost=cost[1], other_income=cost[2])
    }
    return amounts(report, facts, prices=prices, shares_table=shares_table, costs=costs)[0]


def test_amount_adds_the_tier_and_every_addon_that_holds():
    data = _hub(services=["shuccho"], outreach_weeks=52, outreach_weeks_total=52)
    amount = _amounts(data, confirmed=True)
    assert amount.standard == 9_200_000  # 8,000,000 + 1,200,000
    assert amount.selected == 9_000_000  # the actual eligible cost is smaller
    assert amount.share == {"国": 3_000_000, "都道府県": 3_000_000, "市町村": 3_000_000}
    assert amount.verdict.label == "適合"


def test_unconfirmed_or_missing_prices_make_the_amount_need_checking():
    amount = _amounts(_hub(), confirmed=False)
    assert amount.standard == 8_000_000 and amount.verdict.label == "要確認"
    assert any("未確認" in p for p in amount.problems)
    # Below the opening floor there is no base amount at all.
    short = _hub(schedule={d: [["09:00", "13:00"]] for d in WEEKDAYS})
    amount = _amounts(short, confirmed=True)
    assert amount.standard is None and amount.verdict.label == "要確認"


def test_shipped_price_rows_are_unconfirmed_and_show_need_checking(client, world):
    from hubs.models import Assignment
    from reports.models import HubYearCost, UnitPrice
    from tests.factories import AssignmentFactory

    assert UnitPrice.objects.filter(confirmed=True).count() == 0
    # Only the two ファミサポ steps reported by 大津市 ship with an amount, unconfirmed, with source.
    with_amount = UnitPrice.objects.filter(amount__isnull=False)
    assert sorted(with_amount.values_list("key", "amount")) == [
        ("famisapo:members:1500-1999", 12_100_000),
        ("famisapo:members:2000-2999", 16_200_000),
    ]
    assert all("taniyuji.jp" in p.source for p in with_amount)
    for _ in range(2):
        AssignmentFactory(
            hub=world.hub_a1,
            staff__municipality=world.city_a,
            role=Assignment.Role.HIROBA,
            dedicated=True,
            started_on=dt.date(2020, 4, 1),
        )
    HubYearCost.objects.create(
        hub=world.hub_a1,
        programme="kyoten",
        fiscal_year=2025,
        eligible_cost=8_000_000,
        total_cost=8_500_000,
    )
    client.force_login(world.users.officer_a)
    page = client.get(f"/reports/hubs/{world.hub_a1.public_id}/eligibility/2025/").content.decode()
    assert "一般型 週5日型" in page and "未登録" in page and "要確認" in page
    UnitPrice.objects.filter(key="ippan:days5").update(amount=7_000_000, confirmed=True)
    from reports.models import CostShare

    CostShare.objects.filter(programme="kyoten").update(confirmed=True)
    page = client.get(f"/reports/hubs/{world.hub_a1.public_id}/eligibility/2025/").content.decode()
    assert "7,000,000円" in page and "2,333,000円" in page  # 国 1/3, truncated below 1,000


def test_eligibility_page_title_is_plain_text(client, world):
    import re

    client.force_login(world.users.officer_a)
    page = client.get(f"/reports/hubs/{world.hub_a1.public_id}/eligibility/2025/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<" not in title and "補助要件の判定" in title


def test_what_if_changes_verdicts_without_touching_the_data(client, world):
    from hubs.models import Assignment, OpeningSchedule
    from tests.factories import AssignmentFactory

    AssignmentFactory(
        hub=world.hub_a1,
        staff__municipality=world.city_a,
        role=Assignment.Role.HIROBA,
        dedicated=True,
        started_on=dt.date(2020, 4, 1),
    )
    client.force_login(world.users.officer_a)
    url = f"/reports/hubs/{world.hub_a1.public_id}/eligibility/2025/what-if/"
    form = client.get(url).context["form"]
    assert form.initial["d0_opens1"] == dt.time(9, 30)  # starts from the real schedule
    schedules = OpeningSchedule.objects.count()
    post = {f"d{d}_opens1": "09:30" for d in range(6)} | {
        f"d{d}_closes1": "15:30" for d in range(6)
    }
    response = client.post(
        url, post | {"add_staff": "on", "staff_service": "hiroba", "staff_dedicated": "on"}
    )
    rows = {before.rule_id: (before, after) for before, after in response.context["rows"]}
    before, after = rows["KY-OPEN"]
    assert "週5日型" in before.reason and "週6〜7日型" in after.reason
    before, after = rows["KY-STAFF"]
    assert (before.verdict.label, after.verdict.label) == ("不適合", "適合")
    assert OpeningSchedule.objects.count() == schedules
    assert Assignment.objects.filter(hub=world.hub_a1).count() == 1
    # A bad draft gets the schedule form's Japanese errors.
    response = client.post(url, {"d0_opens1": "15:00", "d0_closes1": "09:00"})
    assert "閉所時刻は開所時刻より後" in response.content.decode()


def test_hakodate_style_local_conditions_are_shown_apart_from_the_national_verdict():
    hakodate = {
        "name": "函館市",
        "local_conditions": [
            {
                "service": "riyosha_kihon",
                "kind": "min_days",
                "value": "4",
                "source": "はこだてキッズプラザ子育て支援コンシェルジュ事業実施要領 3",
            },
            {
                "service": "riyosha_kihon",
                "kind": "qualification",
                "value": "hoikushi",
                "source": "同 5(1)",
            },
        ],
    }
    three_days = {d: [["10:00", "16:00"]] for d in ["mon", "wed", "fri"]}
    social_worker = _specialist(qualifications=["shakai_fukushishi"])
    data = _hub(
        services=["riyosha_kihon"],
        staff=[social_worker],
        schedule=three_days,
        municipality=hakodate,
    )
    report = evaluate(facts_from_json(data, 2025), today=TODAY)
    local = [r for r in report.results if str(r.kind) == "local"]
    assert [r.verdict.label for r in local] == ["不適合", "不適合"]
    assert all(r.programme == "市町村独自の条件" for r in local)
    assert "週3日" in local[0].reason and "保育士 0名" in local[1].reason
    # The national verdict is untouched by the local one.
    assert next(r for r in report.results if r.rule_id == "RY-KIHON-STAFF").verdict.label == "適合"
    four_days = {d: [["10:00", "16:00"]] for d in ["mon", "tue", "wed", "fri"]}
    data = data | {"schedule": four_days, "staff": [_specialist(qualifications=["hoikushi"])]}
    local = [
        r
        for r in evaluate(facts_from_json(data, 2025), today=TODAY).results
        if str(r.kind) == "local"
    ]
    assert [r.verdict.label for r in local] == ["適合", "適合"]


def test_local_conditions_come_from_the_database_for_real_hubs(world):
    from hubs.models import HubService
    from reports.eligibility.facts import hub_facts
    from reports.models import LocalCondition

    HubService.objects.create(
        hub=world.hub_a1, kind="riyosha_kihon", started_on=dt.date(2020, 4, 1)
    )
    LocalCondition.objects.create(
        municipality=world.city_a,
        service="riyosha_kihon",
        kind="min_days",
        value="6",
        first_year=2024,
        source="川越市要綱",
    )
    LocalCondition.objects.create(
        municipality=world.city_b,
        service="riyosha_kihon",
        kind="min_days",
        value="1",
        first_year=2024,
        source="熊谷市要綱",
    )
    report = evaluate(hub_facts(world.hub_a1, 2025, today=TODAY), today=TODAY)
    local = [r for r in report.results if str(r.kind) == "local"]
    assert (
        len(local) == 1 and local[0].verdict.label == "不適合"
    )  # 週5日 < 6; another city's rule ignored
    assert str(local[0].clause).startswith("川越市要綱")
    # Outside its years the condition does not apply.
    report = evaluate(hub_facts(world.hub_a1, 2023, today=TODAY), today=TODAY)
    assert not [r for r in report.results if str(r.kind) == "local"]


def test_eligibility_pdf_has_the_verdicts_the_font_and_is_audited(client, world):
    import io

    from pypdf import PdfReader

    from accounts.models import AuditEvent

    client.force_login(world.users.officer_a)
    response = client.get(f"/reports/hubs/{world.hub_a1.public_id}/eligibility/2025/pdf/")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    # Table cells wrap: compare without spaces and line breaks.
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "").replace("\n", "")
    assert "補助要件判定表" in text and "令和7年度" in text and "週5日型" in text
    fonts = {
        str(f["/BaseFont"])
        for p in reader.pages
        for f in (p["/Resources"].get("/Font") or {}).values()
    }
    assert any("IPAexGothic" in f for f in fonts)
    assert AuditEvent.objects.filter(action="export", detail__report="eligibility").count() == 1


def test_koshu_does_not_judge_the_month_still_running(world):
    """Mid-December with 講習 held April to November: December is not yet a month without one."""
    from hubs.models import Event
    from reports.eligibility.facts import hub_facts

    mid_december = dt.date(2025, 12, 10)
    for month in range(4, 12):
        Event.objects.create(
            hub=world.hub_a1, date=dt.date(2025, month, 5), title="講習", kind="koshu"
        )

    def koshu(today):
        report = evaluate(hub_facts(world.hub_a1, 2025, today=today), today=today)
        return next(r for r in report.results if r.rule_id == "KY-KOSHU")

    result = koshu(mid_december)
    assert result.verdict.label == "適合", result.reason
    assert "8/8か月" in result.reason and "12月は月の途中" in result.reason
    # Once December is over without one, it counts against the hub.
    result = koshu(dt.date(2026, 1, 10))
    assert result.verdict.label == "不適合" and "12月" in result.reason
    # A 講習 already held this month counts.
    Event.objects.create(hub=world.hub_a1, date=dt.date(2025, 12, 3), title="講習", kind="koshu")
    result = koshu(mid_december)
    assert result.verdict.label == "適合" and "9/9か月" in result.reason


def test_the_eligibility_page_switches_year(client, world):
    from django.urls import reverse

    from common.japanese import fiscal_year_label

    client.force_login(world.users.officer_a)
    page = client.get(reverse("reports:eligibility_hub", args=[world.hub_a1.public_id, 2024]))
    text = page.content.decode()
    assert f'/2023/">← {fiscal_year_label(2023)}' in text
    assert f'/2025/">{fiscal_year_label(2025)} →' in text
