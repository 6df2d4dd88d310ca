"""Reading JSON-like data with Japanese errors that say where the bad value is.

A fee schedule is edited by a municipal officer and a facts file by whoever tries one out: every
refusal names the place (「料金表 › bands 2番目 › from」), what was found and what is expected.
"""

import datetime as dt
import re
from fractions import Fraction
from typing import NoReturn

from common.japanese import normalize_text, parse_date


class FeeInputError(ValueError):
    """A fee schedule or an activity that cannot be read; the message says where and why."""


_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_DATETIME = re.compile(r"^(.+?)[T ](\d{1,2}:\d{2})$")


class Reader:
    """One JSON object and the place it sits, e.g. 「活動 3件目（A-003）」."""

    def __init__(self, data, where: str, *, known: tuple[str, ...]):
        if not isinstance(data, dict):
            raise FeeInputError(f"{where}: オブジェクト（{{…}}）を書いてください。")
        unknown = [key for key in data if key not in known]
        if unknown:
            raise FeeInputError(
                f"{where}: 知らない項目「{unknown[0]}」があります。使える項目: {', '.join(known)}"
            )
        self.data = data
        self.where = where

    def at(self, key: str) -> str:
        return f"{self.where} › {key}"

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def fail(self, key: str, message: str) -> NoReturn:
        raise FeeInputError(f"{self.at(key)}: {message}")

    def raw(self, key: str, default=None, *, required: bool = False):
        if key not in self.data or self.data[key] is None:
            if required:
                raise FeeInputError(f"{self.where}: 「{key}」がありません。")
            return default
        return self.data[key]

    def text(self, key: str, default: str = "", *, required: bool = False) -> str:
        value = self.raw(key, default, required=required)
        if not isinstance(value, str | int) or isinstance(value, bool):
            self.fail(key, "文字列で書いてください。")
        return " ".join(str(value).split())

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            self.fail(key, f"true か false で書いてください（「{value}」）。")
        return value

    def integer(self, key: str, default: int | None = None, *, low=0, high=None) -> int:
        """An integer; without a default the key is required."""
        value = self.optional_integer(key, low=low, high=high)
        if value is None:
            if default is None:
                raise FeeInputError(f"{self.where}: 「{key}」がありません。")
            return default
        return value

    def optional_integer(self, key: str, *, low=0, high=None) -> int | None:
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, str):
            value = normalize_text(value).replace(",", "")
            if re.fullmatch(r"-?\d+", value):
                value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"整数で書いてください（「{value}」）。")
        if value < low or (high is not None and value > high):
            bound = f"{low}以上" + (f"{high}以下" if high is not None else "")
            self.fail(key, f"{bound}の整数で書いてください（「{value}」）。")
        return value

    def number(self, key: str, default=None, *, required=False) -> Fraction | None:
        """A non-negative number that may have decimals (km), kept exact."""
        value = self.raw(key, default, required=required)
        if value is None:
            return None
        try:
            number = Fraction(normalize_text(str(value)))
        except (ValueError, ZeroDivisionError):
            self.fail(key, f"数で書いてください（「{value}」）。")
        if isinstance(value, bool) or number < 0:
            self.fail(key, f"0以上の数で書いてください（「{value}」）。")
        return number

    def date(self, key: str) -> dt.date | None:
        value = self.raw(key)
        if value is None:
            return None
        try:
            return parse_date(value)
        except ValueError as error:
            self.fail(key, str(error))

    def required_date(self, key: str) -> dt.date:
        value = self.raw(key, required=True)  # its own message when missing
        try:
            return parse_date(value)
        except ValueError as error:
            self.fail(key, str(error))

    def minute_of_day(self, key: str, *, allow_24=False) -> int:
        """「7:00」→ 420; 「24:00」only where a period may end at midnight. Required."""
        value = self.raw(key, required=True)
        minute = read_time(value)
        if minute is None or minute > 1440 or (minute == 1440 and not allow_24):
            example = "07:00、24:00" if allow_24 else "07:00、17:30"
            self.fail(key, f"「{value}」は時刻として読めません（例: {example}）。")
        return minute

    def moment(self, key: str) -> dt.datetime | None:
        """「2025-10-03T18:00」or「2025/10/3 18:00」."""
        value = self.raw(key)
        if value is None:
            return None
        match = _DATETIME.match(normalize_text(str(value)))
        when = None
        if match:
            minute = read_time(match.group(2))
            try:
                day = parse_date(match.group(1))
            except ValueError:
                day = None
            if day is not None and minute is not None and minute < 1440:
                when = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
        if when is None:
            self.fail(key, f"「{value}」は日時として読めません（例: 2025-10-03T18:00）。")
        return when

    def items(self, key: str, *, required: bool = False) -> list:
        value = self.raw(key, [], required=required)
        if not isinstance(value, list):
            self.fail(key, "リスト（[…]）で書いてください。")
        return value


def read_time(value) -> int | None:
    match = _TIME.match(normalize_text(str(value)))
    if not match or int(match.group(2)) > 59:
        return None
    return int(match.group(1)) * 60 + int(match.group(2))


def clock(minute: int) -> str:
    """420 → 「7:00」, 1440 → 「24:00」."""
    return f"{minute // 60}:{minute % 60:02d}"


def duration(minutes: int) -> str:
    """90 → 「1時間30分」."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}分"
    return f"{hours}時間" + (f"{rest}分" if rest else "")


def yen(amount) -> str:
    """1050 → 「1,050円」; a fraction of a yen per hour keeps its decimals (「612.5円」)."""
    if isinstance(amount, Fraction) and amount.denominator != 1:
        return f"{float(amount):,.2f}".rstrip("0").rstrip(".") + "円"
    return f"{int(amount):,}円"
