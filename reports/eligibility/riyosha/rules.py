"""利用者支援事業: 基本型, 特定型 and 母子保健型 / こども家庭センター型.

Source: 利用者支援事業実施要綱 and ガイドライン (seed 003); the 令和6年度 changes from
national_rules.md 4.1–4.2 (R6).
"""

import datetime as dt
import math

from common.japanese import date_label, wareki_fiscal_year

from ..core import Clause, Kind, Result, Verdict
from ..facts import HubFacts, StaffFacts
from ..programmes import own
from .facts import CODE, RiyoshaFacts

PROGRAMME = "利用者支援事業"
YOUKOU = "利用者支援事業実施要綱"
GUIDE = "利用者支援事業ガイドライン"

# 「保育士、社会福祉士、その他対人援助に関する有資格者」: 1 year of experience instead of 3.
HELPING_LICENCES = {
    "hoikushi",
    "shakai_fukushishi",
    "seishin_hoken",
    "hokenshi",
    "josanshi",
    "kangoshi",
    "kounin_shinrishi",
    "kaigo_fukushishi",
    "kodomo_sw",
}
BOSHI_LICENCES = {"hokenshi", "josanshi", "kangoshi", "shakai_fukushishi", "seishin_hoken"}


def _r(rule_id, title, verdict, reason, section, document=YOUKOU, **extra) -> Result:
    return Result(rule_id, PROGRAMME, title, verdict, reason, Clause(document, section), **extra)


def _kihon_staff(facts: HubFacts) -> list[StaffFacts]:
    return [s for s in facts.staff if s.service == "riyosha_kihon" and s.dedicated]


def _qualifies(s: StaffFacts, ctx) -> tuple[bool, dt.date | None, str]:
    """Whether one dedicated specialist meets 4(1)③ア; a deadline when training may follow."""
    if ctx.accepts_kodomo_sw and "kodomo_sw" in s.qualifications:
        return True, None, f"{s.name}：こども家庭ソーシャルワーカー"
    licensed = bool(s.qualifications & HELPING_LICENCES)
    need_years = 1 if licensed else 3
    years = s.experience_years
    experience_ok = s.experience_days >= need_years * 365  # a year of work = 365 days
    basis = "対人援助の有資格者" if licensed else "有資格者以外"
    exp_text = f"実務経験 {years:.1f}年（{basis}は{need_years}年以上）"
    missing = [c for c in ("kihon", "senmon-riyosha-kihon") if c not in s.training]
    if not experience_ok:
        return False, None, f"{s.name}：{exp_text}が不足"
    if not missing:
        return True, None, f"{s.name}：基本研修・基本型専門研修修了、{exp_text}"
    deadline = s.started_on + dt.timedelta(days=ctx.training_grace_days)
    names = "・".join(
        {"kihon": "基本研修", "senmon-riyosha-kihon": "基本型専門研修"}[c] for c in missing
    )
    if deadline >= ctx.today:
        return (
            True,
            deadline,
            (
                f"{s.name}：{names}が未修了。従事開始（{date_label(s.started_on)}）後の受講として"
                f" {date_label(deadline)} までに修了が必要、{exp_text}"
            ),
        )
    return (
        False,
        None,
        f"{s.name}：{names}が未修了（受講期限 {date_label(deadline)} を過ぎています）",
    )


def kihon_staff(facts: HubFacts, ctx) -> Result | None:
    """基本型: 要件（研修＋実務経験）を満たす専任職員を1事業所1名以上."""
    if "riyosha_kihon" not in facts.services:
        return None
    staff = _kihon_staff(facts)
    if not staff:
        return _r(
            "RY-KIHON-STAFF",
            "基本型：専任の利用者支援専門員",
            Verdict.NG,
            f"{date_label(facts.reference_day)} 時点で基本型に専任で配置された職員がいません。",
            "4(1)③イ",
        )
    checks = [_qualifies(s, ctx) for s in staff]
    passing = [c for c in checks if c[0]]
    reasons = "／".join(c[2] for c in checks)
    if not passing:
        return _r(
            "RY-KIHON-STAFF", "基本型：専任の利用者支援専門員", Verdict.NG, reasons, "4(1)③ア・イ"
        )
    firm = [c for c in passing if c[1] is None]
    deadline = None if firm else min(c[1] for c in passing if c[1])
    return _r(
        "RY-KIHON-STAFF",
        "基本型：専任の利用者支援専門員",
        Verdict.OK,
        reasons,
        "4(1)③ア・イ",
        deadline=deadline,
    )


