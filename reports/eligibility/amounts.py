"""Amounts: 基準額 from the dated price tables, 選定額, and the shares. The formula lives here.

    基準額 = the tier's price + the price of every 加算 whose verdict is 適合
    選定額 = min(基準額, 対象経費の実支出額, 総事業費 − 寄付金その他の収入額)
    国 = 選定額 × 国の割合, 都道府県 = 選定額 × 都道府県の割合 — each with 1,000円未満切捨て
    市町村 = 選定額 − 国 − 都道府県

(national_rules.md 2.3: the usual 交付要綱 pattern, to be checked against the current 交付要綱.)
Any price or share that is missing or not confirmed makes the amount 要確認: it is still shown,
so an officer can see what it would be, but never as final.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from accounts.access import within

from .core import Report, Verdict
from .facts import HubFacts


def truncate_thousand(value: Fraction | int) -> int:
    """1,000円未満切捨て."""
    return math.floor(Fraction(value) / 1000) * 1000


def selected_amount(standard: int, eligible_cost: int, total_cost: int, other_income: int) -> int:
    return max(0, min(standard, eligible_cost, total_cost - other_income))


def shares(selected: int, national: Fraction, prefecture: Fraction) -> dict[str, int]:
    nat = truncate_thousand(selected * national)
    pref = truncate_thousand(selected * prefecture)
    return {"国": nat, "都道府県": pref, "市町村": selected - nat - pref}


@dataclass
class PriceLine:
    key: str
    label: str
    amount: int | None
    confirmed: bool


@dataclass
class Amount:
    programme: str  # the price table's programme ("kyoten", "riyosha")
    code: str  # stable: "kyoten", "riyosha_kihon" … (keys of the annual report's items)
    label: str
    lines: list[PriceLine] = field(default_factory=list)
    standard: int | None = None  # 基準額
    costs: dict | None = None
    selected: int | None = None  # 選定額
    share: dict[str, int] = field(default_factory=dict)
    share_text: str = ""
    problems: list[str] = field(default_factory=list)
    # 加算 that may apply but are 要確認: priced apart, never inside 基準額 (which is 要確認 then)
    pending: list[PriceLine] = field(default_factory=list)

    @property
    def verdict(self) -> Verdict:
        return Verdict.CHECK if self.problems else Verdict.OK


def _price(prices, programme: str, key: str, year: int):
    candidates = [
        p
        for p in prices
        if p.programme == programme
        and p.key == key
        and p.first_year <= year
        and (p.last_year is None or year <= p.last_year)
    ]
    return max(candidates, key=lambda p: p.first_year, default=None)


def _share(shares_table, programme: str, year: int):
    candidates = [
        s
        for s in shares_table
        if s.programme == programme
        and s.first_year <= year
        and (s.last_year is None or year <= s.last_year)
    ]
    return max(candidates, key=lambda s: s.first_year, default=None)


@dataclass(frozen=True)
class PriceBook:
    """What a programme's amounts are priced from: the dated price and share tables, and the
    hub's recorded costs of the 年度 ({programme: HubYearCost})."""

    prices: list
    shares_table: list
    costs: dict
    year: int

    def fill(
        self,
        amount: Amount,
        keys: list[tuple[str, str]],
        pending: Sequence[tuple[str, str]] = (),
    ) -> Amount:
        """Price `keys` ((price key, label) pairs) into `amount`, with its costs and shares; the
        `pending` 加算 (要確認) are priced apart and make the amount 要確認."""
        for key, label in pending:
            price = _price(self.prices, amount.programme, key, self.year)
            amount.pending.append(
                PriceLine(
                    key, label, price.amount if price else None, bool(price and price.confirmed)
                )
            )
            amount.problems.append(f"{label}は要確認のため、基準額に含めていません。")
        return _fill(
            amount,
            keys,
            self.prices,
            self.shares_table,
            self.costs.get(amount.programme),
            self.year,
        )

    def withheld(self, amount: Amount, why: str) -> Amount:
        """No 基準額 until a condition holds: say why, and still show the recorded costs."""
        amount.problems.append(why)
        amount.costs = _costs(self.costs.get(amount.programme))
        return amount


