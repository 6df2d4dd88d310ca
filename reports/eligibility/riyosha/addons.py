"""利用者支援事業's 加算 (4(1)④オ〜ケ), for 基本型 and — as 4(2) says they apply 「(1)④に準じて」 —
特定型; 母子保健型 / こども家庭センター型 has 多言語対応 and 配慮が必要な家庭への支援 (4(3)).

Each 加算 is decided from recorded facts: the schedule, staff, consultations, the municipality's
figures, and what the officer recorded for the 年度 (HubYearRecord: the staff placed for 出張相談支援,
the published 事業計画, the staffing record, interpreters, the 配慮 service). A fact not recorded
makes the 加算 要確認 and says what to record; a recorded "not done" makes it 不適合.
"""

from dataclasses import dataclass

from common.japanese import date_label, hours_label
from hubs.models.schedules import WEEKDAYS

from ..core import Clause, Result, Verdict
from ..facts import HubFacts, StaffFacts
from ..programmes import own
from .facts import CODE, RiyoshaFacts
from .staffing import qualifies

PROGRAMME = "利用者支援事業"
YOUKOU = "利用者支援事業実施要綱"
# ケ(b) 「専門的な知識・経験を有する職員」: the licences read as such; other experience is recorded
# in words by the officer (HubYearRecord.care_staff_basis).
CARE_LICENCES = {
    "hokenshi",
    "josanshi",
    "kangoshi",
    "shakai_fukushishi",
    "seishin_hoken",
    "kounin_shinrishi",
    "hoikushi",
    "kodomo_sw",
}


@dataclass(frozen=True)
class Kind:
    """One type of 利用者支援事業 that earns 加算."""

    code: str  # kihon / tokutei / boshi (also the consultation counts' key)
    service: str  # HubService kind
    prefix: str  # rule ids: RY-ADD-NIGHT, RY-TOKUTEI-ADD-NIGHT …
    label: str
    sections: dict[str, str]  # 加算 → its clause

    def section(self, addon: str) -> str:
        return self.sections[addon]


KINDS = {
    "kihon": Kind(
        "kihon",
        "riyosha_kihon",
        "RY-ADD",
        "基本型",
        {
            "NIGHT": "4(1)④オ(ア)",
            "HOLIDAY": "4(1)④オ(イ)",
            "VISIT": "4(1)④カ",
            "STRENGTH": "4(1)④キ",
            "LANG": "4(1)④ク",
            "CARE": "4(1)④ケ",
        },
    ),
    "tokutei": Kind(
        "tokutei",
        "riyosha_tokutei",
        "RY-TOKUTEI-ADD",
        "特定型",
        {
            a: f"4(2)業務内容（4(1)④{s}に準じる）"
            for a, s in {
                "NIGHT": "オ(ア)",
                "HOLIDAY": "オ(イ)",
                "VISIT": "カ",
                "STRENGTH": "キ",
                "LANG": "ク",
                "CARE": "ケ",
            }.items()
        },
    ),
    "boshi": Kind(
        "boshi",
        "riyosha_boshi",
        "RY-BOSHI-ADD",
        "母子保健型",
        {"LANG": "4(3)業務内容オ", "CARE": "4(3)業務内容カ"},
    ),
}


def _rec(facts: HubFacts) -> RiyoshaFacts:
    return own(facts, CODE)


def _label(kind: Kind, ctx) -> str:
    return ctx.boshi_label if kind.code == "boshi" else kind.label


def _r(kind: Kind, addon: str, title: str, verdict, reason: str, ctx) -> Result:
    return Result(
        f"{kind.prefix}-{addon}",
        PROGRAMME,
        f"{_label(kind, ctx)}加算：{title}",
        verdict,
        reason,
        Clause(YOUKOU, kind.section(addon)),
        addon=True,
    )


def meets_a(kind: Kind, s: StaffFacts, facts: HubFacts, ctx) -> bool:
    """「アを満たす職員」: 基本型's training and experience; 特定型's ア is only 望ましい."""
    if kind.code == "kihon":
        return qualifies(s, facts, ctx).ok
    return True


def _staff(kind: Kind, facts: HubFacts) -> list[StaffFacts]:
    return [s for s in facts.staff if s.service == kind.service]