def _qualified_count(facts: HubFacts, ctx) -> int:
    return sum(1 for s in _kihon_staff(facts) if _qualifies(s, ctx)[0])


def _emergency(facts: HubFacts) -> tuple[bool | None, str]:
    e = facts.municipality.emergency_measures
    if e is None:
        return None, "緊急対策への参加が市町村の年次数値に登録されていません"
    return e, "緊急対策に参加" if e else "緊急対策に不参加"


def night(facts: HubFacts, ctx) -> Result | None:
    """夜間加算: 1日6時間を超えて開所し、週3日以上18時以降に2時間以上 (緊急対策の市町村)."""
    if "riyosha_kihon" not in facts.services:
        return None
    title = "基本型加算：夜間加算"
    p = facts.pattern
    if p is None:
        return _r(
            "RY-ADD-NIGHT",
            title,
            Verdict.CHECK,
            "開所スケジュールがありません。",
            "4(1)④オ(ア)",
            addon=True,
        )
    long_enough = p.min_hours > 6
    evening = p.days_open_after_18(2)
    facts_text = (
        f"{p.describe()} → 1日の開所 最短{p.min_hours:g}時間（6時間超）、"
        f"18時以降2時間以上 週{evening}日（3日以上）"
    )
    emergency, e_text = _emergency(facts)
    if not long_enough or evening < 3:
        need = 3 - evening
        more = f"（あと{need}日必要）" if evening < 3 else ""
        return _r("RY-ADD-NIGHT", title, Verdict.NG, facts_text + more, "4(1)④オ(ア)", addon=True)
    if emergency is None:
        return _r(
            "RY-ADD-NIGHT", title, Verdict.CHECK, f"{facts_text}／{e_text}", "4(1)④オ", addon=True
        )
    return _r(
        "RY-ADD-NIGHT",
        title,
        Verdict.OK if emergency else Verdict.NG,
        f"{facts_text}／{e_text}",
        "4(1)④オ(ア)",
        addon=True,
    )


def holiday(facts: HubFacts, ctx) -> Result | None:
    """休日加算: 週4日以上開所し、土曜・日曜・祝日に開所 (緊急対策の市町村)."""
    if "riyosha_kihon" not in facts.services:
        return None
    title = "基本型加算：休日加算"
    p = facts.pattern
    if p is None:
        return _r(
            "RY-ADD-HOLIDAY",
            title,
            Verdict.CHECK,
            "開所スケジュールがありません。",
            "4(1)④オ(イ)",
            addon=True,
        )
    days = p.days_per_week
    weekend = p.opens_weekend or p.opens_on_public_holidays
    facts_text = f"{p.describe()} → 週{days}日、土日・祝日の開所{'あり' if weekend else 'なし'}"
    if days < 4 or not weekend:
        more = (
            f"（あと{4 - days}日必要）"
            if days < 4
            else "（土曜・日曜・祝日のいずれかの開所が必要）"
        )
        return _r("RY-ADD-HOLIDAY", title, Verdict.NG, facts_text + more, "4(1)④オ(イ)", addon=True)
    emergency, e_text = _emergency(facts)
    if emergency is None:
        return _r(
            "RY-ADD-HOLIDAY", title, Verdict.CHECK, f"{facts_text}／{e_text}", "4(1)④オ", addon=True
        )
    return _r(
        "RY-ADD-HOLIDAY",
        title,
        Verdict.OK if emergency else Verdict.NG,
        f"{facts_text}／{e_text}",
        "4(1)④オ(イ)",
        addon=True,
    )


