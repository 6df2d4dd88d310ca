"""The JSON facts take only what makes sense: each refusal is Japanese and names the place, and
no input of the facts' shape ends in a traceback (a property-based test feeds random ones)."""

import json

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.eligibility.facts import FactsError, facts_from_json
from reports.eligibility.rulesets import evaluate

GOOD_SPAN = ["09:30", "15:30"]


def _hub(**extra) -> dict:
    return {
        "schedule": {"mon": [GOOD_SPAN]},
        "services": ["riyosha_kihon"],
        "staff": [{"name": "甲", "service": "riyosha_kihon"}],
    } | extra


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (
            _hub(schedule={"mon": [["15:00", "09:00"]]}),
            "schedule.mon[0]: 終了 09:00 が開始 15:00 より前",
        ),
        (_hub(schedule={"mon": [["22:00", "02:00"]]}), "日付をまたぐ開所は扱えません"),
        (_hub(schedule={"mon": [["09:00", "09:00"]]}), "より前か同じ"),
        (_hub(schedule={"mon": [["09:00"]]}), "開始と終了の2つの時刻"),
        (
            _hub(schedule={"mon": [["09:00", "12:00"], ["11:00", "15:00"]]}),
            "時間帯が重なっています",
        ),
        (_hub(schedule={"mon": [["25:00", "26:00"]]}), "00:00〜23:59"),
        (_hub(schedule={"mon": "09:00-15:00"}), "schedule.mon は配列"),
        (_hub(schedule=[["09:00", "15:00"]]), "schedule はオブジェクト"),
        (_hub(schedule={"monday": [GOOD_SPAN]}), "曜日「monday」"),
        (
            _hub(open_on_holidays="false"),
            "open_on_holidays は true か false で書いてください（引用符を付けずに）",
        ),
        (_hub(staff=[{"name": "甲", "dedicated": "false"}]), "staff[0].dedicated は true か false"),
        (
            _hub(staff=[{"name": "甲", "experience_years": "二年"}]),
            "staff[0].experience_years は0以上の数",
        ),
        (_hub(staff=[{"name": "甲", "experience_years": -1}]), "0以上60以下"),
        (_hub(staff=[{"name": "甲", "experience_years": None}]), "（null）"),
        (_hub(opening_days="二万"), "opening_days は0以上の整数"),
        (_hub(opening_days=-3), "opening_days は0以上の整数"),
        (_hub(opening_days=1.5), "opening_days は0以上の整数"),
        (_hub(opening_days=None), "（null）"),
        (
            _hub(staff=[{"name": "甲", "qualifications": ["hoikusi"]}]),
            "qualifications[0]「hoikusi」は使えません。使えるもの: hoikushi（保育士）",
        ),
        (
            _hub(staff=[{"name": "甲", "training": {"kihonn": "2024-04-01"}}]),
            "training の研修コード「kihonn」は使えません",
        ),
        (_hub(staff=[{"name": "甲", "training": {"kihon": "2024-02-30"}}]), "存在しない日付"),
        (_hub(staff=[{"name": "甲", "exemptions": ["maybe"]}]), "exemptions[0]「maybe」"),
        (_hub(staff=[{"name": "甲", "rol": "leader"}]), "staff[0]に知らない項目「rol」"),
        (_hub(servises=["ichiji"]), "最上位に知らない項目「servises」"),
        (_hub(services=["nope"]), "services[0]「nope」は使えません"),
        (_hub(hub_type="big"), "hub_type「big」"),
        (
            _hub(municipality={"emergency_measures": "yes"}),
            "municipality.emergency_measures は true か false",
        ),
        (_hub(municipality={"population_0_5": {"令和元年": 100}}), "西暦4桁"),
        (
            _hub(municipality={"population_0_5": {"2019": "二万"}}),
            "municipality.population_0_5.2019 は0以上の整数",
        ),
        (
            _hub(
                municipality={
                    "local_conditions": [{"service": "hiroba", "kind": "min_days", "value": "八"}]
                }
            ),
            "日数は0〜7",
        ),
        (_hub(municipality={"riyosha_settings": [{"training_deadline_months": 0}]}), "1か月以上"),
        (_hub(consultations={"kihon": "多い"}), "consultations.kihon は0以上の整数"),
        (_hub(koshu_per_month=[1] * 13), "12か月分まで"),
        (_hub(outreach_weeks=10, outreach_weeks_total=5), "超えています"),
        (_hub(care_staff=["乙"]), "職員「乙」が staff にいません"),
        (_hub(reference_day="2030-01-01"), "年度（2025-04-01〜2026-03-31）の中に"),
        ([1, 2], "最上位はオブジェクト"),
        # a wrong type is refused, never taken for "none"
        (_hub(schedule=[]), "schedule はオブジェクト"),
        (_hub(consultations=0), "consultations はオブジェクト"),
        (_hub(municipality=""), "municipality はオブジェクト"),
        (
            _hub(municipality={"waiting_children": []}),
            "municipality.waiting_children はオブジェクト",
        ),
        (_hub(staff=[{"name": "甲", "training": []}]), "staff[0].training はオブジェクト"),
        (_hub(famisapo=[]), "famisapo はオブジェクト"),
        (_hub(staff=[{"name": "甲"}, {"name": "甲"}]), "staff[1].name「甲」は staff[0] と同じです"),
    ],
)
def test_nonsense_is_refused_in_japanese_naming_the_place(data, words):
    with pytest.raises(FactsError) as error:
        facts_from_json(data, 2025)
    assert words in str(error.value)


