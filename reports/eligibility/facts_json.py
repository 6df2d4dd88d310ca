"""The facts of a hypothetical hub, read from JSON: every value checked, every refusal in Japanese.

A planner's file takes only what makes sense: a span ends after it starts and within the day,
booleans are true/false (not "false"), counts are whole numbers of zero or more, codes are known,
and a key nobody reads is an error (a typo must not pass silently). The format is documented in
docs/eligibility.md; `read` is reached through `facts.facts_from_json`.
"""

import datetime as dt
import itertools
import math
import re
from typing import Any

from common.japanese import fiscal_year_bounds, fiscal_year_months, parse_date, wareki_date
from hubs.opening import WeeklyPattern

from .facts import FactsError, HubFacts, MunicipalityFacts, Span, StaffFacts

WEEKDAY_KEYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
# The national courses (hubs migration 0002): a municipality's own course is not known here.
KNOWN_COURSES = {
    "kihon",
    "senmon-kyoten",
    "senmon-riyosha-kihon",
    "senmon-riyosha-tokutei",
    "follow-up",
    "gennin",
    "kyoten-staff",
    "leader",
    "privacy",
}
TOP_KEYS = {
    "name",
    "hub_type",
    "premises",
    "reference_day",
    "schedule",
    "open_on_holidays",
    "services",
    "staff",
    "months_open",
    "opening_days",
    "consultations",
    "municipality",
}
STAFF_KEYS = {
    "name",
    "role",
    "service",
    "dedicated",
    "started_on",
    "qualifications",
    "training",
    "experience_years",
    "exemptions",
}
CITY_KEYS = {
    "name",
    "emergency_measures",
    "former_tokutei",
    "population_0_5",
    "nursery_occupancy",
    "nurseries",
    "waiting_children",
    "tokutei_sites",
    "local_conditions",
    "riyosha_settings",
}
SETTING_KEYS = {
    "first_year",
    "last_year",
    "training_deadline_months",
    "experience_months_licensed",
    "experience_months_other",
    "source",
}
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


# One value ------------------------------------------------------------------------------------


def _shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)[:40]


def given(value: Any, default: Any) -> Any:
    """A key left out or written null takes its default; any other value is read as written
    (so `"schedule": []` is refused, never taken for no schedule)."""
    return default if value is None else value


