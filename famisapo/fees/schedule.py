"""A centre's fee schedule (利用料金表): dated data an officer edits, read into plain values.

The format is documented in docs/famisapo.md; `example.json` beside this module is a complete one.
Nothing here is national: every number is the centre's own.
"""

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import pairwise

from common.japanese import holiday_name

from ..kinds import KINDS
from .reading import FeeInputError, Reader, clock

WEEKDAY, SATURDAY, SUNDAY, HOLIDAY = "weekday", "saturday", "sunday", "holiday"
DAY_TYPES = (WEEKDAY, SATURDAY, SUNDAY, HOLIDAY)
DAY_LABELS = {WEEKDAY: "平日", SATURDAY: "土曜", SUNDAY: "日曜", HOLIDAY: "祝日・年末年始"}
_DAY_WORDS = {
    "weekday": (WEEKDAY,),
    "平日": (WEEKDAY,),
    "saturday": (SATURDAY,),
    "土曜": (SATURDAY,),
    "sunday": (SUNDAY,),
    "日曜": (SUNDAY,),
    "holiday": (HOLIDAY,),
    "祝日": (HOLIDAY,),
    "土日": (SATURDAY, SUNDAY),
    "土日祝": (SATURDAY, SUNDAY, HOLIDAY),
    "毎日": DAY_TYPES,
    "all": DAY_TYPES,
}
ROUNDING_MODES = {"down": "切り捨て", "up": "切り上げ", "nearest": "四捨五入"}
STRADDLING = {"dearer": "高い方の料金帯", "start": "単位の始まりの料金帯"}


@dataclass(frozen=True, slots=True)
class Band:
    label: str
    days: frozenset[str]
    start: int  # minute of the day; end <= start means the band runs past midnight
    end: int
    yen_per_hour: Fraction

    def runs(self) -> list[tuple[int, int]]:
        if self.end > self.start:
            return [(self.start, self.end)]
        return [(self.start, 1440)] + ([(0, self.end)] if self.end else [])


@dataclass(frozen=True, slots=True)
class Surcharge:
    label: str
    yen_per_hour: int
    yen: int  # once per activity
    days: frozenset[str] | None = None  # None: any day
    notice_under_hours: int | None = None  # a short-notice surcharge
    per_child: bool = False


@dataclass(frozen=True, slots=True)
class KindRate:
    kind: str
    yen_per_hour: int | None = None
    yen_per_night: int | None = None


@dataclass(frozen=True, slots=True)
class CancellationTier:
    label: str
    under_hours: int | None = None
    same_day: bool = False
    no_notice: bool = False
    percent: int | None = None
    yen: int | None = None


@dataclass(frozen=True, slots=True)
class CityShare:
    yen_per_hour: int
    additional_child_yen_per_hour: int


@dataclass(frozen=True, slots=True)
class Rounding:
    yen: int = 1
    mode: str = "down"

    def apply(self, amount: Fraction) -> int:
        units = amount / self.yen
        whole = {"down": units.__floor__, "up": units.__ceil__}.get(self.mode)
        n = whole() if whole else (units + Fraction(1, 2)).__floor__()
        return int(n * self.yen)


@dataclass(frozen=True, slots=True)
class FeeSchedule:
    name: str
    valid_from: dt.date
    bands: tuple[Band, ...]
    first_minutes: int = 60
    then_minutes: int = 30
    straddling: str = "dearer"
    additional_children: tuple[int, ...] = (100,)  # percent of the rate for the 2nd, 3rd… child
    year_end: tuple[tuple[int, int], tuple[int, int]] | None = ((12, 29), (1, 3))
    surcharges: tuple[Surcharge, ...] = ()
    kinds: dict[str, KindRate] = field(default_factory=dict)
    transport_yen_per_km: int | None = None
    cancellation: tuple[CancellationTier, ...] = ()
    reductions: dict[str, int] = field(default_factory=dict)  # name → percent off the fee
    city_share: CityShare | None = None
    rounding: Rounding = Rounding()
    # day type → sorted (start, end, band) runs covering parts of that day
    day_runs: dict[str, tuple[tuple[int, int, Band], ...]] = field(default_factory=dict)

    def day_type(self, day: dt.date) -> str:
        if holiday_name(day) or self.is_year_end(day):
            return HOLIDAY
        return {5: SATURDAY, 6: SUNDAY}.get(day.weekday(), WEEKDAY)

    def is_year_end(self, day: dt.date) -> bool:
        if self.year_end is None:
            return False
        (m1, d1), (m2, d2) = self.year_end
        key = (day.month, day.day)
        if (m1, d1) <= (m2, d2):
            return (m1, d1) <= key <= (m2, d2)
        return key >= (m1, d1) or key <= (m2, d2)

    def child_percent(self, position: int) -> int:
        """Percent of the rate charged for the child at `position` (2 = the second child)."""
        return self.additional_children[min(position - 2, len(self.additional_children) - 1)]


