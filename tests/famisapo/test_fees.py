"""The ファミサポ fee engine: units, bands, midnight, holidays, siblings, cancellations, shares."""

import copy
import json

import pytest
from django.core.management import CommandError, call_command

from famisapo.fees import FeeInputError, price_facts

# A schedule in the shape of 瑞穂市's and 秋田市's (reference/famisapo.md §4), numbers for the tests.
BASE = {
    "valid_from": "2025-04-01",
    "bands": [
        {"days": "平日", "from": "07:00", "to": "19:00", "yen_per_hour": 700},
        {"days": "平日", "from": "19:00", "to": "22:00", "yen_per_hour": 800},
        {"days": "土日祝", "from": "07:00", "to": "22:00", "yen_per_hour": 900},
        {"days": "毎日", "from": "22:00", "to": "07:00", "yen_per_hour": 1000},
    ],
}


def price(*activities, **changes):
    schedule = copy.deepcopy(BASE) | changes
    return price_facts({"schedule": schedule, "activities": list(activities)})


def one(activity=None, **changes):
    activity = {"date": "2025-10-01", "start": "10:00", "end": "11:00"} | (activity or {})
    return price(activity, **changes)[0]


def amounts(fee):
    return [(line.label, line.amount) for line in fee.lines]


# Units: the first hour whole, then 30-minute units rounded up
@pytest.mark.parametrize(
    ("end", "billed", "yen"),
    [
        ("10:20", 60, 700),
        ("11:00", 60, 700),
        ("11:01", 90, 1050),
        ("11:30", 90, 1050),
        ("11:31", 120, 1400),
    ],
)
def test_first_hour_is_charged_whole_then_half_hour_units_round_up(end, billed, yen):
    fee = one({"end": end})
    assert fee.billed_minutes == billed
    assert fee.requester_pays == yen


def test_the_units_are_the_centres_setting():
    fee = one({"end": "10:40"}, units={"first_minutes": 30, "then_minutes": 15})
    assert fee.billed_minutes == 45
    assert fee.requester_pays == 525


# Bands
def test_an_activity_crossing_a_band_is_split_where_the_units_fall():
    fee = one({"start": "17:00", "end": "20:00"})
    assert amounts(fee) == [("平日 7:00〜19:00", 1400), ("平日 19:00〜22:00", 800)]


def test_a_unit_that_straddles_two_bands_is_charged_at_the_dearer_one():
    # 18:30–19:30 is one first unit touching 700 and 800: the whole hour at 800 by default
    assert amounts(one({"start": "18:30", "end": "19:30"})) == [("平日 19:00〜22:00", 800)]


def test_the_centre_may_charge_a_straddling_unit_at_the_band_it_starts_in():
    fee = one({"start": "18:30", "end": "19:30"}, straddling_unit="start")
    assert amounts(fee) == [("平日 7:00〜19:00", 700)]


def test_an_activity_crossing_midnight_takes_the_night_band_on_both_days():
    fee = one({"date": "2025-10-01", "start": "21:00", "end": "01:00"})
    assert fee.activity.end.isoformat() == "2025-10-02T01:00:00"
    assert amounts(fee) == [("平日 19:00〜22:00", 800), ("毎日 22:00〜7:00", 3000)]


def test_an_activity_ending_at_midnight_can_say_24_00():
    fee = one({"start": "21:00", "end": "24:00"})
    assert fee.activity.minutes == 180
    assert fee.requester_pays == 800 + 2000


def test_a_time_no_band_covers_is_refused_naming_the_day_and_time():
    schedule = {"bands": [{"days": "平日", "from": "07:00", "to": "19:00", "yen_per_hour": 700}]}
    with pytest.raises(
        FeeInputError,
        match=r"activities 1件目: 2025-10-01（平日）の19:00はどの料金帯にも入りません",
    ):
        one({"start": "18:00", "end": "20:00"}, **schedule)


def test_overlapping_bands_are_refused():
    bands = [*BASE["bands"], {"days": "平日", "from": "18:00", "to": "20:00", "yen_per_hour": 750}]
    with pytest.raises(FeeInputError, match="重なっています"):
        one(bands=bands)


# Holidays
@pytest.mark.parametrize(
    ("day", "why"),
    [
        ("2025-11-03", "文化の日 (Monday)"),
        ("2025-11-24", "振替休日"),
        ("2025-12-29", "年末年始 (Monday)"),
        ("2026-01-02", "年末年始 (Friday)"),
        ("2025-10-04", "Saturday"),
    ],
)
def test_holidays_and_the_year_end_take_the_holiday_band(day, why):
    assert amounts(one({"date": day})) == [("土日祝・年末年始 7:00〜22:00", 900)], why


def test_an_ordinary_weekday_and_a_centre_without_year_end_days_take_the_weekday_band():
    assert one({"date": "2025-11-25"}).requester_pays == 700
    assert one({"date": "2025-12-29"}, year_end=False).requester_pays == 700