def _emergency(facts: HubFacts) -> tuple[bool | None, str]:
    e = facts.municipality.emergency_measures
    if e is None:
        return None, "緊急対策への参加が市町村の年次数値に登録されていません"
    return e, "緊急対策に参加" if e else "緊急対策に不参加"


def _with_emergency(kind, addon, title, facts_text, ctx, facts) -> Result:
    emergency, e_text = _emergency(facts)
    verdict = Verdict.CHECK if emergency is None else Verdict.OK if emergency else Verdict.NG
    return _r(kind, addon, title, verdict, f"{facts_text}／{e_text}", ctx)


def night(kind: Kind):
    def rule(facts: HubFacts, ctx) -> Result | None:
        """夜間加算: 原則として1日6時間を超えて開所し、週3日以上18時以降に2時間以上 (緊急対策)."""
        if kind.service not in facts.services:
            return None
        title = "夜間加算"
        p = facts.pattern
        if p is None:
            return _r(kind, "NIGHT", title, Verdict.CHECK, "開所スケジュールがありません。", ctx)
        short = [(d, p.hours_on(d)) for d in p.open_weekdays if p.hours_on(d) <= 6]
        evening = p.days_open_after_18(2)
        parts = [p.describe()]
        problems = []
        if short:
            days = "・".join(
                f"{WEEKDAYS[d]} {hours_label(h)}{'ちょうど' if h == 6 else ''}" for d, h in short
            )
            parts.append(f"6時間を超えていない日：{days}")
            r = _rec(facts)
            if r.night_exception and r.night_exception_accepted_on:
                parts.append(
                    f"原則の例外として市町村が認めた（{date_label(r.night_exception_accepted_on)}："
                    f"{r.night_exception}）"
                )
            else:
                problems.append(
                    "1日6時間を超えて開所していない日があります（市町村が例外と認めた場合は、"
                    "その理由と日付を記録してください）"
                )
        else:
            parts.append(f"1日の開所 最短{hours_label(p.min_hours)}（6時間を超える）")
        evening_text = f"18時以降2時間以上 週{evening}日（3日以上）"
        if evening < 3:
            problems.append(f"{evening_text}（あと{3 - evening}日必要）")
        else:
            parts.append(evening_text)
        if problems:
            return _r(kind, "NIGHT", title, Verdict.NG, "／".join(parts + problems), ctx)
        return _with_emergency(kind, "NIGHT", title, "／".join(parts), ctx, facts)

    return rule


def holiday(kind: Kind):
    def rule(facts: HubFacts, ctx) -> Result | None:
        """休日加算: 原則として週4日以上開所し、土曜・日曜・祝日等に開所 (緊急対策)."""
        if kind.service not in facts.services:
            return None
        title = "休日加算"
        p = facts.pattern
        if p is None:
            return _r(kind, "HOLIDAY", title, Verdict.CHECK, "開所スケジュールがありません。", ctx)
        days = p.days_per_week
        weekend = p.opens_weekend or p.opens_on_public_holidays
        text = f"{p.describe()} → 週{days}日（4日以上）、土日・祝日の開所{'あり' if weekend else 'なし'}"
        if days < 4:
            return _r(kind, "HOLIDAY", title, Verdict.NG, f"{text}（あと{4 - days}日必要）", ctx)
        if not weekend:
            why = f"{text}（土曜・日曜・祝日のいずれかの開所が必要）"
            return _r(kind, "HOLIDAY", title, Verdict.NG, why, ctx)
        return _with_emergency(kind, "HOLIDAY", title, text, ctx, facts)

    return rule


def _visit_split(kind: Kind, facts: HubFacts, ctx) -> tuple[list, list, list]:
    """(dedicated staff meeting ア not placed for カ, カ's staff meeting ア, カ's staff not)."""
    placed = _rec(facts).visit_staff
    staff = _staff(kind, facts)
    base = [
        s for s in staff if s.dedicated and s.key not in placed and meets_a(kind, s, facts, ctx)
    ]
    visit = [s for s in staff if s.key in placed]
    good = [s for s in visit if meets_a(kind, s, facts, ctx)]
    return base, good, [s for s in visit if s not in good]