def passed(report: Report) -> set[str]:
    """The rule ids whose verdict is 適合."""
    return {r.rule_id for r in report.results if r.verdict == Verdict.OK}


def addon_keys(report: Report, prefix: str) -> tuple[list, list]:
    """The (price key, label) of the 加算 whose rule id starts with `prefix`: those 適合, and
    those 要確認 (which may apply: the amount must not look final without them)."""
    mine = [r for r in report.results if r.addon and r.rule_id.startswith(prefix)]
    ok = [(r.rule_id, r.title) for r in mine if r.verdict == Verdict.OK]
    pending = [(r.rule_id, r.title) for r in mine if r.verdict == Verdict.CHECK]
    return ok, pending


def amounts(report: Report, facts: HubFacts, *, prices, shares_table, costs) -> list[Amount]:
    """The amount for each programme the hub runs, from each programme's own pricing."""
    from .programmes import programmes

    book = PriceBook(list(prices), list(shares_table), costs, facts.fiscal_year)
    out: list[Amount] = []
    for programme in programmes():
        if programme.amounts is not None:
            out += programme.amounts(report, facts, book)
    return out


def _costs(cost) -> dict | None:
    """The recorded costs as shown (also when no 基準額 can be given yet)."""
    if cost is None:
        return None
    return {
        "対象経費の実支出額": cost.eligible_cost,
        "総事業費": cost.total_cost,
        "寄付金その他の収入額": cost.other_income,
    }


def _fill(amount: Amount, keys, prices, shares_table, cost, year: int) -> Amount:
    total = 0
    for key, label in keys:
        price = _price(prices, amount.programme, key, year)
        line = PriceLine(
            key, label, price.amount if price else None, bool(price and price.confirmed)
        )
        amount.lines.append(line)
        if line.amount is None:
            amount.problems.append(f"{label}の基準額が登録されていません。")
            continue
        if not line.confirmed:
            amount.problems.append(f"{label}の基準額は未確認です。")
        total += line.amount
    amount.standard = total if all(line.amount is not None for line in amount.lines) else None
    share = _share(shares_table, amount.programme, year)
    if share is None:
        amount.problems.append("負担割合が登録されていません。")
    elif not share.confirmed:
        amount.problems.append("負担割合は未確認です。")
    if cost is None:
        amount.problems.append("この年度の経費（実支出額・総事業費）が入力されていません。")
    amount.costs = _costs(cost)
    if amount.standard is not None and cost is not None:
        amount.selected = selected_amount(
            amount.standard, cost.eligible_cost, cost.total_cost, cost.other_income
        )
        if share is not None:
            amount.share = shares(
                amount.selected, Fraction(share.national), Fraction(share.prefecture)
            )
            amount.share_text = (
                f"国{share.national}・都道府県{share.prefecture}・市町村{share.municipality}"
            )
    return amount


@dataclass(frozen=True)
class PriceTables:
    """The dated price and share tables, read once (the annual report prices every hub with them)."""

    prices: list
    shares: list

    @classmethod
    def read(cls) -> "PriceTables":
        from ..models import CostShare, UnitPrice

        return cls(list(UnitPrice.objects.all()), list(CostShare.objects.all()))


def amounts_for_hub(
    hub, report: Report, facts: HubFacts, *, tables: PriceTables | None = None, costs=None
) -> list[Amount]:
    """`costs`: the hub's HubYearCost rows of the 年度 by programme, when the caller has them."""
    from ..models import HubYearCost

    tables = tables or PriceTables.read()
    if costs is None:
        rows = within(hub, HubYearCost).filter(fiscal_year=facts.fiscal_year)
        costs = {c.programme: c for c in rows}
    return amounts(report, facts, prices=tables.prices, shares_table=tables.shares, costs=costs)
