"""Who may be the 基本型 specialist (利用者支援事業実施要綱 4(1)③ア): training, the cases in which it
need not be taken or may follow the start of work, and the experience period.

- 研修 (ア(ア)): 基本研修 and 基本型専門研修, finished by the reference day. The table's cases are
  recorded per person (hubs.TrainingExemption): 支援員研修要綱5(3)(ア)(エ) waives 基本研修; 「既に従事」
  and 「やむを得ない場合」 waive both at the start, to be taken 「事業に従事し始めた後に適宜受講」.
  That gives no fixed period: the municipality sets one (RiyoshaSetting); until it does, the
  person counts (適合) and the deadline is 要確認. A course missing without a recorded case fails.
- 実務経験 (ア(イ)): 「区分ごとの期間を参酌して市町村長が定める」: the municipality's period when it
  has set one for the 年度, else the reference values (1 year for licensed helping professions,
  3 years otherwise). The reason says which period applied and where it came from.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from common.japanese import date_label

from ..facts import HubFacts, StaffFacts

# 「保育士、社会福祉士、その他対人援助に関する有資格者」: the shorter experience period.
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
COURSES = {"kihon": "基本研修", "senmon-riyosha-kihon": "基本型専門研修"}
# The table of 4(1)③ア(ア): which courses each case waives, and whether they follow later.
WAIVES = {
    "shien_5_3": ({"kihon"}, False),
    "already_working": ({"kihon", "senmon-riyosha-kihon"}, True),
    "unavoidable": ({"kihon", "senmon-riyosha-kihon"}, True),
}
BASIS_TEXT = {
    "shien_5_3": "支援員研修要綱5(3)(ア)(エ)に該当",
    "already_working": "要綱の適用時に既に従事",
    "unavoidable": "やむを得ない場合",
}


@dataclass(frozen=True)
class Periods:
    """The municipality's periods in force for the 年度 (None: not set)."""

    training_deadline_months: int | None
    experience_months: dict[bool, int]  # licensed? → months
    experience_source: dict[bool, str]  # licensed? → where the period comes from
    source: str


def periods(facts: HubFacts, ctx) -> Periods:
    year = facts.fiscal_year
    rows = [
        r
        for r in facts.municipality.riyosha_settings
        if r["first_year"] <= year and (r.get("last_year") is None or year <= r["last_year"])
    ]
    row = max(rows, key=lambda r: r["first_year"], default=None) or {}
    months, source = {}, {}
    city = facts.municipality.name or "市町村"
    for licensed, key in ((True, "experience_months_licensed"), (False, "experience_months_other")):
        if row.get(key) is not None:
            months[licensed] = row[key]
            source[licensed] = f"{city}の定め（{row.get('source') or '根拠未記入'}）"
        else:
            months[licensed] = ctx.rule_set.experience_months[0 if licensed else 1]
            source[licensed] = "要綱の区分ごとの期間（市町村の定めなし）"
    return Periods(row.get("training_deadline_months"), months, source, row.get("source", ""))


def months_label(months: int) -> str:
    years, rest = divmod(months, 12)
    if not years:
        return f"{rest}か月"
    return f"{years}年" + (f"{rest}か月" if rest else "")


def add_months(day: dt.date, months: int) -> dt.date:
    """The last day of a period of `months` from `day` (民法143): the day before the same date
    `months` later (2024-04-01 + 12 → 2025-03-31), or that month's last day when it has no such
    date (2024-01-31 + 1 → 2024-02-29)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    last = calendar.monthrange(year, month)[1]
    if day.day > last:
        return dt.date(year, month, last)
    return dt.date(year, month, day.day) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Check:
    """One person against 4(1)③ア."""

    ok: bool
    text: str
    deadline: dt.date | None = None  # courses to finish by this day
    to_confirm: str = ""  # 適合, but this still needs the municipality (the deadline)


def qualifies(s: StaffFacts, facts: HubFacts, ctx) -> Check:
    if ctx.accepts_kodomo_sw and "kodomo_sw" in s.qualifications:
        return Check(True, f"{s.name}：こども家庭ソーシャルワーカー")
    p = periods(facts, ctx)
    licensed = bool(s.qualifications & HELPING_LICENCES)
    need = p.experience_months[licensed]
    need_days = round(need * 365 / 12)
    basis = "対人援助の有資格者" if licensed else "有資格者以外"
    have_months = s.experience_days * 12 / 365
    exp_text = (
        f"実務経験 {months_label(int(have_months))}（{basis}は{months_label(need)}以上："
        f"{p.experience_source[licensed]}）"
    )
    if s.experience_days < need_days:
        return Check(False, f"{s.name}：{exp_text}が不足")
    missing = [c for c in COURSES if c not in s.training]
    if not missing:
        return Check(True, f"{s.name}：基本研修・基本型専門研修修了、{exp_text}")
    waived_now = {c for b in s.exemptions for c in WAIVES[b][0] if not WAIVES[b][1]}
    later = {c for b in s.exemptions for c in WAIVES[b][0] if WAIVES[b][1]}
    names = "・".join(COURSES[c] for c in missing)
    still = [c for c in missing if c not in waived_now]
    waived_text = "・".join(COURSES[c] for c in missing if c in waived_now)
    lead = f"{s.name}：" + (
        f"{waived_text}は受講を要しない（{BASIS_TEXT['shien_5_3']}）、" if waived_text else ""
    )
    if not still:
        return Check(True, f"{lead}{exp_text}")
    if any(c not in later for c in still):
        cases = "・".join(BASIS_TEXT[b] for b in sorted(s.exemptions))
        recorded = f"（記録されているのは「{cases}」のみ）" if cases else ""
        return Check(
            False,
            f"{lead}{names}が未修了で、受講を要しない場合・従事後の受講に当たる記録がありません"
            f"{recorded}",
        )
    still_names = "・".join(COURSES[c] for c in still)
    cases = "・".join(BASIS_TEXT[b] for b in sorted(s.exemptions) if WAIVES[b][1])
    started = f"従事開始 {date_label(s.started_on)}"
    if p.training_deadline_months is None:
        return Check(
            True,
            f"{lead}{still_names}は従事開始後に受講（{cases}）。{started}、{exp_text}",
            to_confirm=(
                f"{s.name}さんの{still_names}の受講期限：市町村が期間を定めていません"
                "（「事業に従事し始めた後に適宜受講」）"
            ),
        )
    deadline = add_months(s.started_on, p.training_deadline_months)
    period = f"{months_label(p.training_deadline_months)}以内（{p.source or '市町村の定め'}）"
    if deadline < facts.reference_day:
        return Check(
            False,
            f"{lead}{still_names}が未修了。{started}から{period}の期限 {date_label(deadline)} を過ぎています",
        )
    return Check(
        True,
        f"{lead}{still_names}は従事開始後に受講（{cases}）。{started}から{period}、"
        f"{date_label(deadline)} までに修了が必要、{exp_text}",
        deadline=deadline,
    )