# Children
def test_siblings_pay_the_percent_the_centre_sets_for_each_further_child():
    fee = one({"children": 3, "end": "11:30"}, additional_children_percent=[50, 30])
    assert amounts(fee) == [
        ("平日 7:00〜19:00（1人目）", 1050),
        ("平日 7:00〜19:00（2人目・50%）", 525),
        ("平日 7:00〜19:00（3人目・30%）", 315),
    ]


def test_without_a_sibling_rule_each_child_pays_the_full_rate():
    fee = one({"children": 2})
    assert fee.requester_pays == 1400
    assert "2人目・100%" in fee.lines[1].label


# Rounding
@pytest.mark.parametrize(("mode", "expected"), [("down", 1570), ("up", 1580), ("nearest", 1580)])
def test_each_line_is_rounded_as_the_schedule_says(mode, expected):
    # 2nd child at 50% of 700 for 1.5 h = 525 yen; one line 1,050 + 525 → rounded per line to 10 yen
    fee = one(
        {"children": 2, "end": "11:30"},
        additional_children_percent=[50],
        rounding={"yen": 10, "mode": mode},
    )
    assert fee.requester_pays == 1050 + {"down": 520, "up": 530, "nearest": 530}[mode]
    assert fee.requester_pays == expected


# Surcharges
def test_short_notice_surcharge_applies_only_within_the_hours_set():
    surcharges = [{"label": "24時間以内", "notice_under_hours": 24, "yen_per_hour": 100}]
    late = one({"end": "11:30", "requested_at": "2025-09-30T12:00"}, surcharges=surcharges)
    early = one({"end": "11:30", "requested_at": "2025-09-30T09:00"}, surcharges=surcharges)
    unknown = one({"end": "11:30"}, surcharges=surcharges)
    assert ("24時間以内", 150) in amounts(late)
    assert early.requester_pays == unknown.requester_pays == 1050
    assert "判定していません" in unknown.notes[0]


def test_a_holiday_surcharge_per_child_counts_only_the_holiday_hours():
    surcharges = [{"days": "土日祝", "yen_per_hour": 200, "per_child": True}]
    # Friday 2025-10-03 23:00 → Saturday 01:00: one hour on Saturday
    fee = one(
        {"date": "2025-10-03", "start": "23:00", "end": "01:00", "children": 2},
        surcharges=surcharges,
    )
    assert ("土日祝・年末年始加算", 400) in amounts(fee)


# Kinds
def test_sick_child_care_and_overnight_stays_have_their_own_rates():
    kinds = {"病児・病後児": {"yen_per_hour": 1200}, "宿泊": {"yen_per_night": 5000}}
    sick = one({"kind": "病児・病後児", "end": "12:00"}, kinds=kinds)
    stay = one({"kind": "宿泊", "start": "18:00", "end": "09:00"}, kinds=kinds)
    assert sick.requester_pays == 2400
    assert amounts(stay) == [("宿泊", 5000)]


# Cancellations
TIERS = [
    {"label": "前日", "under_hours": 48, "percent": 30},
    {"label": "当日", "same_day": True, "percent": 50},
    {"label": "連絡なし", "no_notice": True, "percent": 100},
]


@pytest.mark.parametrize(
    ("cancel", "label", "yen"),
    [
        ({"cancelled_at": "2025-09-28T10:00"}, "キャンセル料なし", 0),
        ({"cancelled_at": "2025-09-30T18:00"}, "キャンセル料（前日）", 420),
        ({"cancelled_at": "2025-10-01T08:00"}, "キャンセル料（当日）", 700),
        ({"cancelled": "no_notice"}, "キャンセル料（連絡なし）", 1400),
    ],
)
def test_a_cancellation_charges_the_highest_tier_that_applies(cancel, label, yen):
    fee = one(
        {"start": "10:00", "end": "12:00"} | cancel,
        cancellation=TIERS,
        city_share={"yen_per_hour": 500},
    )
    assert amounts(fee) == [(label, yen)]
    assert fee.city_pays == 0


def test_a_fixed_cancellation_fee():
    fee = one({"cancelled": "no_notice"}, cancellation=[{"no_notice": True, "yen": 1000}])
    assert fee.requester_pays == 1000


# Subsidised shares
def test_a_reduction_halves_the_fee_and_the_city_pays_the_rest_but_not_the_costs():
    fee = one(
        {"end": "11:30", "reduction": "生活保護", "meals_yen": 300, "transport_km": 10},
        reductions={"生活保護": {"percent": 50}},
        transport_yen_per_km=25,
    )
    assert fee.requester_pays == 1050 - 525 + 300 + 250
    assert fee.city_pays == 525
    assert fee.helper_receives == 1050 + 300 + 250


