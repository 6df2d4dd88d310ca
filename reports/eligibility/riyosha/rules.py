"""利用者支援事業: 基本型, 特定型 and 母子保健型 / こども家庭センター型.

Source: 利用者支援事業実施要綱 and ガイドライン (seed 003); the 令和6年度 changes from
national_rules.md 4.1–4.2 (R6).
"""

import math

from common.japanese import date_label, wareki_fiscal_year

from ..core import Clause, Kind, Result, Verdict
from ..facts import HubFacts, StaffFacts
from ..programmes import own
from . import addons
from .facts import CODE, RiyoshaFacts
from .staffing import qualifies

PROGRAMME = "利用者支援事業"
YOUKOU = "利用者支援事業実施要綱"
GUIDE = "利用者支援事業ガイドライン"

BOSHI_LICENCES = {"hokenshi", "josanshi", "kangoshi", "shakai_fukushishi", "seishin_hoken"}


def _r(rule_id, title, verdict, reason, section, document=YOUKOU, **extra) -> Result:
    return Result(rule_id, PROGRAMME, title, verdict, reason, Clause(document, section), **extra)


def kihon_staff_members(facts: HubFacts) -> list[StaffFacts]:
    return [s for s in facts.staff if s.service == "riyosha_kihon" and s.dedicated]


def kihon_staff(facts: HubFacts, ctx) -> Result | None:
    """基本型: 要件（研修＋実務経験）を満たす専任職員を1事業所1名以上 (4(1)③イ)."""
    if "riyosha_kihon" not in facts.services:
        return None
    staff = kihon_staff_members(facts)
    title = "基本型：専任の利用者支援専門員"
    if not staff:
        return _r(
            "RY-KIHON-STAFF",
            title,
            Verdict.NG,
            f"{date_label(facts.reference_day)} 時点で基本型に専任で配置された職員がいません。",
            "4(1)③イ",
        )
    checks = [qualifies(s, facts, ctx) for s in staff]
    passing = [c for c in checks if c.ok]
    reasons = "／".join(c.text for c in checks)
    if not passing:
        return _r("RY-KIHON-STAFF", title, Verdict.NG, reasons, "4(1)③ア・イ")
    firm = [c for c in passing if c.deadline is None and not c.to_confirm]
    deadline = None if firm else min((c.deadline for c in passing if c.deadline), default=None)
    to_confirm = "" if firm or deadline else "／".join(c.to_confirm for c in passing)
    return _r(
        "RY-KIHON-STAFF",
        title,
        Verdict.OK,
        reasons,
        "4(1)③ア・イ",
        deadline=deadline,
        to_confirm=to_confirm,
    )


def half_week(facts: HubFacts, ctx) -> Result | None:
    """ガイドライン: 一週間のうち半分以上の日数を開設することが望ましい (warning, not failure)."""
    if not facts.services & {"riyosha_kihon", "riyosha_tokutei"}:
        return None
    days = facts.pattern.days_per_week if facts.pattern else 0
    ok = days >= 4
    reason = f"週{days}日開設 → 週の半分以上（4日以上）が望ましい"
    return _r(
        "RY-ADVICE-HALFWEEK",
        "開設日数（ガイドラインの目安）",
        Verdict.OK if ok else Verdict.CHECK,
        reason,
        "開設日数",
        document=GUIDE,
        kind=Kind.ADVICE,
    )


TOKUTEI_WINDOW = range(2013, 2020)  # 平成25年〜令和元年 の各年10月1日


def tokutei_conditions(facts: HubFacts, ctx) -> Result | None:
    """特定型: 市町村の要件ア〜エのいずれか."""
    if "riyosha_tokutei" not in facts.services:
        return None
    m = facts.municipality
    met, unknown = [], []
    occ = [m.nursery_occupancy[y] for y in TOKUTEI_WINDOW if y in m.nursery_occupancy]
    if any(v >= 100 for v in occ):
        met.append(f"ア 定員充足率 最大{max(occ):.1f}%")
    elif not occ:
        unknown.append("ア 定員充足率")
    if m.nurseries is not None and m.nurseries >= 100:
        met.append(f"イ 保育所等 {m.nurseries}か所")
    elif m.nurseries is None:
        unknown.append("イ 保育所等の数")
    waits = [m.waiting_children[y] for y in range(2015, 2020) if y in m.waiting_children]
    if m.former_tokutei:
        met.append("ウ 平成24年改正前の特定市町村")
    elif any(v >= 50 for v in waits):
        met.append(f"ウ 待機児童 最大{max(waits)}人")
    else:
        if not waits:
            unknown.append("ウ 待機児童数（平成27〜31年）")
        if m.former_tokutei is None:
            unknown.append("ウ 特定市町村かどうか")
    if m.emergency_measures:
        met.append("エ 緊急対策を実施")
    elif m.emergency_measures is None:
        unknown.append("エ 緊急対策")
    title = "特定型：市町村の要件（ア〜エのいずれか）"
    if met:
        return _r("RY-TOKUTEI-CITY", title, Verdict.OK, "、".join(met), "4(2)②")
    if unknown:
        return _r(
            "RY-TOKUTEI-CITY",
            title,
            Verdict.CHECK,
            "いずれも満たすと確認できません。未登録：" + "、".join(unknown),
            "4(2)②",
        )
    return _r("RY-TOKUTEI-CITY", title, Verdict.NG, "ア〜エのいずれも満たしていません。", "4(2)②")


