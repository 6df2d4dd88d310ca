"""Rule sets by 年度, with valid-from and valid-to, and the one entry point `evaluate`.

H27: the rules of the seeds (実施要綱 as restated in seed 001 and seed 003).
R6 (令和6年度〜): 母子保健型 becomes こども家庭センター型, and こども家庭ソーシャルワーカー meets the
基本型 staffing requirement on its own (national_rules.md R6). 妊婦等包括相談支援事業型 was added
in R6 too: a hub may run it from 令和6年度 (before, the type does not exist); its staffing rules
are not in Kyoten's sources, so it answers 要確認 rather than guess (riyosha.ninpu).
A 年度 outside every set gets one 要確認 result saying so — never a silent fallback.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from common.japanese import wareki_fiscal_year

from .core import Report, Result, Verdict
from .facts import HubFacts
from .programmes import programmes


@dataclass(frozen=True)
class RuleSet:
    code: str
    label: str
    first_year: int
    last_year: int
    accepts_kodomo_sw: bool
    boshi_label: str
    has_ninpu_type: bool  # 妊婦等包括相談支援事業型 exists (from 令和6年度)
    # 4(1)③ア(イ)'s reference periods of experience, in months: (licensed helping professionals,
    # others). A municipality's own period (RiyoshaSetting) replaces them for its hubs.
    experience_months: tuple[int, int] = (12, 36)


RULE_SETS = [
    RuleSet("H27", "平成27年度〜令和5年度の要綱", 2015, 2023, False, "母子保健型", False),
    # Checked against sources up to 令和7年度; extend last_year once a newer 要綱 is read.
    RuleSet(
        "R6",
        "令和6年度〜の要綱（こども家庭センター型）",
        2024,
        2026,
        True,
        "こども家庭センター型",
        True,
    ),
]


@dataclass(frozen=True)
class Context:
    rule_set: RuleSet
    today: dt.date

    @property
    def accepts_kodomo_sw(self) -> bool:
        return self.rule_set.accepts_kodomo_sw

    @property
    def boshi_label(self) -> str:
        return self.rule_set.boshi_label

    @property
    def has_ninpu_type(self) -> bool:
        return self.rule_set.has_ninpu_type


def rule_set_for(fiscal_year: int) -> RuleSet | None:
    return next((r for r in RULE_SETS if r.first_year <= fiscal_year <= r.last_year), None)


def evaluate(facts: HubFacts, *, today: dt.date | None = None) -> Report:
    """Every verdict for the facts' hub and 年度."""
    today = today or timezone.localdate()
    rule_set = rule_set_for(facts.fiscal_year)
    if rule_set is None:
        known = "、".join(
            f"{wareki_fiscal_year(r.first_year)}〜{wareki_fiscal_year(r.last_year)}"
            for r in RULE_SETS
        )
        result = Result(
            "RULESET",
            "共通",
            "適用する規則",
            Verdict.CHECK,
            f"{wareki_fiscal_year(facts.fiscal_year)}に適用する規則は登録されていません"
            f"（登録済み：{known}）。要綱を確認して規則を追加してください。",
            None,
        )
        return Report(facts.name, facts.fiscal_year, "", [result])
    ctx = Context(rule_set, today)
    results: list[Result] = []
    for programme in programmes():
        for rule in programme.rules:
            answer = rule(facts, ctx)
            if answer is not None:
                results += answer if isinstance(answer, list) else [answer]
    return Report(facts.name, facts.fiscal_year, rule_set.label, results)
