"""The ファミサポ fee engine: a centre's dated fee schedule and the fee of each activity.

`price_facts(data)` reads one facts file (schedules and activities, docs/famisapo.md) and returns
every activity's `Fee`; `read_schedule` and `fee_for` are the parts the centre's pages use.
"""

from .activity import Activity, check_against, read_activity
from .engine import CITY, REQUESTER, Fee, Line, fee_for
from .reading import FeeInputError, Reader
from .schedule import FeeSchedule, read_schedule

__all__ = [
    "CITY",
    "REQUESTER",
    "Activity",
    "Fee",
    "FeeInputError",
    "FeeSchedule",
    "Line",
    "fee_for",
    "price_facts",
    "read_activity",
    "read_schedule",
    "schedule_on",
]


def schedule_on(schedules: list[FeeSchedule], day) -> FeeSchedule | None:
    """The schedule in force on a day: the latest whose valid_from is not after it."""
    in_force = [s for s in schedules if s.valid_from <= day]
    return max(in_force, key=lambda s: s.valid_from) if in_force else None


def read_schedules(r: Reader) -> list[FeeSchedule]:
    if r.has("schedule") == r.has("schedules"):
        raise FeeInputError(
            "ファイル: schedule（料金表一つ）か schedules（日付ごとの料金表のリスト）のどちらか一つを書いてください。"
        )
    if r.has("schedule"):
        return [read_schedule(r.raw("schedule"), "schedule")]
    items = r.items("schedules")
    schedules = [read_schedule(item, f"schedules {i}番目") for i, item in enumerate(items, 1)]
    if not schedules:
        r.fail("schedules", "料金表を1つ以上書いてください。")
    days = [s.valid_from for s in schedules]
    if len(set(days)) != len(days):
        r.fail("schedules", "valid_from（適用開始日）が同じ料金表が二つあります。")
    return schedules


def price_facts(data) -> list[Fee]:
    """Every activity of a facts file priced with the schedule in force on its date."""
    r = Reader(data, "ファイル", known=("schedule", "schedules", "activities", "note"))
    schedules = read_schedules(r)
    fees = []
    for i, item in enumerate(r.items("activities", required=True), 1):
        where = f"activities {i}件目"
        activity = read_activity(item, where)
        if activity.id:
            where = f"{where}（{activity.id}）"
        schedule = schedule_on(schedules, activity.start.date())
        if schedule is None:
            first = min(s.valid_from for s in schedules)
            raise FeeInputError(
                f"{where}: {activity.start:%Y-%m-%d} に適用される料金表がありません（最も早い料金表は {first:%Y-%m-%d} から）。"
            )
        check_against(activity, where, schedule)
        fees.append(fee_for(activity, schedule, where))
    return fees
