"""One activity (援助活動) as the fee engine sees it: when, how many children, what kind, costs."""

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from ..kinds import KINDS
from .reading import FeeInputError, Reader

NO_NOTICE = "no_notice"

ACTIVITY_KEYS = (
    "id",
    "date",
    "start",
    "end",
    "end_date",
    "kind",
    "children",
    "requested_at",
    "reduction",
    "meals_yen",
    "transport_yen",
    "transport_km",
    "other_costs_yen",
    "cancelled_at",
    "cancelled",
    "note",
)


@dataclass(frozen=True, slots=True)
class Activity:
    id: str
    start: dt.datetime
    end: dt.datetime
    kind: str = ""
    children: int = 1
    requested_at: dt.datetime | None = None
    reduction: str = ""
    meals_yen: int = 0
    transport_yen: int = 0
    transport_km: Fraction | None = None
    other_costs_yen: int = 0
    cancelled_at: dt.datetime | None = None
    cancelled_without_notice: bool = False

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None or self.cancelled_without_notice

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


ERR_SAME_TIME = "始まりと終わりが同じ時刻です。翌日の同じ時刻までなら end_date を書いてください。"


def read_activity(data, where: str) -> Activity:
    r = Reader(data, where, known=ACTIVITY_KEYS)
    ident = r.text("id")
    if ident:
        r.where = where = f"{where}（{ident}）"
    day = r.required_date("date")
    start = r.minute_of_day("start")
    end = r.minute_of_day("end", allow_24=True)
    if end == start and not r.has("end_date"):
        r.fail("end", ERR_SAME_TIME)
    end_day = r.date("end_date") or (day if end > start else day + dt.timedelta(days=1))
    begins = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=start)
    ends = dt.datetime.combine(end_day, dt.time()) + dt.timedelta(minutes=end)
    if ends <= begins:
        r.fail("end", "終わりが始まりより後になっていません。")
    if ends - begins > dt.timedelta(days=7):
        r.fail("end", "活動が7日を超えています。日付を確かめてください。")
    kind = r.text("kind")
    if kind and kind not in KINDS:
        r.fail("kind", f"「{kind}」は活動の種類にありません。使える種類: {'、'.join(KINDS)}")
    cancelled = r.raw("cancelled")
    if cancelled not in (None, NO_NOTICE):
        r.fail(
            "cancelled",
            f'連絡のないキャンセルは "{NO_NOTICE}" と書いてください。連絡があれば cancelled_at に日時を書きます。',
        )
    cancelled_at = r.moment("cancelled_at")
    if cancelled_at and cancelled:
        r.fail(
            "cancelled", "cancelled_at（連絡の日時）と no_notice（連絡なし）は一緒に書けません。"
        )
    requested_at = r.moment("requested_at")
    if requested_at and requested_at > begins:
        r.fail("requested_at", "依頼の日時が活動の始まりより後です。")
    return Activity(
        id=ident,
        start=begins,
        end=ends,
        kind=kind,
        children=r.integer("children", 1, low=1, high=20),
        requested_at=requested_at,
        reduction=r.text("reduction"),
        meals_yen=r.integer("meals_yen", 0),
        transport_yen=r.integer("transport_yen", 0),
        transport_km=r.number("transport_km"),
        other_costs_yen=r.integer("other_costs_yen", 0),
        cancelled_at=cancelled_at,
        cancelled_without_notice=cancelled == NO_NOTICE,
    )


def check_against(activity: Activity, where: str, schedule) -> None:
    """Refuse what the chosen schedule cannot price, naming the activity."""
    if activity.reduction and activity.reduction not in schedule.reductions:
        names = "、".join(schedule.reductions) or "（料金表に減免がありません）"
        raise FeeInputError(
            f"{where} › reduction: 「{activity.reduction}」は料金表の減免にありません。使える減免: {names}"
        )
    if activity.transport_km is not None and schedule.transport_yen_per_km is None:
        raise FeeInputError(
            f"{where} › transport_km: 料金表に transport_yen_per_km（1kmあたりの交通費）がありません。"
            "実費なら transport_yen に金額を書いてください。"
        )
