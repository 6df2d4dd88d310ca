"""地域子育て支援拠点事業: the base conditions and 加算 of 一般型 and 連携型.

Source: the national overview of the programme (seed 001, restating the 実施要綱), with
national_rules.md K3–K13 and A1–A4 for what is confirmed where.
"""

from common.japanese import date_label
from hubs.models import Assignment, Hub, HubService
from hubs.opening import opening_tier

from ..core import Clause, Result, Verdict
from ..facts import HubFacts
from ..programmes import own
from .facts import CODE, KyotenFacts

PROGRAMME = "地域子育て支援拠点事業"
YOUKOU = "地域子育て支援拠点事業実施要綱"


def _own(facts: HubFacts) -> KyotenFacts:
    return own(facts, CODE)


def _clause(section: str) -> Clause:
    return Clause(YOUKOU, section)


def _type_label(facts: HubFacts) -> str:
    return Hub.HubType(facts.hub_type).label


def _r(rule_id, title, verdict, reason, section, **extra) -> Result:
    return Result(rule_id, PROGRAMME, title, verdict, reason, _clause(section), **extra)


def opening(facts: HubFacts, ctx) -> Result:
    """開設日数・時間: 一般型 週3日以上・1日5時間以上, 連携型 週3日以上・1日3時間以上; the tier."""
    verdict = opening_tier(facts.hub_type, facts.pattern, facts.reference_day)
    if verdict.tier is None:
        ok = Verdict.CHECK if facts.pattern is None else Verdict.NG
        return _r("KY-OPEN", "開設日数・時間", ok, verdict.reason, "開設日数等")
    return _r("KY-OPEN", "開設日数・時間", Verdict.OK, verdict.reason, "開設日数等")


def staffing(facts: HubFacts, ctx) -> Result:
    """従事者: 一般型 専任2名以上; 連携型 1名以上（児童福祉施設等の職員が協力）."""
    hiroba = [
        s for s in facts.staff if s.service == "hiroba" and s.role != Assignment.Role.CAREGIVER
    ]
    dedicated = [s for s in hiroba if s.dedicated]
    need = 2 if facts.hub_type == "ippan" else 1
    counted = dedicated if facts.hub_type == "ippan" else hiroba
    names = "、".join(s.name for s in counted) or "なし"
    reason = (
        f"{date_label(facts.reference_day)} 時点で{'専任の' if facts.hub_type == 'ippan' else ''}"
        f"ひろば従事者 {len(counted)}名（{names}）→ {_type_label(facts)}は{need}名以上"
    )
    verdict = Verdict.OK if len(counted) >= need else Verdict.NG
    return _r("KY-STAFF", "従事者の配置", verdict, reason, "従事者")


def koshu(facts: HubFacts, ctx) -> Result:
    """基本事業④ 講習等: 月1回以上 (K6), in every month the hub was open."""
    if not facts.months_open:
        return _r(
            "KY-KOSHU",
            "講習等の実施（月1回以上）",
            Verdict.CHECK,
            "この年度に開所した月がありません。",
            "基本事業④",
        )
    held_months = _own(facts).koshu_months
    current = facts.month_in_progress
    judged = [m for m in facts.months_open if m != current or m in held_months]
    missing = [m for m in judged if m not in held_months]
    reason = f"講習等を行った月 {len(judged) - len(missing)}/{len(judged)}か月"
    if missing:
        reason += "（実施なし：" + "・".join(f"{m}月" for _, m in missing) + "）"
    if current in facts.months_open and current not in held_months:
        reason += f"。{current[1]}月は月の途中のため、まだ判定に含めていません"
    if not judged:
        return _r("KY-KOSHU", "講習等の実施（月1回以上）", Verdict.CHECK, reason, "基本事業④")
    verdict = Verdict.NG if missing else Verdict.OK
    return _r("KY-KOSHU", "講習等の実施（月1回以上）", verdict, reason, "基本事業④（月1回以上）")


