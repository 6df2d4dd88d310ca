"""利用者支援事業's amounts: one per type the hub runs, the 基本型 with its 加算 that are 適合.

Price keys are stable codes: "riyosha_kihon:base" and the 加算's rule id ("RY-ADD-NIGHT",
"RY-TOKUTEI-ADD-NIGHT", "RY-BOSHI-ADD-LANG"). A 加算 that is 要確認 is shown apart and makes the
amount 要確認: a confident figure never leaves out a 加算 that may apply.
"""

from ..amounts import Amount, PriceBook, addon_keys, passed
from ..core import Report
from ..facts import HubFacts

TYPES = (
    ("riyosha_kihon", "利用者支援事業（基本型）"),
    ("riyosha_tokutei", "利用者支援事業（特定型）"),
    ("riyosha_boshi", "利用者支援事業（母子保健型／こども家庭センター型）"),
    ("riyosha_ninpu", "利用者支援事業（妊婦等包括相談支援事業型）"),
)
# The staffing rule a type's 基準額 waits for.
STAFF_RULES = {
    "riyosha_kihon": "RY-KIHON-STAFF",
    "riyosha_tokutei": "RY-TOKUTEI-STAFF",
    "riyosha_boshi": "RY-BOSHI-STAFF",
}
ADDON_PREFIX = {
    "riyosha_kihon": "RY-ADD-",
    "riyosha_tokutei": "RY-TOKUTEI-ADD-",
    "riyosha_boshi": "RY-BOSHI-ADD-",
}


def amounts(report: Report, facts: HubFacts, book: PriceBook) -> list[Amount]:
    ok = passed(report)
    out = []
    for service, label in TYPES:
        if service not in facts.services:
            continue
        amount = Amount("riyosha", service, label)
        staff_rule = STAFF_RULES.get(service)
        if staff_rule and staff_rule not in ok:
            out.append(book.withheld(amount, "職員配置の要件を満たすまで基準額は出ません。"))
            continue
        keys = [(f"{service}:base", label)]
        pending: list = []
        if service in ADDON_PREFIX:
            addons, pending = addon_keys(report, ADDON_PREFIX[service])
            keys += addons
        out.append(book.fill(amount, keys, pending))
    return out
