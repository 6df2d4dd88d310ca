"""Japanese conventions: input normalisation, 和暦, 年度, public holidays and the
全国地方公共団体コード check digit."""

import datetime as dt
import re
import unicodedata
from functools import cache

import holidays as holidays_lib

# Era starts (元年 = year 1). Only the eras a hub record can meet.
ERAS = [
    ("令和", "R", dt.date(2019, 5, 1)),
    ("平成", "H", dt.date(1989, 1, 8)),
    ("昭和", "S", dt.date(1926, 12, 25)),
]
_ERA_BY_KEY = {name: start for name, _, start in ERAS} | {abbr: start for _, abbr, start in ERAS}

_SPACES = re.compile(r"[\s\u3000]+")


def normalize_text(value: str) -> str:
    """Return text with full-width digits/letters made half-width, half-width kana made
    full-width (NFKC), and runs of spaces (incl. 全角スペース) collapsed to one."""
    if value is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", str(value))).strip()


def normalize_multiline(value: str) -> str:
    """normalize_text for each line of a text area: line breaks are kept (at most one blank line
    in a row), spaces inside a line collapsed."""
    if value is None:
        return ""
    lines = [normalize_text(line) for line in str(value).replace("\r\n", "\n").split("\n")]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip("\n")


def normalize_kana(value: str) -> str:
    """Return a reading in full-width katakana with no spaces: the form used to sort and search."""
    text = normalize_text(value).replace(" ", "")
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def phone_digits(value: str) -> str:
    """A phone number as its digits only (全角, hyphens and spaces as typed are dropped)."""
    return "".join(c for c in normalize_text(value) if c.isdigit())


def format_phone(value: str) -> str:
    """Digits as people write them: 09012345678 → 090-1234-5678, 0312345678 → 03-1234-5678,
    0492221234 → 049-222-1234, 0120123456 → 0120-123-456. A number typed with its own hyphens,
    or one of another length, is shown as it is. (A 10-digit number outside 03/06 is split
    3-3-4: a four-digit area code such as 0493 would read 049-3xx-xxxx.)"""
    digits = value or ""
    if not digits.isdigit():
        return digits
    if len(digits) == 11 and digits[:3] in {"070", "080", "090", "050"}:
        return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    if len(digits) == 10 and digits.startswith("0120"):
        return f"{digits[:4]}-{digits[4:7]}-{digits[7:]}"
    if len(digits) == 11 and digits.startswith("0800"):
        return f"{digits[:4]}-{digits[4:7]}-{digits[7:]}"
    if len(digits) == 10 and digits[:2] in {"03", "06"}:
        return f"{digits[:2]}-{digits[2:6]}-{digits[6:]}"
    if len(digits) == 10 and digits.startswith("0"):
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return digits


def fiscal_year_of(day: dt.date) -> int:
    """Return the 年度 (April–March) a date belongs to, as the Western year it starts in."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(fiscal_year: int) -> tuple[dt.date, dt.date]:
    return dt.date(fiscal_year, 4, 1), dt.date(fiscal_year + 1, 3, 31)


def fiscal_year_months(fiscal_year: int) -> list[tuple[int, int]]:
    """Return (year, month) for April … March of the 年度."""
    return [(fiscal_year, m) for m in range(4, 13)] + [(fiscal_year + 1, m) for m in range(1, 4)]


@cache
def public_holidays(year: int) -> dict[dt.date, str]:
    """Return Japan's public holidays (国民の祝日・振替休日) of a year, named in Japanese."""
    return dict(holidays_lib.country_holidays("JP", years=year, language="ja").items())


def holiday_name(day: dt.date) -> str | None:
    return public_holidays(day.year).get(day)


def era_year(day: dt.date) -> tuple[str, int]:
    for name, _, start in ERAS:
        if day >= start:
            return name, day.year - start.year + 1
    raise ValueError(f"{day} is before 昭和")


def _year_label(name: str, n: int) -> str:
    return f"{name}{'元' if n == 1 else n}"


def wareki_date(day: dt.date) -> str:
    """Return e.g. 令和7年4月1日."""
    name, n = era_year(day)
    return f"{_year_label(name, n)}年{day.month}月{day.day}日"


def date_label(day: dt.date) -> str:
    """2025-06-02 → 「令和7年6月2日（2025-06-02）」: 和暦 first, 西暦 beside it (for reasons)."""
    return f"{wareki_date(day)}（{day:%Y-%m-%d}）"


def hours_label(hours: float) -> str:
    """9.98333 → 「9時間59分」, 6 → 「6時間」, 0.5 → 「30分」 (to the nearest minute)."""
    minutes = round(hours * 60)
    whole, rest = divmod(minutes, 60)
    if not whole:
        return f"{rest}分"
    return f"{whole}時間" + (f"{rest}分" if rest else "")


def wareki_month(year: int, month: int) -> str:
    """Return e.g. 令和7年10月 (the era in force on the month's first day)."""
    name, n = era_year(dt.date(year, month, 1))
    return f"{_year_label(name, n)}年{month}月"


def wareki_fiscal_year(fiscal_year: int) -> str:
    """Return e.g. 令和6年度 for 2024.

    Officials call FY2019 令和元年度 although its 1 April was still 平成, so the era in force on
    1 May names the year.
    """
    name, n = era_year(dt.date(fiscal_year, 5, 1))
    return f"{_year_label(name, n)}年度"


def fiscal_year_label(fiscal_year: int) -> str:
    """2025 → 「令和7年度（2025年度）」: 和暦 first with 西暦 beside it, as officials write it."""
    return f"{wareki_fiscal_year(fiscal_year)}（{fiscal_year}年度）"


_DATE_PATTERNS = [
    re.compile(r"^(?P<y>\d{4})[/\-.年](?P<m>\d{1,2})[/\-.月](?P<d>\d{1,2})日?$"),
    re.compile(
        r"^(?P<era>令和|平成|昭和|[RHS])\s*(?P<y>\d{1,2}|元)[\.年/\-](?P<m>\d{1,2})[\.月/\-](?P<d>\d{1,2})日?$",
        re.IGNORECASE,
    ),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
]


def parse_date(value) -> dt.date:
    """Parse 2025/4/1, 2025-04-01, R7.4.1, 令和7年4月1日, 令和元年5月1日 or ２０２５／４／１.

    Raise ValueError with a Japanese message when the text is not a real date.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = normalize_text(value).replace(" ", "")
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        parts = match.groupdict()
        year = 1 if parts["y"] == "元" else int(parts["y"])
        if parts.get("era"):
            start = _ERA_BY_KEY[parts["era"].upper() if len(parts["era"]) == 1 else parts["era"]]
            year = start.year + year - 1
        try:
            day = dt.date(year, int(parts["m"]), int(parts["d"]))
        except ValueError:
            raise ValueError(f"「{value}」は存在しない日付です。") from None
        if parts.get("era") and day < start:
            raise ValueError(f"「{value}」はその元号の始まりより前の日付です。")
        return day
    raise ValueError(f"「{value}」は日付として読めません（例: 2025/4/1、R7.4.1、令和7年4月1日）。")


def municipality_check_digit(first_five: str) -> int:
    """Return the check digit of a 全国地方公共団体コード (weights 6,5,4,3,2; modulus 11)."""
    total = sum(int(d) * w for d, w in zip(first_five, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


def is_valid_municipality_code(code: str) -> bool:
    return len(code) == 6 and code.isdigit() and municipality_check_digit(code[:5]) == int(code[5])
