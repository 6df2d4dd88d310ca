"""ファミサポ's amount: the 基本事業's step by 会員の総数 (price key famisapo:members:LOW-HIGH)."""

from ..amounts import Amount, PriceBook
from ..core import Report
from ..facts import HubFacts
from ..programmes import own
from .facts import CODE
from .rules import PROGRAMME, step_of


def amounts(report: Report, facts: HubFacts, book: PriceBook) -> list[Amount]:
    if "famisapo" not in facts.services:
        return []
    f = own(facts, CODE)
    amount = Amount("famisapo", "famisapo", PROGRAMME)
    step = step_of(f.members, f.steps) if f.centre else None
    if step is None:
        return [book.withheld(amount, "会員の総数の区分の基準額が登録されていません。")]
    return [book.fill(amount, [(step.key, step.label)])]
