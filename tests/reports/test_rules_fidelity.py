"""利用者支援事業実施要綱 read again (issue 13): each clause on both sides of its line.

Cases are written from the text (seed 003, 4(1)③〜④, 4(2), 4(3)), through the JSON facts a
planner would write; the database path is covered by test_rule_records.py.
"""

import datetime as dt

import pytest

from reports.eligibility.amounts import amounts
from reports.eligibility.facts import facts_from_json
from reports.eligibility.riyosha.staffing import add_months
from reports.eligibility.rulesets import evaluate

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
TODAY = dt.date(2026, 12, 4)
CITY = {"name": "試験市", "emergency_measures": True}


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


def _hub(**extra) -> dict:
    base = {
        "name": "試験拠点",
        "schedule": {d: [["09:30", "15:30"]] for d in WEEKDAYS},
        "services": ["riyosha_kihon"],
        "staff": [_specialist()],
        "opening_days": 240,
        "municipality": dict(CITY),
    }
    return base | extra


def _results(data: dict, fiscal_year: int = 2025, today: dt.date = TODAY) -> dict:
    report = evaluate(facts_from_json(data, fiscal_year), today=today)
    return {r.rule_id: r for r in report.results}


def _verdict(data: dict, rule_id: str, fiscal_year: int = 2025, today: dt.date = TODAY):
    return _results(data, fiscal_year, today)[rule_id]


def _with_setting(data: dict, **setting) -> dict:
    city = dict(data["municipality"])
    city["riyosha_settings"] = [{"first_year": 2020, "source": "試験市要領 第3条"} | setting]
    return data | {"municipality": city}


# 1. Who may be the specialist (4(1)③ア・イ) -------------------------------------------------


def test_a_missing_course_without_a_recorded_case_fails():
    untrained = _specialist(training={"kihon": "2020-05-01"})
    result = _verdict(_hub(staff=[untrained]), "RY-KIHON-STAFF")
    assert result.verdict.label == "不適合"
    assert "基本型専門研修が未修了" in result.reason and "記録がありません" in result.reason


@pytest.mark.parametrize("basis", ["already_working", "unavoidable"])
def test_already_working_or_unavoidable_counts_with_the_deadline_to_confirm(basis):
    """「事業に従事し始めた後に適宜受講」 gives no period: 適合, the deadline 要確認 (no invented year)."""
    person = _specialist(training={}, exemptions=[basis], started_on="2015-04-01")
    result = _verdict(_hub(staff=[person]), "RY-KIHON-STAFF")
    assert result.verdict.label == "適合", result.reason
    assert result.deadline is None
    assert "市町村が期間を定めていません" in result.to_confirm
    assert "基本研修・基本型専門研修" in result.to_confirm


def test_the_exempt_row_of_5_3_waives_only_the_kihon_course():
    waived = _specialist(training={"senmon-riyosha-kihon": "2020-09-01"}, exemptions=["shien_5_3"])
    result = _verdict(_hub(staff=[waived]), "RY-KIHON-STAFF")
    assert result.verdict.label == "適合" and not result.to_confirm and result.deadline is None
    assert "基本研修は受講を要しない" in result.reason
    no_senmon = _specialist(training={}, exemptions=["shien_5_3"])
    assert _verdict(_hub(staff=[no_senmon]), "RY-KIHON-STAFF").verdict.label == "不適合"


def test_the_municipalitys_period_gives_the_deadline_on_the_last_day_of_it():
    person = _specialist(training={}, exemptions=["unavoidable"], started_on="2024-04-01")
    data = _with_setting(_hub(staff=[person]), training_deadline_months=12)
    during = _verdict(data, "RY-KIHON-STAFF", fiscal_year=2024)
    # 12 months from 2024-04-01 end on 2025-03-31, not 2025-04-01.
    assert during.verdict.label == "適合" and during.deadline == dt.date(2025, 3, 31)
    assert "令和7年3月31日（2025-03-31） までに修了が必要" in during.reason
    assert "試験市要領 第3条" in during.reason
    after = _verdict(data, "RY-KIHON-STAFF", fiscal_year=2025)
    assert after.verdict.label == "不適合" and "期限" in after.reason