SCHEDULE_KEYS = (
    "name",
    "valid_from",
    "bands",
    "units",
    "straddling_unit",
    "additional_children_percent",
    "year_end",
    "surcharges",
    "kinds",
    "transport_yen_per_km",
    "cancellation",
    "reductions",
    "city_share",
    "rounding",
    "note",
)


def read_schedule(data, where: str = "料金表") -> FeeSchedule:
    r = Reader(data, where, known=SCHEDULE_KEYS)
    bands = tuple(
        _band(item, f"{r.at('bands')} {i}番目")
        for i, item in enumerate(r.items("bands", required=True), 1)
    )
    if not bands:
        r.fail("bands", "料金帯を1つ以上書いてください。")
    units = Reader(r.raw("units", {}), r.at("units"), known=("first_minutes", "then_minutes"))
    straddling = r.text("straddling_unit", "dearer")
    if straddling not in STRADDLING:
        r.fail(
            "straddling_unit",
            f"「{straddling}」ではなく dearer（高い方）か start（単位の始まり）を書いてください。",
        )
    additional = r.raw("additional_children_percent", [100])
    if not isinstance(additional, list) or not additional:
        r.fail(
            "additional_children_percent",
            "2人目、3人目…の割合（%）のリストで書いてください（例: [50]）。",
        )
    percents = tuple(
        Reader(
            {"percent": p}, f"{r.at('additional_children_percent')} {i}番目", known=("percent",)
        ).integer("percent", high=100)
        for i, p in enumerate(additional, 1)
    )
    schedule = FeeSchedule(
        name=r.text("name", "利用料金表"),
        valid_from=r.required_date("valid_from"),
        bands=bands,
        first_minutes=units.integer("first_minutes", 60, low=1, high=1440),
        then_minutes=units.integer("then_minutes", 30, low=1, high=1440),
        straddling=straddling,
        additional_children=percents,
        year_end=_year_end(r),
        surcharges=tuple(
            _surcharge(s, f"{r.at('surcharges')} {i}番目")
            for i, s in enumerate(r.items("surcharges"), 1)
        ),
        kinds=_kinds(r),
        transport_yen_per_km=r.optional_integer("transport_yen_per_km"),
        cancellation=tuple(
            _tier(t, f"{r.at('cancellation')} {i}番目")
            for i, t in enumerate(r.items("cancellation"), 1)
        ),
        reductions=_reductions(r),
        city_share=_city_share(r),
        rounding=_rounding(r),
        day_runs=_day_runs(bands, r.at("bands")),
    )
    return schedule


def _band(data, where: str) -> Band:
    r = Reader(data, where, known=("label", "days", "from", "to", "yen_per_hour"))
    r.raw("days", required=True)
    days = _days(r, "days") or frozenset()
    start = r.minute_of_day("from")
    end = r.minute_of_day("to", allow_24=True)
    if start == end % 1440 and (start, end) != (0, 1440):
        r.fail("to", "from と同じ時刻です。一日中なら from 00:00、to 24:00 と書いてください。")
    label = r.text("label") or f"{_days_label(days)} {clock(start)}〜{clock(end)}"
    return Band(label, days, start, end, Fraction(r.integer("yen_per_hour")))


def _days(r: Reader, key: str) -> frozenset[str] | None:
    value = r.raw(key)
    if value is None:
        return None
    words = value if isinstance(value, list) else [value]
    if not words:
        r.fail(key, "曜日の区分を一つ以上書いてください（例: 平日、土日祝）。")
    days: set[str] = set()
    for word in words:
        found = _DAY_WORDS.get(str(word).strip().lower()) or _DAY_WORDS.get(str(word).strip())
        if not found:
            r.fail(
                key, f"「{word}」は曜日の区分として読めません。使える語: {', '.join(_DAY_WORDS)}"
            )
        days.update(found)
    return frozenset(days)


def _days_label(days: frozenset[str]) -> str:
    if days == frozenset(DAY_TYPES):
        return "毎日"
    if days == {SATURDAY, SUNDAY, HOLIDAY}:
        return "土日祝・年末年始"
    return "・".join(DAY_LABELS[d] for d in DAY_TYPES if d in days)


def _day_runs(bands: tuple[Band, ...], where: str) -> dict[str, tuple[tuple[int, int, Band], ...]]:
    result = {}
    for day in DAY_TYPES:
        runs = sorted(
            ((s, e, b) for b in bands if day in b.days for s, e in b.runs()), key=lambda t: t[:2]
        )
        for (_, e1, b1), (s2, e2, b2) in pairwise(runs):
            if s2 < e1:
                raise FeeInputError(
                    f"{where}: 「{b1.label}」と「{b2.label}」が{DAY_LABELS[day]}の"
                    f"{clock(s2)}〜{clock(min(e1, e2))}で重なっています。"
                    "一つの時刻に料金帯は一つにしてください。"
                )
        result[day] = tuple(runs)
    return result