def visiting(kind: Kind):
    def rule(facts: HubFacts, ctx) -> Result | None:
        """出張相談支援: 専任職員に加えてアを満たす職員を配置し、継続的・計画的に実施し、広報する."""
        if kind.service not in facts.services:
            return None
        title = "出張相談支援"
        r = _rec(facts)
        base, good, bad = _visit_split(kind, facts, ctx)
        if r.recorded and not r.visit_staff:
            why = "この年度の記録に、出張相談支援に配置した職員がいません（カ(ア)）。"
            return _r(kind, "VISIT", title, Verdict.NG, why, ctx)
        if not r.recorded:
            n = sum(1 for s in _staff(kind, facts) if meets_a(kind, s, facts, ctx))
            if n < 2:
                why = f"アを満たす職員 {n}名 → 専任職員に加えてもう1名必要（カ(ア)）"
                return _r(kind, "VISIT", title, Verdict.NG, why, ctx)
            why = (
                f"アを満たす職員 {n}名。出張相談支援に配置した職員、継続的・計画的な実施、"
                "開催日・場所の広報をこの年度の記録に入力してください。"
            )
            return _r(kind, "VISIT", title, Verdict.CHECK, why, ctx)
        parts = [
            f"出張相談支援の職員：{'、'.join(s.name for s in good) or 'なし'}",
            f"ほかの専任職員（アを満たす）：{'、'.join(s.name for s in base) or 'なし'}",
        ]
        problems = [f"{s.name}さんはアの要件を満たしていません" for s in bad]
        if not good:
            problems.append("アを満たす職員が出張相談支援に配置されていません（カ(ア)）")
        if not base:
            problems.append("出張相談支援の職員とは別の専任職員が必要です（カ(ア)）")
        if r.visit_planned:
            parts.append("継続的・計画的に実施（カ(イ)）")
        else:
            problems.append("継続的かつ計画的な実施が記録されていません（カ(イ)）")
        if r.visit_publicity:
            parts.append(f"広報：{r.visit_publicity}（カ(ウ)）")
        else:
            problems.append("開催日・場所の広報が記録されていません（カ(ウ)）")
        verdict = Verdict.NG if problems else Verdict.OK
        return _r(kind, "VISIT", title, verdict, "／".join(parts + problems), ctx)

    return rule


def strengthening(kind: Kind):
    def rule(facts: HubFacts, ctx) -> Result | None:
        """機能強化: オ(ア)・オ(イ)・カのいずれか、かつ(ア)〜(オ)のすべて."""
        if kind.service not in facts.services:
            return None
        title = "機能強化のための取組"
        problems: list[str] = []
        pending: list[str] = []
        notes: list[str] = []
        base = [night(kind)(facts, ctx), holiday(kind)(facts, ctx), visiting(kind)(facts, ctx)]
        done = [b for b in base if b and b.verdict == Verdict.OK]
        if done:
            notes.append("実施：" + "・".join(b.title.split("：", 1)[1] for b in done))
        elif any(b and b.verdict == Verdict.CHECK for b in base):
            pending.append("夜間加算・休日加算・出張相談支援のいずれかが要確認です")
        else:
            problems.append("夜間加算・休日加算・出張相談支援のいずれも満たしていません")
        n = facts.consultations.get(kind.code, 0)
        if facts.opening_days:
            avg = n / facts.opening_days
            text = (
                f"(ア) 相談 {n:,}件／開所 {facts.opening_days}日 = 1日平均 {avg:.1f}件（5件以上）"
            )
            (notes if avg >= 5 else problems).append(text)
        else:
            problems.append("(ア) 開所日がありません")
        emergency, e_text = _emergency(facts)
        {True: notes, False: problems, None: pending}[emergency].append(f"(イ) {e_text}")
        r = _rec(facts)
        visit_done = any(
            b and b.rule_id.endswith("-VISIT") and b.verdict == Verdict.OK for b in base
        )
        dedicated = [
            s
            for s in _staff(kind, facts)
            if s.dedicated
            and meets_a(kind, s, facts, ctx)
            and not (visit_done and s.key in r.visit_staff)
        ]
        besides = "（出張相談支援の職員とは別に）" if visit_done else ""
        (notes if len(dedicated) >= 2 else problems).append(
            f"(ウ) アを満たす専任職員{besides} {len(dedicated)}名（2名以上）"
        )
        if not r.recorded:
            pending.append(
                "(エ) 事業計画書の公表と (オ) 人員配置の予定・実績の記録を、この年度の記録に入力してください"
            )
        else:
            published = r.plan_published_on
            if published and published <= facts.reference_day and r.plan_published_where:
                notes.append(
                    f"(エ) 事業計画書・実施状況を公表（{date_label(published)}、{r.plan_published_where}）"
                )
            else:
                problems.append("(エ) 事業計画書・実施状況の公表（日付と場所）が記録されていません")
            (notes if r.staffing_recorded else problems).append(
                "(オ) 人員配置の予定と実績の記録"
                + ("あり" if r.staffing_recorded else "がありません")
            )
        verdict = Verdict.NG if problems else Verdict.CHECK if pending else Verdict.OK
        return _r(kind, "STRENGTH", title, verdict, "／".join(problems + pending + notes), ctx)

    return rule


