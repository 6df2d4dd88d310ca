"""子育て援助活動支援事業（ファミリー・サポート・センター事業）: the rules Kyoten can decide from
the centre's records. Sources: reference/famisapo.md §2, §6, §7 (the 実施要綱 as municipalities
restate it; the 基準額 steps by 会員の総数 as reported by 大津市). Steps not in the price table
answer 要確認, never an invented band.
"""

from common.japanese import date_label

from ..core import Clause, Result, Verdict
from ..facts import HubFacts
from ..programmes import own
from .facts import CODE, FamisapoFacts, Step

PROGRAMME = "子育て援助活動支援事業（ファミリー・サポート・センター事業）"
YOUKOU = "子育て援助活動支援事業実施要綱"


def _r(rule_id, title, verdict, reason, section, **extra) -> Result:
    return Result(rule_id, PROGRAMME, title, verdict, reason, Clause(YOUKOU, section), **extra)


def _facts(facts: HubFacts) -> FamisapoFacts | None:
    if "famisapo" not in facts.services:
        return None
    return own(facts, CODE)


def step_of(members: int, steps: list[Step]) -> Step | None:
    return next(
        (s for s in steps if s.low <= members and (s.high is None or members <= s.high)), None
    )


def distance_text(members: int, step: Step | None, steps: list[Step]) -> str:
    """How far the centre is from the next step up and the step below (大津市 fell below 2,000)."""
    parts = []
    if step is not None and step.high is not None:
        parts.append(f"上の区分まであと{step.high + 1 - members:,}人")
    if step is not None:
        parts.append(f"{step.low:,}人を下回ると下の区分（あと{members - step.low + 1:,}人減で）")
    elif steps:
        above = [s for s in steps if s.low > members]
        if above:
            parts.append(
                f"登録済みの区分（{above[0].low:,}人〜）まであと{above[0].low - members:,}人"
            )
    return "、".join(parts)


def members_step(facts: HubFacts, ctx):
    f = _facts(facts)
    if f is None:
        return None
    if not f.centre:
        return _r(
            "FS-MEMBERS",
            "会員の総数と基準額の区分",
            Verdict.CHECK,
            "この拠点に置かれたセンターが Kyoten に登録されていません。",
            "基本事業（基準額）",
        )
    step = step_of(f.members, f.steps)
    head = f"{f.centre}の会員の総数 {f.members:,}人（{date_label(facts.reference_day)}、一人一回）"
    far = distance_text(f.members, step, f.steps)
    if step is None:
        return _r(
            "FS-MEMBERS",
            "会員の総数と基準額の区分",
            Verdict.CHECK,
            f"{head}: この人数の区分が補助基準額の表に登録されていません（要確認）。{far}",
            "基本事業（基準額）",
        )
    return _r(
        "FS-MEMBERS",
        "会員の総数と基準額の区分",
        Verdict.OK,
        f"{head} → {step.label}。{far}",
        "基本事業（基準額）",
    )


def advisor(facts: HubFacts, ctx):
    f = _facts(facts)
    if f is None or not f.centre:
        return None
    if f.advisors:
        return _r(
            "FS-ADVISOR",
            "アドバイザーの配置",
            Verdict.OK,
            f"アドバイザーの役割の利用者 {f.advisors}人",
            "アドバイザー",
        )
    return _r(
        "FS-ADVISOR",
        "アドバイザーの配置",
        Verdict.CHECK,
        "アドバイザーの役割を持つ利用者がいません（配置の事実は記録されていません）。",
        "アドバイザー",
    )


def safety_courses(facts: HubFacts, ctx):
    f = _facts(facts)
    if f is None or not f.centre:
        return None
    if not f.helpers:
        return _r(
            "FS-SAFETY",
            "緊急救命講習・事故防止講習（5年に1回以上）",
            Verdict.CHECK,
            "活動中の提供会員がいません。",
            "安全対策（令和元年9月20日改正）",
        )
    if f.safety_out_of_date:
        return _r(
            "FS-SAFETY",
            "緊急救命講習・事故防止講習（5年に1回以上）",
            Verdict.NG,
            f"活動中の提供会員 {f.helpers}人のうち {f.safety_out_of_date}人が期限切れまたは未受講",
            "安全対策（令和元年9月20日改正）",
        )
    return _r(
        "FS-SAFETY",
        "緊急救命講習・事故防止講習（5年に1回以上）",
        Verdict.OK,
        f"活動中の提供会員 {f.helpers}人全員が期限内",
        "安全対策（令和元年9月20日改正）",
    )


def helper_course(facts: HubFacts, ctx):
    f = _facts(facts)
    if f is None or not f.centre or not f.helpers:
        return None
    if f.course_incomplete:
        return _r(
            "FS-COURSE",
            "提供会員の講習の修了",
            Verdict.NG,
            f"活動中の提供会員 {f.helpers}人のうち {f.course_incomplete}人が養成講習を修了していません",
            "提供会員の講習",
        )
    return _r(
        "FS-COURSE",
        "提供会員の講習の修了",
        Verdict.OK,
        f"活動中の提供会員 {f.helpers}人全員が修了（受講記録から計算）",
        "提供会員の講習",
    )


def strengthened(facts: HubFacts, ctx):
    """病児・緊急対応強化事業 (an addition): only where such activities were run."""
    f = _facts(facts)
    if f is None or not f.centre:
        return None
    title = "病児・緊急対応強化事業"
    if not f.strengthened_activities:
        return _r(
            "FS-SICK",
            title,
            Verdict.NA,
            "この年度の病児・宿泊・早朝夜間の緊急の活動はありません。",
            "病児・緊急対応強化事業",
            addon=True,
        )
    if f.sick_child_by_untrained:
        return _r(
            "FS-SICK",
            title,
            Verdict.NG,
            f"病児・病後児の講習を修了していない提供会員の病児の活動が{f.sick_child_by_untrained}件",
            "病児・緊急対応強化事業",
            addon=True,
        )
    return _r(
        "FS-SICK",
        title,
        Verdict.CHECK,
        f"活動 {f.strengthened_activities}件、担当者は講習修了。地域の医療機関との連携体制は"
        "Kyoten に記録されていません（要確認）。",
        "病児・緊急対応強化事業",
        addon=True,
    )


RULES = [members_step, advisor, safety_courses, helper_course, strengthened]