def test_a_past_years_verdict_does_not_change_as_time_passes():
    person = _specialist(training={}, exemptions=["unavoidable"], started_on="2024-04-01")
    data = _with_setting(_hub(staff=[person]), training_deadline_months=12)
    early = _verdict(data, "RY-KIHON-STAFF", fiscal_year=2024, today=dt.date(2025, 1, 1))
    late = _verdict(data, "RY-KIHON-STAFF", fiscal_year=2024, today=dt.date(2030, 1, 1))
    assert early == late and early.verdict.label == "適合"


def test_deadline_months_follow_the_civil_code_at_month_ends():
    assert add_months(dt.date(2024, 4, 1), 12) == dt.date(2025, 3, 31)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 3, 31), 1) == dt.date(2024, 4, 30)
    assert add_months(dt.date(2024, 5, 15), 6) == dt.date(2024, 11, 14)


@pytest.mark.parametrize(
    ("qualifications", "years", "months", "verdict"),
    [
        (["hoikushi"], 2.0, 24, "適合"),
        (["hoikushi"], 1.9, 24, "不適合"),  # the municipality's 2 years replace the 1 year
        ([], 2.0, 24, "不適合"),  # others keep the reference 3 years unless set too
    ],
)
def test_the_municipality_sets_the_experience_period(qualifications, years, months, verdict):
    person = _specialist(qualifications=qualifications, experience_years=years)
    data = _with_setting(_hub(staff=[person]), experience_months_licensed=months)
    result = _verdict(data, "RY-KIHON-STAFF")
    assert result.verdict.label == verdict, result.reason
    if qualifications:
        assert "2年以上：試験市の定め（試験市要領 第3条）" in result.reason
    else:
        assert "3年以上：要綱の区分ごとの期間（市町村の定めなし）" in result.reason


def test_a_setting_outside_its_years_does_not_apply():
    person = _specialist(experience_years=1.5)
    data = _with_setting(_hub(staff=[person]), experience_months_licensed=24, last_year=2023)
    result = _verdict(data, "RY-KIHON-STAFF")
    assert result.verdict.label == "適合" and "1年以上：要綱" in result.reason


def test_staff_starting_or_training_after_the_reference_day_are_not_counted():
    later = _specialist(started_on="2025-10-01")
    data = _hub(staff=[later], reference_day="2025-09-30")
    assert _verdict(data, "RY-KIHON-STAFF").verdict.label == "不適合"
    trained_later = _specialist(
        training={"kihon": "2020-05-01", "senmon-riyosha-kihon": "2025-10-01"}
    )
    data = _hub(staff=[trained_later], reference_day="2025-09-30")
    result = _verdict(data, "RY-KIHON-STAFF")
    assert result.verdict.label == "不適合" and "基本型専門研修が未修了" in result.reason


# 2. Every 加算 decidable -------------------------------------------------------------------

EVENING = {d: [["12:00", "20:30"]] for d in WEEKDAYS}  # 8.5 h, 2.5 h after 18:00


def _strengthened(**extra) -> dict:
    staff = [_specialist(name=n) for n in ("A", "B", "C")]
    record = {
        "visit_staff": ["C"],
        "visit_planned": True,
        "visit_publicity": "市報と子育てアプリ",
        "plan_published_on": "2025-04-10",
        "plan_published_where": "市ウェブサイト",
        "staffing_recorded": True,
    }
    return (
        _hub(schedule=EVENING, staff=staff, consultations={"kihon": 1200}, opening_days=240)
        | record
        | extra
    )


