"""地域子育て支援拠点事業's amount: the opening tier's price and each 加算 that is 適合.

Price keys are stable codes: "ippan:days5" (類型:開設区分の code, hubs/data/opening_tiers.json)
and the 加算's rule id ("KY-ADD-OUTREACH"), never a label such as 「週5日型」.
"""

from hubs.opening import opening_tier

from ..amounts import Amount, PriceBook, addon_keys, passed
from ..core import Report
from ..facts import HubFacts

LABEL = "地域子育て支援拠点事業"


def amounts(report: Report, facts: HubFacts, book: PriceBook) -> list[Amount]:
    tier = opening_tier(facts.hub_type, facts.pattern, facts.reference_day)
    ok = passed(report)
    amount = Amount("kyoten", "kyoten", LABEL)
    if tier.code is None or not {"KY-OPEN", "KY-STAFF"} <= ok:
        why = "開設日数・時間と従事者の要件を満たすまで基準額は出ません。"
        return [book.withheld(amount, why)]
    keys = [(f"{facts.hub_type}:{tier.code}", tier.tier or tier.code)]
    addons, pending = addon_keys(report, "KY-ADD-")
    return [book.fill(amount, keys + addons, pending)]