def _year_end(r: Reader):
    value = r.raw("year_end", {"from": "12-29", "to": "01-03"})
    if value is False or value == {}:
        return None
    y = Reader(value, r.at("year_end"), known=("from", "to"))
    ends = []
    for key in ("from", "to"):
        text = y.text(key, required=True).replace("/", "-")
        parts = text.split("-")
        try:
            month, day = int(parts[0]), int(parts[1])
            dt.date(2024, month, day)
        except (ValueError, IndexError):
            y.fail(key, f"「{text}」は月-日として読めません（例: 12-29）。")
        ends.append((month, day))
    return ends[0], ends[1]


def _surcharge(data, where: str) -> Surcharge:
    r = Reader(
        data,
        where,
        known=("label", "days", "notice_under_hours", "yen_per_hour", "yen", "per_child"),
    )
    days = _days(r, "days")
    under = r.optional_integer("notice_under_hours", low=1)
    per_hour, once = r.integer("yen_per_hour", 0), r.integer("yen", 0)
    if not per_hour and not once:
        raise FeeInputError(
            f"{where}: yen_per_hour（1時間あたり）か yen（1回あたり）を書いてください。"
        )
    if days is None and under is None:
        raise FeeInputError(
            f"{where}: days（曜日の区分）か notice_under_hours（何時間前までの依頼か）を書いてください。"
        )
    default = f"{_days_label(days)}加算" if days else f"{under}時間以内の依頼の加算"
    return Surcharge(r.text("label") or default, per_hour, once, days, under, r.flag("per_child"))


def _kinds(r: Reader) -> dict[str, KindRate]:
    value = r.raw("kinds", {})
    if not isinstance(value, dict):
        r.fail(
            "kinds",
            '活動の種類ごとのオブジェクトで書いてください（例: {"病児・病後児": {"yen_per_hour": 800}}）。',
        )
    kinds = {}
    for kind, rate in value.items():
        where = f"{r.at('kinds')} › {kind}"
        if kind not in KINDS:
            raise FeeInputError(
                f"{where}: 「{kind}」は活動の種類にありません。使える種類: {'、'.join(KINDS)}"
            )
        k = Reader(rate, where, known=("yen_per_hour", "yen_per_night"))
        per_hour, per_night = (
            k.optional_integer("yen_per_hour"),
            k.optional_integer("yen_per_night"),
        )
        if (per_hour is None) == (per_night is None):
            raise FeeInputError(
                f"{where}: yen_per_hour か yen_per_night のどちらか一つを書いてください。"
            )
        kinds[kind] = KindRate(kind, per_hour, per_night)
    return kinds


def _tier(data, where: str) -> CancellationTier:
    r = Reader(
        data, where, known=("label", "under_hours", "same_day", "no_notice", "percent", "yen")
    )
    under, same_day, no_notice = (
        r.optional_integer("under_hours", low=1),
        r.flag("same_day"),
        r.flag("no_notice"),
    )
    if sum([under is not None, same_day, no_notice]) != 1:
        raise FeeInputError(
            f"{where}: 段階の条件を一つだけ書いてください（under_hours: 何時間前より後、same_day: 当日、no_notice: 連絡なし）。"
        )
    percent, amount = r.optional_integer("percent", high=100), r.optional_integer("yen")
    if (percent is None) == (amount is None):
        raise FeeInputError(
            f"{where}: percent（予定の利用料の割合）か yen（定額）のどちらか一つを書いてください。"
        )
    default = "連絡なし" if no_notice else "当日" if same_day else f"{under}時間前より後"
    return CancellationTier(r.text("label") or default, under, same_day, no_notice, percent, amount)


def _reductions(r: Reader) -> dict[str, int]:
    value = r.raw("reductions", {})
    if not isinstance(value, dict):
        r.fail(
            "reductions",
            '減免の名前と割合のオブジェクトで書いてください（例: {"生活保護": {"percent": 50}}）。',
        )
    return {
        name: Reader(item, f"{r.at('reductions')} › {name}", known=("percent",)).integer(
            "percent", low=1, high=100
        )
        for name, item in value.items()
    }


def _city_share(r: Reader) -> CityShare | None:
    if not r.has("city_share"):
        return None
    c = Reader(
        r.raw("city_share"),
        r.at("city_share"),
        known=("yen_per_hour", "additional_child_yen_per_hour"),
    )
    return CityShare(c.integer("yen_per_hour"), c.integer("additional_child_yen_per_hour", 0))


def _rounding(r: Reader) -> Rounding:
    c = Reader(r.raw("rounding", {}), r.at("rounding"), known=("yen", "mode"))
    mode = c.text("mode", "down")
    if mode not in ROUNDING_MODES:
        c.fail(
            "mode",
            f"「{mode}」ではなく down（切り捨て）、up（切り上げ）、nearest（四捨五入）のどれかを書いてください。",
        )
    return Rounding(c.integer("yen", 1, low=1), mode)