def test_strengthening_is_met_when_every_fact_is_recorded():
    results = _results(_strengthened())
    assert results["RY-ADD-NIGHT"].verdict.label == "適合"
    assert results["RY-ADD-VISIT"].verdict.label == "適合"
    strength = results["RY-ADD-STRENGTH"]
    assert strength.verdict.label == "適合", strength.reason
    assert "（出張相談支援の職員とは別に） 2名" in strength.reason


def test_strengthening_does_not_count_the_visit_staff_twice():
    data = _strengthened(staff=[_specialist(name="A"), _specialist(name="C")])
    results = _results(data)
    assert results["RY-ADD-VISIT"].verdict.label == "適合"
    strength = results["RY-ADD-STRENGTH"]
    assert strength.verdict.label == "不適合" and "別に） 1名（2名以上）" in strength.reason


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"plan_published_on": None, "plan_published_where": ""}, "(エ)"),
        ({"staffing_recorded": False}, "(オ)"),
        ({"consultations": {"kihon": 1199}}, "(ア)"),
        ({"municipality": {"name": "試験市", "emergency_measures": False}}, "(イ)"),
    ],
)
def test_strengthening_fails_on_each_missing_condition(change, words):
    result = _verdict(_strengthened(**change), "RY-ADD-STRENGTH")
    assert result.verdict.label == "不適合" and words in result.reason


def test_strengthening_waits_for_the_record_when_nothing_is_recorded():
    data = _hub(
        schedule=EVENING,
        staff=[_specialist(name="A"), _specialist(name="B")],
        consultations={"kihon": 1200},
    )
    result = _verdict(data, "RY-ADD-STRENGTH")
    assert result.verdict.label == "要確認" and "(エ)" in result.reason


def test_visit_recorded_without_staff_is_not_done():
    two = [_specialist(name="A"), _specialist(name="B")]
    assert _verdict(_hub(staff=two), "RY-ADD-VISIT").verdict.label == "要確認"
    result = _verdict(_hub(staff=two, interpreter=False), "RY-ADD-VISIT")  # a record, no one
    assert result.verdict.label == "不適合" and "配置した職員がいません" in result.reason


def test_visit_needs_planning_and_publicity():
    result = _verdict(_strengthened(visit_planned=False), "RY-ADD-VISIT")
    assert result.verdict.label == "不適合" and "カ(イ)" in result.reason
    result = _verdict(_strengthened(visit_publicity=""), "RY-ADD-VISIT")
    assert result.verdict.label == "不適合" and "カ(ウ)" in result.reason


@pytest.mark.parametrize(
    ("record", "verdict"),
    [
        ({}, "要確認"),
        ({"interpreter": False, "translation_system": False}, "不適合"),
        ({"interpreter": True, "languages": "英語"}, "適合"),
        ({"translation_system": True}, "適合"),
    ],
)
def test_languages_from_the_record(record, verdict):
    assert _verdict(_hub() | record, "RY-ADD-LANG").verdict.label == verdict


@pytest.mark.parametrize(
    ("record", "verdict", "words"),
    [
        ({}, "要確認", "入力してください"),
        ({"care_days_per_week": 2, "care_staff": ["看護師"]}, "適合", "専門職：看護師"),
        ({"care_days_per_week": 1, "care_staff": ["看護師"]}, "不適合", "(a) 週1日"),
        ({"care_days_per_week": 1.5, "care_staff": ["看護師"]}, "要確認", "程度"),
        ({"care_days_per_week": 2, "care_staff": ["無資格"]}, "不適合", "(b)"),
        (
            {
                "care_days_per_week": 2,
                "care_staff": ["無資格"],
                "care_staff_basis": "多胎児支援10年",
            },
            "適合",
            "多胎児支援10年",
        ),
        ({"care_days_per_week": 3}, "不適合", "担当する職員が記録されていません"),
    ],
)
def test_consideration_needs_days_and_specialist_staff(record, verdict, words):
    staff = [
        _specialist(),
        {
            "name": "看護師",
            "service": "riyosha_kihon",
            "dedicated": False,
            "qualifications": ["kangoshi"],
        },
        {"name": "無資格", "service": "riyosha_kihon", "dedicated": False},
    ]
    result = _verdict(_hub(staff=staff) | record, "RY-ADD-CARE")
    assert result.verdict.label == verdict and words in result.reason, result.reason