def mapping(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise FactsError(f"{where} はオブジェクト（{{…}}）で書いてください（{_shown(value)}）。")
    return value


def listing(value: Any, where: str) -> list:
    if not isinstance(value, list):
        raise FactsError(f"{where} は配列（[…]）で書いてください（{_shown(value)}）。")
    return value


def known_keys(data: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        raise FactsError(
            f"{where}に知らない項目「{unknown[0]}」があります。使える項目: {', '.join(sorted(allowed))}"
        )


def text(value: Any, where: str, limit: int = 200) -> str:
    if not isinstance(value, str):
        raise FactsError(f"{where} は文字列で書いてください（{_shown(value)}）。")
    if len(value) > limit:
        raise FactsError(f"{where} は{limit}文字以内にしてください（{len(value)}文字）。")
    return value


def flag(value: Any, where: str) -> bool:
    """true / false only: the string "false" would otherwise read as true."""
    if not isinstance(value, bool):
        hint = "（引用符を付けずに）" if isinstance(value, str) else ""
        raise FactsError(f"{where} は true か false で書いてください{hint}（{_shown(value)}）。")
    return value


def optional_flag(value: Any, where: str) -> bool | None:
    return None if value is None else flag(value, where)


def count(value: Any, where: str, *, maximum: int | None = None) -> int:
    """A whole number of zero or more (1.0 is accepted as 1; 「二年」, -1, 1.5 and null are not)."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise FactsError(f"{where} は0以上の整数で書いてください（{_shown(value)}）。")
    if value < 0:
        raise FactsError(f"{where} は0以上の整数で書いてください（{value}）。")
    if maximum is not None and value > maximum:
        raise FactsError(f"{where} は{maximum}以下にしてください（{value}）。")
    return value


def number(value: Any, where: str, *, maximum: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise FactsError(f"{where} は0以上の数で書いてください（{_shown(value)}）。")
    if not 0 <= value <= maximum:
        raise FactsError(f"{where} は0以上{maximum:g}以下の数にしてください（{value}）。")
    return float(value)


def year_key(key: str, where: str) -> int:
    if not re.fullmatch(r"\d{4}", str(key)) or not 1900 <= int(key) <= 2100:
        raise FactsError(f'{where} の年「{key}」は西暦4桁で書いてください（例: "2019"）。')
    return int(key)


def date(value: Any, where: str) -> dt.date:
    if not isinstance(value, str):
        raise FactsError(f"{where} は日付の文字列で書いてください（{_shown(value)}）。")
    try:
        return parse_date(value)
    except ValueError as error:
        raise FactsError(f"{where}: {error}") from None


def choice(value: Any, where: str, allowed: dict[str, str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        listed = "、".join(f"{k}（{v}）" for k, v in allowed.items())
        raise FactsError(
            f"{where}「{_shown(value).strip(chr(34))}」は使えません。使えるもの: {listed}"
        )
    return value


def choices(value: Any, where: str, allowed: dict[str, str]) -> set[str]:
    return {choice(v, f"{where}[{i}]", allowed) for i, v in enumerate(listing(value, where))}


def clock(value: Any, where: str) -> dt.time:
    match = _TIME.match(value) if isinstance(value, str) else None
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise FactsError(
            f"{where}: 時刻「{_shown(value).strip(chr(34))}」は HH:MM（00:00〜23:59）で書いてください。"
        )
    return dt.time(int(match[1]), int(match[2]))


def span(value: Any, where: str) -> tuple[dt.time, dt.time]:
    """["09:30", "15:30"]: a start and an end on the same day, the end after the start."""
    pair = listing(value, where)
    if len(pair) != 2:
        raise FactsError(
            f'{where} は開始と終了の2つの時刻で書いてください（例: ["09:30", "15:30"]、{len(pair)}個あります）。'
        )
    start, end = clock(pair[0], where), clock(pair[1], where)
    if end <= start:
        raise FactsError(
            f"{where}: 終了 {end:%H:%M} が開始 {start:%H:%M} より前か同じです。"
            "日付をまたぐ開所は扱えません（その日の終わりまでと、翌日の分に分けて書いてください）。"
        )
    return start, end


# The pieces -----------------------------------------------------------------------------------


def _schedule(data: dict) -> dict[int, tuple]:
    ranges: dict[int, tuple] = {}
    for key, spans in mapping(given(data.get("schedule"), {}), "schedule").items():
        if key not in WEEKDAY_KEYS:
            raise FactsError(f"schedule: 曜日「{key}」は mon〜sun で書いてください。")
        where = f"schedule.{key}"
        day = sorted(span(s, f"{where}[{i}]") for i, s in enumerate(listing(spans, where)))
        for (_, end), (start, _) in itertools.pairwise(day):
            if start < end:
                raise FactsError(
                    f"{where}: 時間帯が重なっています（{start:%H:%M} は前の時間帯の終了 {end:%H:%M} より前）。"
                )
        ranges[WEEKDAY_KEYS[key]] = tuple(day)
    return ranges


def _staff(rows: Any, span_: Span, labels) -> list[StaffFacts]:
    staff = []
    seen: dict[str, int] = {}
    for i, row in enumerate(listing(rows, "staff")):
        where = f"staff[{i}]"
        s = mapping(row, where)
        known_keys(s, STAFF_KEYS, where)
        name = text(s.get("name", f"職員{i + 1}"), f"{where}.name", 100)
        if name in seen:  # visit_staff and care_staff name people: a name must say who
            raise FactsError(f"{where}.name「{name}」は staff[{seen[name]}] と同じです。")
        seen[name] = i
        started = date(s.get("started_on", str(span_.start)), f"{where}.started_on")
        training = {
            choice(code, f"{where}.training の研修コード", labels.courses): date(
                on, f"{where}.training.{code}"
            )
            for code, on in mapping(given(s.get("training"), {}), f"{where}.training").items()
        }
        if started > span_.day:
            continue  # starts after the reference day: not at the hub yet (as in the database)
        staff.append(
            StaffFacts(
                name=name,
                role=choice(s.get("role", "hiroba"), f"{where}.role", labels.roles),
                service=choice(s.get("service", "hiroba"), f"{where}.service", labels.services),
                dedicated=flag(s.get("dedicated", True), f"{where}.dedicated"),
                started_on=started,
                qualifications=choices(
                    s.get("qualifications", []), f"{where}.qualifications", labels.qualifications
                ),
                # A course finished after the reference day is not yet finished on it.
                training={c: on for c, on in training.items() if on <= span_.day},
                experience_days=round(
                    number(s.get("experience_years", 0), f"{where}.experience_years", maximum=60)
                    * 365.25
                ),
                exemptions=choices(
                    s.get("exemptions", []), f"{where}.exemptions", labels.exemptions
                ),
                key=name,
            )
        )
    return staff


def _by_year(value: Any, where: str, read) -> dict:
    return {
        year_key(k, where): read(v, f"{where}.{k}")
        for k, v in mapping(given(value, {}), where).items()
    }


def _setting(row: Any, where: str) -> dict:
    s = mapping(row, where)
    known_keys(s, SETTING_KEYS, where)
    out = {
        "first_year": count(s.get("first_year", 2000), f"{where}.first_year", maximum=2100),
        "last_year": None,
        "source": text(s.get("source", "（JSON）"), f"{where}.source"),
    }
    if s.get("last_year") is not None:
        out["last_year"] = count(s["last_year"], f"{where}.last_year", maximum=2100)
    for key in (
        "training_deadline_months",
        "experience_months_licensed",
        "experience_months_other",
    ):
        value = s.get(key)
        out[key] = None if value is None else count(value, f"{where}.{key}", maximum=600)
    if out["training_deadline_months"] == 0:
        raise FactsError(f"{where}.training_deadline_months は1か月以上にしてください。")
    return out


def _local(row: Any, where: str, labels) -> dict:
    c = mapping(row, where)
    known_keys(c, {"service", "kind", "value", "first_year", "last_year", "source"}, where)
    kind = choice(c.get("kind"), f"{where}.kind", labels.local_kinds)
    value = c.get("value")
    value = str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
    value = text(value, f"{where}.value", 50)
    if kind == "min_days" and not (value.isdigit() and int(value) <= 7):
        raise FactsError(f"{where}.value: 日数は0〜7で書いてください（「{value}」）。")
    if kind == "min_hours":
        try:
            hours = float(value)
        except ValueError:
            hours = -1
        if not 0 <= hours <= 24:
            raise FactsError(f"{where}.value: 時間は0〜24の数で書いてください（「{value}」）。")
    if kind == "qualification":
        choice(value, f"{where}.value", labels.qualifications)
    return {
        "service": choice(c.get("service"), f"{where}.service", labels.services),
        "kind": kind,
        "value": value,
        "first_year": count(c.get("first_year", 2000), f"{where}.first_year", maximum=2100),
        "last_year": None
        if c.get("last_year") is None
        else count(c["last_year"], f"{where}.last_year", maximum=2100),
        "source": text(c.get("source", "（JSON）"), f"{where}.source"),
    }


def _municipality(value: Any, labels) -> MunicipalityFacts:
    city = mapping(given(value, {}), "municipality")
    known_keys(city, CITY_KEYS, "municipality")
    nurseries = city.get("nurseries")
    return MunicipalityFacts(
        name=text(city.get("name", ""), "municipality.name", 100),
        emergency_measures=optional_flag(
            city.get("emergency_measures"), "municipality.emergency_measures"
        ),
        former_tokutei=optional_flag(city.get("former_tokutei"), "municipality.former_tokutei"),
        population_0_5=_by_year(city.get("population_0_5"), "municipality.population_0_5", count),
        nursery_occupancy=_by_year(
            city.get("nursery_occupancy"),
            "municipality.nursery_occupancy",
            lambda v, w: number(v, w, maximum=999),
        ),
        nurseries=None if nurseries is None else count(nurseries, "municipality.nurseries"),
        waiting_children=_by_year(
            city.get("waiting_children"), "municipality.waiting_children", count
        ),
        tokutei_sites=count(city.get("tokutei_sites", 0), "municipality.tokutei_sites"),
        local_conditions=[
            _local(c, f"municipality.local_conditions[{i}]", labels)
            for i, c in enumerate(
                listing(city.get("local_conditions", []), "municipality.local_conditions")
            )
        ],
        riyosha_settings=[
            _setting(s, f"municipality.riyosha_settings[{i}]")
            for i, s in enumerate(
                listing(city.get("riyosha_settings", []), "municipality.riyosha_settings")
            )
        ],
    )


class _Labels:
    """The codes a file may use, each with the label a refusal lists."""

    def __init__(self):
        from consultations.models import Service
        from hubs.models import Assignment, Hub, HubService, Qualification, TrainingExemption

        from ..models import LocalCondition

        self.hub_types = {"ippan": "一般型", "renkei": "連携型"}
        self.premises = dict(Hub.Premises.choices)
        self.services = {"hiroba": "ひろば", **dict(HubService.Kind.choices)}
        self.roles = dict(Assignment.Role.choices)
        self.qualifications = dict(Qualification.Kind.choices)
        self.exemptions = dict(TrainingExemption.Basis.choices)
        self.courses = {c: c for c in sorted(KNOWN_COURSES)}
        self.local_kinds = dict(LocalCondition.Kind.choices)
        self.consultations = dict(Service.choices)


def read(data: Any, fiscal_year: int) -> HubFacts:
    from .programmes import programmes

    if not isinstance(data, dict):
        raise FactsError(f"最上位はオブジェクト（{{…}}）で書いてください（{_shown(data)}）。")
    labels = _Labels()
    own_keys = {k for p in programmes() for k in p.json_keys}
    known_keys(data, TOP_KEYS | own_keys, "最上位")
    start, end = fiscal_year_bounds(fiscal_year)
    day = date(data.get("reference_day", str(end)), "reference_day")
    if not start <= day <= end:
        raise FactsError(
            f"reference_day {wareki_date(day)} は{fiscal_year}年度（{start}〜{end}）の中にしてください。"
        )
    span_ = Span(start, end, end, day)
    ranges = _schedule(data)
    pattern = (
        WeeklyPattern(
            ranges=ranges,
            opens_on_public_holidays=flag(data.get("open_on_holidays", False), "open_on_holidays"),
        )
        if ranges
        else None
    )
    months = fiscal_year_months(fiscal_year)
    consultations = mapping(given(data.get("consultations"), {}), "consultations")
    return HubFacts(
        name=text(data.get("name", "（仮の拠点）"), "name", 100),
        hub_type=choice(data.get("hub_type", "ippan"), "hub_type", labels.hub_types),
        premises=choice(data.get("premises", "public_space"), "premises", labels.premises),
        fiscal_year=fiscal_year,
        reference_day=day,
        pattern=pattern,
        services=choices(data.get("services", []), "services", labels.services),
        staff=_staff(data.get("staff", []), span_, labels),
        months_open=months[: count(data.get("months_open", 12), "months_open", maximum=12)],
        opening_days=count(data.get("opening_days", 0), "opening_days", maximum=366),
        consultations={
            choice(k, "consultations の区分", labels.consultations): count(v, f"consultations.{k}")
            for k, v in consultations.items()
        },
        municipality=_municipality(data.get("municipality"), labels),
        own={p.code: p.from_json(data, span_) for p in programmes() if p.from_json is not None},
    )
