"""The facts only 利用者支援事業 reads: the site's 支援台帳 and 支援プラン (母子保健型), and what the
officer recorded for the 年度 (reports.HubYearRecord) that 4(1)④カ〜ケ name."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from accounts.access import within

from ...models_records import RIYOSHA_FIELDS
from .. import facts_json as j
from ..facts import FactsError, Span, year_record

CODE = "riyosha"
JSON_KEYS = ("register_entries", "support_plans", *RIYOSHA_FIELDS)
STAFF_FIELDS = ("visit_staff", "care_staff")


@dataclass
class RiyoshaFacts:
    register_entries: int = 0  # 支援台帳 entries of the site's families
    support_plans: int = 0  # 支援プラン of the site's families
    recorded: bool = False  # whether the officer has recorded the 年度 at all
    visit_staff: set[str] = field(default_factory=set)  # StaffFacts.key of カ's staff
    visit_planned: bool = False  # カ(イ)
    visit_publicity: str = ""  # カ(ウ)
    plan_published_on: dt.date | None = None  # キ(エ)
    plan_published_where: str = ""
    staffing_recorded: bool = False  # キ(オ)
    interpreter: bool = False  # ク
    translation_system: bool = False
    languages: str = ""
    care_days_per_week: float | None = None  # ケ(a)
    care_staff: set[str] = field(default_factory=set)  # ケ(b)
    care_staff_basis: str = ""
    night_exception: str = ""  # 夜間加算「原則として」: why shorter days were accepted
    night_exception_accepted_on: dt.date | None = None


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def gather(hub, span: Span) -> RiyoshaFacts:
    from consultations.models import RegisterEntry, SupportPlan

    facts = RiyoshaFacts(
        register_entries=within(hub, RegisterEntry).count(),
        support_plans=within(hub, SupportPlan).count(),
    )
    record = year_record(hub, span)
    if record is None:
        return facts
    return record_facts(facts, record)


def record_facts(facts: RiyoshaFacts, record) -> RiyoshaFacts:
    """Fill the officer's record of the 年度 into the facts (also used by the what-if)."""
    facts.recorded = True
    for name in RIYOSHA_FIELDS:
        if name in STAFF_FIELDS:
            setattr(facts, name, {str(s.public_id) for s in getattr(record, name).all()})
        else:
            setattr(facts, name, getattr(record, name))
    facts.care_days_per_week = _float(record.care_days_per_week)
    return facts


def _names(data: dict, key: str) -> set[str]:
    staff = data.get("staff") or []
    known = {s.get("name", f"職員{i + 1}") for i, s in enumerate(staff) if isinstance(s, dict)}
    names = {j.text(n, f"{key}[{i}]", 100) for i, n in enumerate(j.listing(data[key], key))}
    missing = sorted(names - known)
    if missing:
        raise FactsError(f"{key}: 職員「{missing[0]}」が staff にいません。")
    return names


def from_json(data: dict, span: Span) -> RiyoshaFacts:
    facts = RiyoshaFacts(
        register_entries=j.count(data.get("register_entries", 0), "register_entries"),
        support_plans=j.count(data.get("support_plans", 0), "support_plans"),
        recorded=any(k in data for k in RIYOSHA_FIELDS),
    )
    for key in STAFF_FIELDS:
        if key in data:
            setattr(facts, key, _names(data, key))
    for key in ("visit_planned", "staffing_recorded", "interpreter", "translation_system"):
        if key in data:
            setattr(facts, key, j.flag(data[key], key))
    for key in (
        "visit_publicity",
        "plan_published_where",
        "languages",
        "care_staff_basis",
        "night_exception",
    ):
        if key in data:
            setattr(facts, key, j.text(data[key], key, 300))
    for key in ("plan_published_on", "night_exception_accepted_on"):
        if data.get(key) is not None:
            setattr(facts, key, j.date(data[key], key))
    if data.get("care_days_per_week") is not None:
        facts.care_days_per_week = j.number(
            data["care_days_per_week"], "care_days_per_week", maximum=7
        )
    return facts
