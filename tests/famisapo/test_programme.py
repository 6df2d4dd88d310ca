"""The ファミサポ programme of the eligibility engine: the step by 会員の総数, its distance to the
next step, the safety courses and the amount from the dated price table."""

import pytest

from reports.eligibility.facts import FactsError, facts_from_json
from reports.eligibility.rulesets import evaluate


def run(fiscal_year, **own):
    data = {"services": ["famisapo"], "famisapo": {"centre": "大津市ファミサポ", **own}}
    return {r.rule_id: r for r in evaluate(facts_from_json(data, fiscal_year)).results}


@pytest.fixture
def steps(db):
    """The two steps the data migration ships (re-created: transactional tests empty tables)."""
    from reports.models import UnitPrice

    for key, label, year, amount in (
        ("famisapo:members:2000-2999", "基本事業 会員数2,000〜2,999人", 2024, 16_200_000),
        ("famisapo:members:1500-1999", "基本事業 会員数1,500〜1,999人", 2025, 12_100_000),
    ):
        UnitPrice.objects.get_or_create(
            programme="famisapo",
            key=key,
            first_year=year,
            defaults={"label": label, "last_year": year, "amount": amount},
        )


def test_otsu_in_2025_is_in_the_1500_step_and_119_short_of_the_next(steps):
    result = run(2025, members=1881, advisors=1, helpers=430)["FS-MEMBERS"]
    assert result.verdict == "ok"
    assert "基本事業 会員数1,500〜1,999人" in result.reason
    assert "上の区分まであと119人" in result.reason
    assert "あと382人減で" in result.reason


def test_a_count_whose_step_is_not_in_the_price_table_is_to_be_checked(steps):
    result = run(2024, members=1881)["FS-MEMBERS"]
    assert result.verdict == "check"
    assert "登録済みの区分（2,000人〜）まであと119人" in result.reason


def test_safety_courses_out_of_date_fail_and_sick_child_care_needs_its_course(steps):
    results = run(
        2025,
        members=1600,
        helpers=10,
        safety_out_of_date=2,
        strengthened_activities=4,
        sick_child_by_untrained=1,
    )
    assert results["FS-SAFETY"].verdict == "ng"
    assert "10人のうち 2人" in results["FS-SAFETY"].reason
    assert results["FS-SICK"].verdict == "ng"
    assert results["FS-SICK"].addon


def test_a_hub_without_famisapo_gets_no_famisapo_verdicts(steps):
    results = evaluate(facts_from_json({"services": []}, 2025)).results
    assert not [r for r in results if r.rule_id.startswith("FS-")]


@pytest.mark.parametrize(
    ("own", "message"),
    [
        ({"members": "多い"}, "famisapo.members は0以上の整数"),
        ({"member": 3}, "知らない項目「member」"),
    ],
)
def test_bad_facts_are_refused_in_japanese(steps, own, message):
    with pytest.raises(FactsError, match=message):
        facts_from_json({"services": ["famisapo"], "famisapo": own}, 2025)


def test_the_demo_hub_is_judged_from_its_centre(world):
    import datetime as dt

    from famisapo.models import Centre
    from hubs.models import HubService
    from reports.eligibility.facts import hub_facts

    from .conftest import make_member

    HubService.objects.create(hub=world.hub_a1, kind="famisapo", started_on=dt.date(2015, 4, 1))
    centre = Centre.objects.create(municipality=world.city_a, hub=world.hub_a1, name="A1のセンター")
    make_member(centre, "0001", trained_on=dt.date(2024, 3, 1))
    make_member(centre, "0002", kind="requester")
    results = {r.rule_id: r for r in evaluate(hub_facts(world.hub_a1, 2025)).results}
    assert "会員の総数 2人" in results["FS-MEMBERS"].reason
    assert results["FS-ADVISOR"].verdict == "check"