def exchange(facts: HubFacts, ctx) -> Result:
    """基本事業① 交流の場: shown by daily usage records."""
    if _own(facts).usage_days:
        return _r(
            "KY-PLACE",
            "交流の場の提供",
            Verdict.OK,
            f"利用実績の記録 {_own(facts).usage_days}日",
            "基本事業①",
        )
    return _r(
        "KY-PLACE",
        "交流の場の提供",
        Verdict.CHECK,
        "この年度の利用実績が記録されていません。",
        "基本事業①",
    )


def consultation(facts: HubFacts, ctx) -> Result:
    """基本事業② 相談・援助: shown by consultation records (named or anonymous)."""
    n = sum(facts.consultations.values())
    if n:
        return _r("KY-CONSULT", "相談・援助の実施", Verdict.OK, f"相談の記録 {n}件", "基本事業②")
    return _r(
        "KY-CONSULT",
        "相談・援助の実施",
        Verdict.CHECK,
        "この年度の相談が記録されていません。",
        "基本事業②",
    )


def information(facts: HubFacts, ctx) -> Result:
    """基本事業③ 地域の子育て関連情報の提供: the ways the officer recorded for the 年度."""
    from ...models_records import InfoMethod

    methods = _own(facts).info_methods
    title = "地域の子育て関連情報の提供"
    if not methods:
        why = "情報提供の方法（掲示・便り・ウェブサイト等）がこの年度の記録に入力されていません。"
        return _r("KY-INFO", title, Verdict.CHECK, why, "基本事業③")
    names = "・".join(InfoMethod(m).label for m in InfoMethod.values if m in methods)
    return _r("KY-INFO", title, Verdict.OK, f"情報提供：{names}", "基本事業③")


PREMISES_IPPAN = {"nursery", "public_space", "shop", "house", "apartment", "other"}


def premises(facts: HubFacts, ctx) -> Result:
    label = (
        Hub.Premises(facts.premises).label
        if facts.premises in Hub.Premises.values
        else facts.premises
    )
    if facts.hub_type == "renkei":
        ok = facts.premises == "child_welfare"
        reason = f"実施場所：{label} → 連携型は児童福祉施設等"
        return _r("KY-PLACEKIND", "実施場所", Verdict.OK if ok else Verdict.NG, reason, "実施場所")
    if facts.premises == "child_welfare":
        return _r(
            "KY-PLACEKIND",
            "実施場所",
            Verdict.CHECK,
            f"実施場所：{label} → 一般型の例示（保育所、公共施設空きスペース等）にないため確認が必要です。",
            "実施場所",
        )
    return _r("KY-PLACEKIND", "実施場所", Verdict.OK, f"実施場所：{label}", "実施場所")


def integrated(facts: HubFacts, ctx) -> Result:
    """加算: 一時預かり事業など多様な子育て支援活動を拠点施設で一体的に実施."""
    title = "加算：地域の子育て支援活動の展開を図るための取組"
    if facts.hub_type != "ippan":
        return _r(
            "KY-ADD-INTEGRATED",
            title,
            Verdict.NA,
            "一般型の加算です。",
            "実施形態（加算）",
            addon=True,
        )
    found = sorted(facts.services & {"ichiji", "yoiku_homon", "homon"})
    if not found:
        return _r(
            "KY-ADD-INTEGRATED",
            title,
            Verdict.NA,
            "一時預かり事業など一体的に実施する事業が登録されていません。",
            "実施形態（加算）",
            addon=True,
        )
    names = "・".join(HubService.Kind(k).label for k in found)
    partners = _own(facts).network_partners
    if not partners:
        return _r(
            "KY-ADD-INTEGRATED",
            title,
            Verdict.CHECK,
            f"{names}を拠点で実施 → ネットワーク化を図った関係機関をこの年度の記録に入力してください。",
            "実施形態（加算）",
            addon=True,
        )
    return _r(
        "KY-ADD-INTEGRATED",
        title,
        Verdict.OK,
        f"{names}を拠点で一体的に実施、関係機関とのネットワーク化：{partners}",
        "実施形態（加算）",
        addon=True,
    )