def visiting(facts: HubFacts, ctx) -> Result | None:
    """出張相談支援: 専任職員に加えて要件を満たす職員を配置."""
    if "riyosha_kihon" not in facts.services:
        return None
    title = "基本型加算：出張相談支援"
    n = _qualified_count(facts, ctx)
    if n < 2:
        return _r(
            "RY-ADD-VISIT",
            title,
            Verdict.NG,
            f"要件を満たす職員 {n}名 → 専任職員に加えてもう1名必要",
            "4(1)④カ(ア)",
            addon=True,
        )
    return _r(
        "RY-ADD-VISIT",
        title,
        Verdict.CHECK,
        f"要件を満たす職員 {n}名 → 配置は満たします。出向く取組の計画と広報を確認してください（記録の対象外）。",
        "4(1)④カ",
        addon=True,
    )


def strengthening(facts: HubFacts, ctx) -> Result | None:
    """機能強化: 夜間・休日・出張のいずれか、平均5件/開所日以上、緊急対策、専任2名以上、計画の公表."""
    if "riyosha_kihon" not in facts.services:
        return None
    title = "基本型加算：機能強化のための取組"
    problems: list[str] = []
    notes: list[str] = []
    base = [night(facts, ctx), holiday(facts, ctx), visiting(facts, ctx)]
    if not any(r and r.verdict in (Verdict.OK, Verdict.CHECK) for r in base):
        problems.append("夜間・休日・出張相談支援のいずれも満たしていません")
    n = facts.consultations.get("kihon", 0)
    if facts.opening_days:
        avg = n / facts.opening_days
        text = f"相談 {n}件／開所 {facts.opening_days}日 = 1日平均 {avg:.1f}件（5件以上）"
        (notes if avg >= 5 else problems).append(text)
    else:
        problems.append("開所日がありません")
    emergency, e_text = _emergency(facts)
    if emergency is False:
        problems.append(e_text)
    elif emergency is None:
        notes.append(e_text)
    staff = _qualified_count(facts, ctx)
    (notes if staff >= 2 else problems).append(f"要件を満たす専任職員 {staff}名（2名以上）")
    if problems:
        return _r(
            "RY-ADD-STRENGTH", title, Verdict.NG, "／".join(problems + notes), "4(1)④キ", addon=True
        )
    notes.append("事業計画書の作成・公表と人員配置の記録を確認してください（記録の対象外）")
    return _r("RY-ADD-STRENGTH", title, Verdict.CHECK, "／".join(notes), "4(1)④キ", addon=True)


def languages(facts: HubFacts, ctx) -> Result | None:
    if "riyosha_kihon" not in facts.services:
        return None
    return _r(
        "RY-ADD-LANG",
        "基本型加算：多言語対応",
        Verdict.CHECK,
        "通訳の配置や翻訳システムの導入を記録する仕組みがまだないため、データから確認できません。",
        "4(1)④ク",
        addon=True,
    )


def consideration(facts: HubFacts, ctx) -> Result | None:
    if "riyosha_kihon" not in facts.services:
        return None
    specialists = [s for s in facts.staff if s.service == "riyosha_kihon" and s.qualifications]
    reason = (
        f"有資格の職員 {len(specialists)}名 → 週2日程度以上の実施と専門的な職員の配置を確認してください"
        "（実施日の記録は対象外）。"
    )
    return _r(
        "RY-ADD-CARE",
        "基本型加算：配慮が必要な子育て家庭等への支援",
        Verdict.CHECK,
        reason,
        "4(1)④ケ",
        addon=True,
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
    if any(v >= 50 for v in waits):
        met.append(f"ウ 待機児童 最大{max(waits)}人")
    elif not waits:
        unknown.append("ウ 待機児童数")
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
    night,
    holiday,
    visiting,
    strengthening,
    languages,
    consideration,
    half_week,
    tokutei_conditions,
    tokutei_cap,
    tokutei_training,
    boshi_staff,
    ninpu,
    boshi_records,
]
