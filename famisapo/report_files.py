"""The centre's monthly and yearly report (月報・年報) as page context, PDF and XLSX rows."""

import datetime as dt

from django.utils import timezone

from common.japanese import wareki_fiscal_year, wareki_month
from common.pdf import render_pdf

from .figures import AGE_BANDS, Figures, figures, fiscal_period, month_period
from .models import MemberKind


def parse_period(text: str) -> tuple[str, dt.date, dt.date, str]:
    """「2025-10」→ the month; 「2025」→ the 年度. Raises ValueError on anything else."""
    if len(text) == 7:
        month = dt.datetime.strptime(text, "%Y-%m").date()
        if not 2000 <= month.year <= 2100:
            raise ValueError(text)
        first, last = month_period(month)
        return (
            "monthly",
            first,
            last,
            f"{wareki_month(first.year, first.month)}（{first:%Y年%m月}）",
        )
    if len(text) == 4 and text.isdigit() and 2000 <= int(text) <= 2100:
        first, last = fiscal_period(int(text))
        return "yearly", first, last, f"{wareki_fiscal_year(int(text))}（{text}年度）"
    raise ValueError(text)


def report_context(centres, title: str, text: str) -> dict:
    kind, first, last, label = parse_period(text)
    f = figures(centres, first, last)
    labels = centres[0].kind_label if len(centres) == 1 else (lambda k: MemberKind(k).label)
    return {
        "title": title,
        "kind": kind,
        "kind_label": "月報" if kind == "monthly" else "年報",
        "label": label,
        "f": f,
        "member_rows": [
            (labels(k), f.registered[k], f.active[k], f.joined[k], f.left[k])
            for k in MemberKind.values
        ],
        "age_rows": [(band, f.children.get(band, 0)) for band in AGE_BANDS],
        "today": timezone.localdate(),
    }


def report_pdf(context: dict) -> bytes:
    return render_pdf("famisapo/report_pdf.html", context)


def report_rows(context: dict) -> list[list]:
    f: Figures = context["f"]
    rows = [[context["title"], context["kind_label"], context["label"]], []]
    rows.append(["会員の種類", "登録", "活動中", "新規", "退会"])
    rows += [list(r) for r in context["member_rows"]]
    rows += [[], ["援助の種類", "件数", "時間"]]
    rows += [[k, n, f.hours[k]] for k, n in f.activities.items()]
    rows.append(["合計", f.activity_total, f.hour_total])
    rows += [[], ["子どもの年齢（延べ）", "人数"]] + [list(r) for r in context["age_rows"]]
    rows += [
        [],
        ["病児・緊急対応（病児・病後児、宿泊、早朝・夜間の緊急）", f.strengthened],
        ["キャンセル", f.cancelled],
        ["センターが調整していない活動", f.not_arranged],
        ["依頼の受付（調整済み／調整中／取消／調整できず）", *f.requests.values()],
        ["受付から調整済みまで（中央値・時間）", f.median_hours_to_match],
        ["講習の受講（のべ回数）", f.sessions],
        ["講習を受けた会員", f.trained_members],
        ["緊急救命・事故防止講習 3か月以内に期限", f.expiring_soon],
        ["緊急救命・事故防止講習 期限切れ", f.expired],
        ["依頼会員の支払（円）", f.requester_pays],
        ["市町村の負担（円）", f.city_pays],
    ]
    return rows