def tokutei_cap(facts: HubFacts, ctx) -> Result | None:
    """特定型: か所数の上限 = 各年0〜5歳児人口/10,000（切上げ）の最大値."""
    if "riyosha_tokutei" not in facts.services:
        return None
    m = facts.municipality
    pops = {y: m.population_0_5[y] for y in TOKUTEI_WINDOW if y in m.population_0_5}
    title = "特定型：か所数の上限"
    if not pops:
        return _r(
            "RY-TOKUTEI-CAP",
            title,
            Verdict.CHECK,
            "平成25年〜令和元年の0〜5歳児人口が登録されていません。",
            "4(2)②ただし書",
        )
    year, pop = max(pops.items(), key=lambda kv: kv[1])
    cap = math.ceil(pop / 10000)
    reason = f"0〜5歳児人口の最大 {pop:,}人（{year}年）→ 上限 {cap}か所、実施 {m.tokutei_sites}か所"
    verdict = Verdict.OK if m.tokutei_sites <= cap else Verdict.NG
    return _r("RY-TOKUTEI-CAP", title, verdict, reason, "4(2)②ただし書")


def tokutei_staff(facts: HubFacts, ctx) -> Result | None:
    """特定型: アを満たす専任職員を、1事業所1名以上 (4(2)④イ; ア's training is 望ましい)."""
    if "riyosha_tokutei" not in facts.services:
        return None
    staff = [s for s in facts.staff if s.service == "riyosha_tokutei" and s.dedicated]
    names = "、".join(s.name for s in staff) or "なし"
    reason = (
        f"{date_label(facts.reference_day)} 時点で特定型に専任で配置された職員 {len(staff)}名"
        f"（{names}）→ 1名以上"
    )
    verdict = Verdict.OK if staff else Verdict.NG
    return _r("RY-TOKUTEI-STAFF", "特定型：専任職員の配置", verdict, reason, "4(2)④イ")


def tokutei_training(facts: HubFacts, ctx) -> Result | None:
    """特定型: 研修は「望ましい」— advice, never a failure."""
    if "riyosha_tokutei" not in facts.services:
        return None
    staff = [s for s in facts.staff if s.service == "riyosha_tokutei"]
    done = [s for s in staff if {"kihon", "senmon-riyosha-tokutei"} <= set(s.training)]
    reason = f"基本研修・特定型専門研修の修了 {len(done)}/{len(staff)}名（修了が望ましい）"
    verdict = Verdict.OK if staff and len(done) == len(staff) else Verdict.CHECK
    return _r(
        "RY-TOKUTEI-TRAINING", "特定型：研修の修了", verdict, reason, "4(2)④ア", kind=Kind.ADVICE
    )


def boshi_staff(facts: HubFacts, ctx) -> Result | None:
    """母子保健型 / こども家庭センター型: 保健師・助産師・看護師又はソーシャルワーカーを1名以上."""
    if "riyosha_boshi" not in facts.services:
        return None
    label = ctx.boshi_label
    staff = [
        s for s in facts.staff if s.service == "riyosha_boshi" and s.qualifications & BOSHI_LICENCES
    ]
    names = "、".join(s.name for s in staff) or "なし"
    verdict = Verdict.OK if staff else Verdict.NG
    return _r(
        "RY-BOSHI-STAFF",
        f"{label}：保健師等の配置",
        verdict,
        f"保健師・助産師・看護師・社会福祉士等 {len(staff)}名（{names}）→ 1名以上",
        "4(3)③",
    )


def boshi_records(facts: HubFacts, ctx) -> Result | None:
    """支援台帳と支援プランを作成していること (counts from the consultations records)."""
    if "riyosha_boshi" not in facts.services:
        return None
    label = ctx.boshi_label
    mine: RiyoshaFacts = own(facts, CODE)
    register, plans = mine.register_entries, mine.support_plans
    reason = f"支援台帳 {register}件、支援プラン {plans}件"
    verdict = Verdict.OK if register and plans else Verdict.CHECK
    return _r("RY-BOSHI-RECORDS", f"{label}：支援台帳と支援プラン", verdict, reason, "4(3)④ア")


def ninpu(facts: HubFacts, ctx) -> Result | None:
    """妊婦等包括相談支援事業型 (令和6年度〜): 児童福祉法第6条の3 の妊婦等包括相談支援事業.

    The type's staffing and other conditions are UNCONFIRMED in national_rules.md (4.2): the rule
    says so instead of guessing. Before 令和6年度 the type does not exist.
    """
    if "riyosha_ninpu" not in facts.services:
        return None
    title = "妊婦等包括相談支援事業型"
    if not ctx.has_ninpu_type:
        reason = (
            f"この類型は令和6年度に設けられました。{wareki_fiscal_year(facts.fiscal_year)}の類型は"
            "基本型・特定型・母子保健型です。"
        )
        return _r("RY-NINPU", title, Verdict.NG, reason, "事業の類型（令和6年度改正）")
    reason = (
        "妊婦等包括相談支援事業（児童福祉法第6条の3・伴走型相談支援）を実施。職員配置などの要件は"
        "Kyotenの参照資料で確認できていないため、要綱の本文で確認してください。"
    )
    return _r("RY-NINPU", title, Verdict.CHECK, reason, "事業の類型（令和6年度改正）")


RULES = [
    kihon_staff,
    *addons.rules_for("kihon"),
    half_week,
    tokutei_conditions,
    tokutei_cap,
    tokutei_staff,
    tokutei_training,
    *addons.rules_for("tokutei"),
    boshi_staff,
    ninpu,
    boshi_records,
    *addons.rules_for("boshi"),
]