def outreach(facts: HubFacts, ctx) -> Result:
    """加算: 出張ひろば — 週1〜2回、1日5時間以上."""
    title = "加算：出張ひろば"
    if facts.hub_type != "ippan" or "shuccho" not in facts.services:
        why = (
            "一般型の加算です。"
            if facts.hub_type != "ippan"
            else "出張ひろばが登録されていません。"
        )
        return _r("KY-ADD-OUTREACH", title, Verdict.NA, why, "実施形態（出張ひろば）", addon=True)
    weeks, total = _own(facts).outreach_weeks, _own(facts).outreach_weeks_total
    reason = f"1日5時間以上の出張ひろばを開いた週 {weeks}/{total}週 → 週1〜2回・1日5時間以上"
    ok = total > 0 and weeks >= total
    return _r(
        "KY-ADD-OUTREACH",
        title,
        Verdict.OK if ok else Verdict.NG,
        reason,
        "実施形態（出張ひろば：週1〜2回、1日5時間以上）",
        addon=True,
    )


def community(facts: HubFacts, ctx) -> Result:
    """加算: 地域支援の取組 (not when 利用者支援事業 runs at the hub)."""
    title = "加算：地域支援の取組"
    section = "実施形態（地域支援）"
    if facts.hub_type != "ippan":
        return _r("KY-ADD-COMMUNITY", title, Verdict.NA, "一般型の加算です。", section, addon=True)
    riyosha = facts.services & {"riyosha_kihon", "riyosha_tokutei", "riyosha_boshi"}
    if riyosha:
        return _r(
            "KY-ADD-COMMUNITY",
            title,
            Verdict.NA,
            "利用者支援事業を併せて実施しているため加算しません。",
            section,
            addon=True,
        )
    if "chiiki_shien" not in facts.services:
        return _r(
            "KY-ADD-COMMUNITY",
            title,
            Verdict.NA,
            "地域支援の取組が登録されていません。",
            section,
            addon=True,
        )
    from ...models_records import CommunityActivity

    done = _own(facts).community_activities
    if not done:
        why = "地域支援が登録されています → 継続的に行った取組（①〜④）をこの年度の記録に入力してください。"
        return _r("KY-ADD-COMMUNITY", title, Verdict.CHECK, why, section, addon=True)
    names = "・".join(CommunityActivity(c).label for c in CommunityActivity.values if c in done)
    return _r("KY-ADD-COMMUNITY", title, Verdict.OK, f"継続的な取組：{names}", section, addon=True)


def volunteers(facts: HubFacts, ctx) -> Result:
    """連携型の加算: 地域の子育て力を高める取組 (中高生・大学生ボランティアの受入・養成)."""
    title = "加算：地域の子育て力を高める取組"
    if facts.hub_type != "renkei":
        return _r(
            "KY-ADD-VOLUNTEER",
            title,
            Verdict.NA,
            "連携型の加算です。",
            "実施形態（連携型）",
            addon=True,
        )
    own_ = _own(facts)
    section = "実施形態（連携型：中・高校生や大学生等ボランティアの日常的な受入・養成）"
    if own_.volunteers_routine and own_.volunteers:
        why = f"ボランティアを日常的に受け入れ・養成（{own_.volunteers}人）"
        return _r("KY-ADD-VOLUNTEER", title, Verdict.OK, why, section, addon=True)
    if own_.volunteers_routine or own_.volunteers:
        why = (
            f"受け入れ {own_.volunteers}人・日常的な受入{'あり' if own_.volunteers_routine else 'なし'}"
            " → 日常的な受入・養成と人数の両方が必要です"
        )
        return _r("KY-ADD-VOLUNTEER", title, Verdict.NG, why, section, addon=True)
    why = "ボランティアの受入・養成がこの年度の記録に入力されていません。"
    return _r("KY-ADD-VOLUNTEER", title, Verdict.CHECK, why, section, addon=True)


RULES = [
    opening,
    staffing,
    exchange,
    consultation,
    information,
    koshu,
    premises,
    integrated,
    outreach,
    community,
    volunteers,
]