def test_the_city_pays_the_helper_per_hour_and_more_for_a_second_child():
    # the 2025 guide in reference/famisapo.md: requester 500円/h (2 children 750円), city 500円/h (1,000円)
    bands = [{"days": "毎日", "from": "00:00", "to": "24:00", "yen_per_hour": 500}]
    share = {"yen_per_hour": 500, "additional_child_yen_per_hour": 500}
    fee = one({"children": 2}, bands=bands, additional_children_percent=[50], city_share=share)
    assert fee.requester_pays == 750
    assert fee.city_pays == 1000


# Dated schedules
def test_each_activity_is_priced_with_the_schedule_in_force_on_its_date():
    later = copy.deepcopy(BASE) | {"valid_from": "2026-04-01"}
    later["bands"][0]["yen_per_hour"] = 750
    activity = {"start": "10:00", "end": "11:00"}
    fees = price_facts(
        {
            "schedules": [BASE, later],
            "activities": [activity | {"date": "2026-03-31"}, activity | {"date": "2026-04-01"}],
        }
    )
    assert [f.requester_pays for f in fees] == [700, 750]
    with pytest.raises(FeeInputError, match="適用される料金表がありません"):
        price_facts({"schedules": [later], "activities": [activity | {"date": "2026-03-31"}]})


# Input that refuses nonsense
@pytest.mark.parametrize(
    ("activity", "changes", "message"),
    [
        ({"start": "25:00"}, {}, r"activities 1件目 › start: 「25:00」は時刻として読めません"),
        (
            {"id": "X-9", "kind": "散歩"},
            {},
            r"activities 1件目（X-9） › kind: 「散歩」は活動の種類にありません",
        ),
        ({"reduction": "学生"}, {}, r"reduction: 「学生」は料金表の減免にありません"),
        ({"children": 0}, {}, r"children: 1以上20以下の整数"),
        ({"childern": 2}, {}, r"知らない項目「childern」"),
        ({"date": "2025-02-30"}, {}, r"存在しない日付"),
        ({"transport_km": 3}, {}, r"transport_yen_per_km"),
        ({}, {"rounding": {"yen": 10, "mode": "banker"}}, r"rounding › mode"),
        (
            {},
            {"bands": [{"days": "休日", "from": "07:00", "to": "19:00", "yen_per_hour": 1}]},
            r"「休日」は曜日の区分",
        ),
        ({}, {"cancellation": [{"percent": 50}]}, r"段階の条件を一つだけ"),
    ],
)
def test_bad_input_names_where_it_is(activity, changes, message):
    with pytest.raises(FeeInputError, match=message):
        one(activity, **changes)


def test_full_width_times_and_wareki_dates_are_read():
    fee = one({"date": "令和7年10月1日", "start": "１０：００", "end": "１１：３０"})
    assert fee.activity.start.isoformat() == "2025-10-01T10:00:00"
    assert fee.requester_pays == 1050


# The command
def test_the_example_prints_a_file_the_command_prices(tmp_path, capsys):
    call_command("famisapo_fee", "--example")
    example = capsys.readouterr().out
    path = tmp_path / "example.json"
    path.write_text(example, encoding="utf-8")
    call_command("famisapo_fee", "--facts", str(path), "--format", "json")
    result = json.loads(capsys.readouterr().out)
    assert result["totals"]["activities"] == len(json.loads(example)["activities"]) == 8
    for activity in result["activities"]:
        lines = activity["lines"]
        assert activity["requester_pays_yen"] == sum(
            x["amount_yen"] for x in lines if x["payer"] == "requester"
        )
        assert (
            activity["helper_receives_yen"]
            == activity["requester_pays_yen"] + activity["city_pays_yen"]
        )
    crossing = result["activities"][0]
    assert [x["amount_yen"] for x in crossing["lines"]] == [1050, 800]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "1行目 2列目: JSON として読めません"),
        ("[]", "ファイル: オブジェクト"),
        ('{"activities": []}', "schedule（料金表一つ）か schedules"),
        (
            json.dumps({"schedule": BASE, "activities": [{"date": "2025-10-01", "start": "9:00"}]}),
            "「end」がありません",
        ),
    ],
)
def test_the_command_reports_bad_files_in_japanese(tmp_path, content, message):
    path = tmp_path / "facts.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("famisapo_fee", "--facts", str(path))
    with pytest.raises(CommandError, match="見つかりません"):
        call_command("famisapo_fee", "--facts", str(tmp_path / "none.json"))


def test_the_same_start_and_end_is_refused_not_read_as_24_hours():
    from famisapo.fees.activity import ERR_SAME_TIME, read_activity
    from famisapo.fees.reading import FeeInputError

    with pytest.raises(FeeInputError, match=ERR_SAME_TIME):
        read_activity({"date": "2025-10-06", "start": "08:00", "end": "8:00"}, "活動")
    whole_day = read_activity(
        {"date": "2025-10-06", "start": "08:00", "end": "08:00", "end_date": "2025-10-07"}, "活動"
    )
    assert whole_day.minutes == 24 * 60