def test_tokutei_needs_one_dedicated_staff_member():
    data = _hub(services=["riyosha_tokutei"], staff=[], municipality=CITY | {"nurseries": 120})
    result = _verdict(data, "RY-TOKUTEI-STAFF")
    assert result.verdict.label == "不適合" and "0名" in result.reason
    staff = [{"name": "窓口", "service": "riyosha_tokutei", "dedicated": True}]
    assert _verdict(data | {"staff": staff}, "RY-TOKUTEI-STAFF").verdict.label == "適合"


def test_a_former_tokutei_shichoson_meets_condition_u():
    city = {
        "name": "試験市",
        "emergency_measures": False,
        "nurseries": 10,
        "former_tokutei": True,
        "nursery_occupancy": {"2019": 90},
        "waiting_children": {"2019": 3},
    }
    data = _hub(services=["riyosha_tokutei"], municipality=city)
    result = _verdict(data, "RY-TOKUTEI-CITY")
    assert result.verdict.label == "適合" and "特定市町村" in result.reason
    city["former_tokutei"] = False
    assert _verdict(data | {"municipality": city}, "RY-TOKUTEI-CITY").verdict.label == "不適合"
    city["former_tokutei"] = None
    unknown = _verdict(data | {"municipality": city}, "RY-TOKUTEI-CITY")
    assert unknown.verdict.label == "要確認" and "特定市町村かどうか" in unknown.reason


def test_tokutei_and_boshi_get_their_own_addons():
    data = _hub(
        services=["riyosha_tokutei", "riyosha_boshi"],
        staff=[
            {"name": "窓口", "service": "riyosha_tokutei", "dedicated": True},
            {
                "name": "保健師",
                "service": "riyosha_boshi",
                "dedicated": True,
                "qualifications": ["hokenshi"],
            },
        ],
        schedule=EVENING,
        interpreter=True,
    )
    results = _results(data)
    assert results["RY-TOKUTEI-ADD-NIGHT"].verdict.label == "適合"
    assert "4(2)" in str(results["RY-TOKUTEI-ADD-NIGHT"].clause)
    assert results["RY-TOKUTEI-ADD-LANG"].verdict.label == "適合"
    assert results["RY-BOSHI-ADD-LANG"].title.startswith("こども家庭センター型")
    assert "RY-BOSHI-ADD-NIGHT" not in results  # 4(3) has no 夜間・休日


def test_night_names_the_short_days_and_takes_an_accepted_exception():
    schedule = dict(EVENING) | {"fri": [["14:00", "20:00"]]}  # exactly 6 h on Friday
    data = _hub(schedule=schedule)
    result = _verdict(data, "RY-ADD-NIGHT")
    assert result.verdict.label == "不適合"
    assert "金 6時間ちょうど" in result.reason and "6時間を超えていない" in result.reason
    accepted = data | {
        "night_exception": "金曜は会場の都合で6時間",
        "night_exception_accepted_on": "2025-04-01",
    }
    result = _verdict(accepted, "RY-ADD-NIGHT")
    assert result.verdict.label == "適合", result.reason
    assert "市町村が認めた" in result.reason and "金曜は会場の都合" in result.reason