def test_sensible_input_in_its_usual_forms_is_read():
    data = _hub(
        staff=[{"name": "甲", "experience_years": 2.5, "started_on": "R6.4.1", "dedicated": False}],
        opening_days=240.0,  # a whole number written as a decimal
        municipality={"population_0_5": {"2019": 21000}, "emergency_measures": None},
    )
    facts = facts_from_json(data, 2025)
    assert facts.opening_days == 240 and facts.staff[0].dedicated is False
    assert facts.municipality.population_0_5 == {2019: 21000}


def test_the_command_reports_a_refusal_without_a_traceback(tmp_path, db):
    path = tmp_path / "hub.json"
    path.write_text(json.dumps(_hub(open_on_holidays="false")), encoding="utf-8")
    with pytest.raises(CommandError, match="open_on_holidays は true か false"):
        call_command("check_eligibility", "--facts", str(path), "--fiscal-year", "2025")


# Random facts of the right shape ------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=10_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            "",
            "false",
            "二年",
            "09:00",
            "25:61",
            "2024-04-01",
            "R6.4.1",
            "hoikushi",
            "kihon",
            "riyosha_kihon",
            "ippan",
            "mon",
            "already_working",
            "min_days",
        ]
    ),
)
TIMES = st.sampled_from(
    [
        "00:00",
        "09:00",
        "09:30",
        "12:00",
        "15:30",
        "18:00",
        "20:00",
        "23:59",
        "24:00",
        "9時",
        "7:5",
        "",
    ]
)
SPAN = st.one_of(st.lists(TIMES, min_size=0, max_size=3), SCALARS)
SCHEDULE = st.one_of(
    st.dictionaries(
        st.sampled_from(["mon", "tue", "sat", "sun", "monday"]),
        st.one_of(st.lists(SPAN, max_size=3), SCALARS),
        max_size=4,
    ),
    SCALARS,
)
STAFF = st.fixed_dictionaries(
    {},
    optional={
        "name": st.one_of(st.sampled_from(["甲", "乙"]), SCALARS),
        "service": st.one_of(
            st.sampled_from(["hiroba", "riyosha_kihon", "riyosha_tokutei"]), SCALARS
        ),
        "role": st.one_of(st.sampled_from(["specialist", "leader"]), SCALARS),
        "dedicated": SCALARS,
        "started_on": SCALARS,
        "qualifications": st.one_of(st.lists(SCALARS, max_size=3), SCALARS),
        "training": st.one_of(
            st.dictionaries(
                st.sampled_from(["kihon", "senmon-riyosha-kihon", "x"]), SCALARS, max_size=2
            ),
            SCALARS,
        ),
        "experience_years": SCALARS,
        "exemptions": st.one_of(
            st.lists(st.sampled_from(["already_working", "shien_5_3", "x"]), max_size=2), SCALARS
        ),
    },
)
CITY = st.fixed_dictionaries(
    {},
    optional={
        "name": SCALARS,
        "emergency_measures": SCALARS,
        "former_tokutei": SCALARS,
        "population_0_5": st.one_of(
            st.dictionaries(st.sampled_from(["2019", "令和元年", "19"]), SCALARS, max_size=2),
            SCALARS,
        ),
        "nurseries": SCALARS,
        "waiting_children": st.one_of(
            st.dictionaries(st.sampled_from(["2017", "x"]), SCALARS, max_size=2), SCALARS
        ),
        "local_conditions": st.one_of(
            st.lists(
                st.dictionaries(
                    st.sampled_from(["service", "kind", "value", "first_year", "x"]),
                    SCALARS,
                    max_size=4,
                ),
                max_size=2,
            ),
            SCALARS,
        ),
        "riyosha_settings": st.one_of(
            st.lists(
                st.dictionaries(
                    st.sampled_from(
                        [
                            "first_year",
                            "training_deadline_months",
                            "experience_months_other",
                            "source",
                        ]
                    ),
                    SCALARS,
                    max_size=3,
                ),
                max_size=2,
            ),
            SCALARS,
        ),
    },
)
FACTS = st.fixed_dictionaries(
    {},
    optional={
        "hub_type": st.one_of(st.sampled_from(["ippan", "renkei"]), SCALARS),
        "schedule": SCHEDULE,
        "open_on_holidays": SCALARS,
        "services": st.one_of(
            st.lists(
                st.sampled_from(
                    [
                        "riyosha_kihon",
                        "riyosha_tokutei",
                        "riyosha_boshi",
                        "ichiji",
                        "famisapo",
                        "shuccho",
                        "x",
                    ]
                ),
                max_size=4,
            ),
            SCALARS,
        ),
        "staff": st.one_of(st.lists(STAFF, max_size=3), SCALARS),
        "opening_days": SCALARS,
        "months_open": SCALARS,
        "consultations": st.one_of(
            st.dictionaries(st.sampled_from(["kihon", "hiroba", "x"]), SCALARS, max_size=2), SCALARS
        ),
        "koshu_per_month": st.one_of(st.lists(SCALARS, max_size=13), SCALARS),
        "municipality": st.one_of(CITY, SCALARS),
        "care_staff": st.one_of(st.lists(SCALARS, max_size=2), SCALARS),
        "care_days_per_week": SCALARS,
        "plan_published_on": SCALARS,
        "interpreter": SCALARS,
        "famisapo": st.one_of(
            st.dictionaries(st.sampled_from(["centre", "members", "x"]), SCALARS, max_size=2),
            SCALARS,
        ),
        "reference_day": SCALARS,
    },
)


@pytest.mark.django_db  # ファミサポ's facts read the dated price steps
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FACTS)
def test_random_facts_give_a_verdict_or_a_japanese_error(data):
    try:
        facts = facts_from_json(data, 2025)
    except FactsError as error:
        message = str(error)
        assert message and any("\u3040" <= ch <= "\u9fff" for ch in message), message
        return
    report = evaluate(facts)
    assert report.results and all(r.reason for r in report.results)


def test_the_documented_example_is_read(db):
    """docs/eligibility.md's example file is one the reader takes, as it is printed."""
    import re
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "eligibility.md").read_text(encoding="utf-8")
    example = re.search(r"## JSON facts.*?```json\n(.*?)```", text, re.S).group(1)
    facts = facts_from_json(json.loads(example), 2024)
    results = {r.rule_id: r for r in evaluate(facts).results}
    assert results["RY-KIHON-STAFF"].verdict.label == "適合"
    assert results["RY-KIHON-STAFF"].deadline is not None
