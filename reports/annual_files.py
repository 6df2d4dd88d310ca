"""The annual report's files and printed values: PDF (様式), XLSX, and how a value reads."""

import copy

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import timezone

from common.disclosure import hidden_cells
from common.japanese import wareki_date
from common.pdf import render_pdf

from .annual import AMOUNT_KEYS, SHARE_KEYS, sections, summary_row, usage_labels
from .eligibility.core import Verdict


def protected(snapshot: dict) -> dict:
    """A copy whose small counts say whether the prefecture may see them: the small ones, and
    enough hubs' counts beside them that the 市町村計 minus the others gives none away."""
    marked = copy.deepcopy(snapshot)
    items = [i for s in sections(marked) for i in s["items"] if i.get("kind") == "small"]
    values = {i["key"]: i["value"] for i in items}
    # One line per kind of count: each hub's and the 市町村計, which is their sum.
    suffixes = {key.rsplit(":", 1)[1] for key in values}
    lines = [[k for k in values if k.endswith(f":{suffix}")] for suffix in suffixes]
    hidden = hidden_cells(
        values,
        lines,
        below=settings.KYOTEN_SMALL_COUNT,
        totals=[k for k in values if k.startswith("total:")],
    )
    for item in items:
        item["hidden"] = item["key"] in hidden
    return marked


def display_value(item: dict, *, suppress: bool) -> str:
    """An item's value as printed: 円 for amounts, 「–」 for small counts a prefecture sees
    (as `protected` marked them; an unmarked item falls back to its own size)."""
    value = item["value"]
    if value is None:
        return "—"
    if item.get("kind") == "small" and suppress:
        small = 0 < value < settings.KYOTEN_SMALL_COUNT
        if item.get("hidden", small):
            return "–"
    if isinstance(value, int):
        return f"{intcomma(value)}円" if item.get("kind") == "yen" else intcomma(value)
    if item.get("kind") == "verdict":
        return Verdict(value).label
    return str(value)


def month_rows(snapshot: dict) -> list[tuple[str, list]]:
    return [(m["title"], [i["value"] for i in m["items"]]) for m in snapshot["months"]]


def _cell(item: dict, *, suppress: bool):
    """A spreadsheet cell: the number itself, unless it is hidden."""
    shown = display_value(item, suppress=suppress)
    return shown if shown in ("–", "—") or not isinstance(item["value"], int) else item["value"]


def annual_sheets(snapshot: dict, *, suppress: bool) -> dict[str, list[list]]:
    """Two sheets: one line per hub after the city's total, and every item."""
    snapshot = protected(snapshot)
    wide: list[list] = [["区分", *usage_labels(snapshot), "基準額", "選定額", *SHARE_KEYS]]
    for section in [snapshot["total"], *snapshot["hubs"]]:
        usage, sums = summary_row(section)
        wide.append(
            [
                section["title"],
                *[_cell(i, suppress=suppress) for i in usage],
                *[sums[k] for k in AMOUNT_KEYS],
            ]
        )
    every: list[list] = [["区分", "項目", "値"]]
    for section in sections(snapshot):
        every += [
            [section["title"], i["label"], _cell(i, suppress=suppress)] for i in section["items"]
        ]
    return {"市町村計・拠点別": wide, "全項目": every}


def annual_pdf(snapshot: dict, *, contact: dict, suppress: bool) -> bytes:
    """The report as an A4 document laid out like a 様式: addressee, 公印 space, 担当, page numbers."""
    snapshot = protected(snapshot)
    lines = []
    for hub in snapshot["hubs"]:
        usage, sums = summary_row(hub)
        lines.append(
            {
                "section": hub,
                "usage": {
                    i["key"].rsplit(":", 1)[1]: display_value(i, suppress=suppress) for i in usage
                },
                "amounts": {
                    k: display_value({"value": v, "kind": "yen"}, suppress=False)
                    for k, v in sums.items()
                },
                "verdicts": [i for i in hub["items"] if i.get("kind") == "verdict"],
            }
        )
    context = {
        "snapshot": snapshot,
        "contact": contact,
        "total": [
            (i["label"], display_value(i, suppress=suppress)) for i in snapshot["total"]["items"]
        ],
        "lines": lines,
        "month_labels": usage_labels(snapshot)[:4],
        "months": month_rows(snapshot),
        "created": wareki_date(timezone.localdate()),
    }
    return render_pdf("reports/annual_report_pdf.html", context)