def languages(kind: Kind):
    def rule(facts: HubFacts, ctx) -> Result | None:
        """多言語対応: 通訳の配置や多言語音声翻訳システム等の導入."""
        if kind.service not in facts.services:
            return None
        title = "多言語対応"
        r = _rec(facts)
        if not r.recorded:
            why = "通訳の配置・翻訳システムの導入をこの年度の記録に入力してください。"
            return _r(kind, "LANG", title, Verdict.CHECK, why, ctx)
        means = [
            t
            for t, on in (
                ("通訳を配置", r.interpreter),
                ("翻訳システムを導入", r.translation_system),
            )
            if on
        ]
        if not means:
            why = "通訳の配置も多言語音声翻訳システム等の導入も記録されていません。"
            return _r(kind, "LANG", title, Verdict.NG, why, ctx)
        langs = f"（{r.languages}）" if r.languages else ""
        return _r(kind, "LANG", title, Verdict.OK, "・".join(means) + langs, ctx)

    return rule


def consideration(kind: Kind):
    def rule(facts: HubFacts, ctx) -> Result | None:
        """配慮が必要な子育て家庭等への支援: (a) 週2日程度以上, (b) 専門的な知識・経験を有する職員."""
        if kind.service not in facts.services:
            return None
        title = "配慮が必要な子育て家庭等への支援"
        r = _rec(facts)
        if not r.recorded or r.care_days_per_week is None:
            why = "実施する日数（週）と担当する職員をこの年度の記録に入力してください。"
            return _r(kind, "CARE", title, Verdict.CHECK, why, ctx)
        days = r.care_days_per_week
        problems, pending, notes = [], [], []
        text = f"(a) 週{days:g}日（週2日程度以上）"
        if days >= 2:
            notes.append(text)
        elif days >= 1.5:
            pending.append(f"{text}：「程度」に当たるかは市町村が判断してください")
        else:
            problems.append(text)
        present = {s.key: s for s in facts.staff}
        staff = [present[k] for k in r.care_staff if k in present]
        licensed = [s for s in staff if s.qualifications & CARE_LICENCES]
        if licensed:
            notes.append(f"(b) 専門職：{'、'.join(s.name for s in licensed)}")
        elif staff and r.care_staff_basis:
            names = "、".join(s.name for s in staff)
            notes.append(f"(b) {names}（専門的な知識・経験：{r.care_staff_basis}）")
        elif staff:
            problems.append(
                "(b) 担当職員に専門職の資格がなく、専門的な知識・経験の内容も記録されていません"
            )
        else:
            problems.append(
                "(b) 担当する職員が記録されていません（この拠点に配置中の職員から選びます）"
            )
        verdict = Verdict.NG if problems else Verdict.CHECK if pending else Verdict.OK
        return _r(kind, "CARE", title, verdict, "／".join(problems + pending + notes), ctx)

    return rule


MAKERS = {
    "NIGHT": night,
    "HOLIDAY": holiday,
    "VISIT": visiting,
    "STRENGTH": strengthening,
    "LANG": languages,
    "CARE": consideration,
}


def rules_for(code: str) -> list:
    """The 加算 rules of one type, in the 要綱's order."""
    kind = KINDS[code]
    return [MAKERS[addon](kind) for addon in kind.sections]
