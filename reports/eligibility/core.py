"""What a rule returns, and the clauses it cites."""

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Verdict(StrEnum):
    """A rule's answer: stored and compared by its code, read by people as its label."""

    OK = "ok"
    NG = "ng"
    CHECK = "check"
    NA = "na"

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self]


VERDICT_LABELS = {
    Verdict.OK: "適合",
    Verdict.NG: "不適合",
    Verdict.CHECK: "要確認",
    Verdict.NA: "対象外",
}


class Kind(StrEnum):
    NATIONAL = "national"  # a condition of the national 要綱
    ADVICE = "advice"  # the guideline's advice: a warning, never a failure
    LOCAL = "local"  # a municipality's stricter condition, shown apart from the national one


@dataclass(frozen=True)
class Clause:
    document: str
    section: str

    def __str__(self) -> str:
        return f"{self.document} {self.section}".strip()


@dataclass(frozen=True)
class Result:
    rule_id: str
    programme: str  # 地域子育て支援拠点事業, 利用者支援事業, …
    title: str
    verdict: Verdict
    reason: str
    clause: Clause | None
    kind: Kind = Kind.NATIONAL
    deadline: dt.date | None = None  # 適合 on condition of something done by this date
    addon: bool = False  # a 加算 rather than a condition of the base grant
    # 適合, with one thing left to the municipality (e.g. the deadline of a course taken later)
    to_confirm: str = ""

    def as_dict(self) -> dict:
        return {
            "rule_id": self.rule_id,
            "programme": self.programme,
            "title": self.title,
            "verdict": self.verdict.value,
            "verdict_label": self.verdict.label,
            "reason": self.reason,
            "clause": str(self.clause) if self.clause else "",
            "kind": str(self.kind),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "addon": self.addon,
            "to_confirm": self.to_confirm,
        }


@dataclass
class Report:
    """Every verdict for one hub and one 年度, with the rule set that produced them."""

    hub_name: str
    fiscal_year: int
    rule_set: str
    results: list[Result] = field(default_factory=list)

    def by_programme(self) -> dict[str, list[Result]]:
        grouped: dict[str, list[Result]] = {}
        for r in self.results:
            grouped.setdefault(r.programme, []).append(r)
        return grouped

    def as_dict(self) -> dict:
        return {
            "hub": self.hub_name,
            "fiscal_year": self.fiscal_year,
            "rule_set": self.rule_set,
            "results": [r.as_dict() for r in self.results],
        }


def years_between(start: dt.date, end: dt.date) -> float:
    return (end - start).days / 365.2425