def test_kyoten_information_and_addons_from_the_record():
    base = {
        "services": ["ichiji", "chiiki_shien"],
        "staff": [{"name": "甲", "service": "hiroba"}, {"name": "乙", "service": "hiroba"}],
    }
    results = _results(_hub(**base))
    assert results["KY-INFO"].verdict.label == "要確認"
    assert results["KY-ADD-INTEGRATED"].verdict.label == "要確認"
    recorded = _hub(**base) | {
        "info_methods": ["newsletter", "web"],
        "network_partners": "保健センター",
        "community_activities": ["generations"],
    }
    results = _results(recorded)
    assert results["KY-INFO"].verdict.label == "適合" and "ひろば便り" in results["KY-INFO"].reason
    assert results["KY-ADD-INTEGRATED"].verdict.label == "適合"
    assert results["KY-ADD-COMMUNITY"].verdict.label == "適合"


def test_renkei_volunteers_from_the_record():
    base = _hub(
        hub_type="renkei",
        premises="child_welfare",
        services=[],
        staff=[{"name": "甲", "service": "hiroba"}],
    )
    assert _verdict(base, "KY-ADD-VOLUNTEER").verdict.label == "要確認"
    done = base | {"volunteers_routine": True, "volunteers": 12}
    assert _verdict(done, "KY-ADD-VOLUNTEER").verdict.label == "適合"
    assert _verdict(base | {"volunteers": 3}, "KY-ADD-VOLUNTEER").verdict.label == "不適合"


# 3. Amounts -------------------------------------------------------------------------------


class _Price:
    def __init__(self, programme, key, amount):
        self.programme, self.key, self.amount = programme, key, amount
        self.first_year, self.last_year, self.confirmed = 2020, None, True


class _Share:
    programme, first_year, last_year, confirmed = "riyosha", 2020, None, True
    national, prefecture, municipality = "2/3", "1/6", "1/6"


class _Cost:
    eligible_cost = total_cost = 20_000_000
    other_income = 0


def test_an_amount_never_hides_a_pending_addon():
    data = _hub()  # 多言語 and 配慮 are 要確認 until recorded
    facts = facts_from_json(data, 2025)
    report = evaluate(facts, today=TODAY)
    prices = [
        _Price("riyosha", "riyosha_kihon:base", 8_000_000),
        _Price("riyosha", "RY-ADD-LANG", 1_000_000),
        _Price("riyosha", "RY-ADD-CARE", 2_000_000),
    ]
    kihon = next(
        a
        for a in amounts(
            report, facts, prices=prices, shares_table=[_Share()], costs={"riyosha": _Cost()}
        )
        if a.code == "riyosha_kihon"
    )
    assert kihon.standard == 8_000_000
    assert kihon.verdict.label == "要確認"
    assert {line.key for line in kihon.pending} == {"RY-ADD-LANG", "RY-ADD-CARE"}
    assert any("多言語対応は要確認" in p for p in kihon.problems)
    # once recorded as done, the 加算 is inside the 基準額 and the amount is final
    done = data | {"interpreter": True, "care_days_per_week": 2, "care_staff": ["専門員"]}
    facts = facts_from_json(done, 2025)
    report = evaluate(facts, today=TODAY)
    kihon = next(
        a
        for a in amounts(
            report, facts, prices=prices, shares_table=[_Share()], costs={"riyosha": _Cost()}
        )
        if a.code == "riyosha_kihon"
    )
    assert kihon.standard == 11_000_000 and not kihon.pending and kihon.verdict.label == "適合"


# 5. Reasons people can read ------------------------------------------------------------------


def test_hours_read_as_hours_and_minutes():
    from common.japanese import hours_label

    assert hours_label(9 + 59 / 60) == "9時間59分"
    assert hours_label(6) == "6時間"
    assert hours_label(0.5) == "30分"
    assert hours_label(9.9999) == "10時間"
    schedule = {d: [["09:01", "19:00"]] for d in WEEKDAYS}
    result = _verdict(_hub(schedule=schedule), "RY-ADD-NIGHT")
    assert "最短9時間59分" in result.reason and "9.98" not in result.reason
