"""The annual report a municipality submits: usage, eligibility and amounts of every hub.

The report is a *snapshot*: plain JSON-ready data built from the live records. A submission stores
the snapshot as it was, so the prefecture reviews exactly what was sent, a resubmission can be
compared with the previous one value by value, and the page, PDF and XLSX all render the same
data. Items carry stable keys (`hub:<uuid>:visitors`, `hub:<uuid>:rule:KY-OPEN`, …): comments and
diffs hang on them.

Verdicts appear without their reasons, since reasons name staff members and the prefecture sees
aggregates only; the hub's own eligibility sheet has the reasons.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from accounts.access import within
from common.japanese import fiscal_year_bounds, wareki_date, wareki_fiscal_year
from famisapo.models import Centre
from hubs.models import Hub
from hubs.opening import opening_tier

from .eligibility.amounts import PriceTables, amounts_for_hub
from .eligibility.core import Verdict
from .eligibility.facts import hub_facts_for
from .eligibility.rulesets import evaluate
from .models import HubYearCost
from .usage_summary import Figures, build_usage_summary

SNAPSHOT_VERSION = 1
SHARE_KEYS = ("国", "都道府県", "市町村")
USAGE_KEYS = (
    "opening_days",
    "adults",
    "children",
    "visitors",
    "koshu",
    "events",
    "outreach",
    "temporary_care",
    "consultations",
)
AMOUNT_KEYS = ("standard", "selected", *SHARE_KEYS)


def _usage_items(prefix: str, f: Figures) -> list[dict]:
    return [
        {"key": f"{prefix}:opening_days", "label": "開所日数", "value": f.opening_days},
        {"key": f"{prefix}:adults", "label": "利用者数（大人・延べ）", "value": f.adults},
        {"key": f"{prefix}:children", "label": "利用者数（子ども・延べ）", "value": f.children},
        {"key": f"{prefix}:visitors", "label": "利用者数（計・延べ）", "value": f.visitors},
        {"key": f"{prefix}:koshu", "label": "講習等の回数", "value": f.koshu},
        {"key": f"{prefix}:events", "label": "行事の回数", "value": f.events},
        {"key": f"{prefix}:outreach", "label": "出張ひろばの回数", "value": f.outreach_sessions},
        {
            "key": f"{prefix}:temporary_care",
            "label": "一時預かり（延べ児童数）",
            "value": f.temporary_care_children,
        },
        {
            "key": f"{prefix}:consultations",
            "label": "相談件数",
            "value": f.consultations,
            "kind": "small",
        },
    ]


def _add(total: int | None, value: int | None) -> int | None:
    """Sum where a value exists: nothing known stays unknown (—), never 0円."""
    if value is None:
        return total
    return (total or 0) + value


def _amount_items(prefix: str, amounts) -> tuple[list[dict], dict]:
    items: list[dict] = []
    totals: dict = {**dict.fromkeys(AMOUNT_KEYS), "open": 0}
    for a in amounts:
        key = f"{prefix}:amount:{a.code}"
        state = "確定" if a.verdict == Verdict.OK else "要確認"
        items += [
            {"key": f"{key}:state", "label": f"{a.label} 金額の状態", "value": state},
            {"key": f"{key}:standard", "label": f"{a.label} 基準額", "value": a.standard},
            {"key": f"{key}:selected", "label": f"{a.label} 選定額", "value": a.selected},
        ]
        items += [
            {"key": f"{key}:{who}", "label": f"{a.label} {who}負担", "value": a.share.get(who)}
            for who in SHARE_KEYS
        ]
        for item in items[-5:]:
            item["kind"] = "yen"
        if a.pending:
            items.append(
                {
                    "key": f"{key}:pending",
                    "label": f"{a.label} 要確認の加算（基準額に含めていない）",
                    "value": "・".join(line.label for line in a.pending),
                }
            )
        values = {"standard": a.standard, "selected": a.selected, **a.share}
        for k in AMOUNT_KEYS:
            totals[k] = _add(totals[k], values.get(k))
        totals["open"] += 1 if a.problems else 0
    return items, totals


@dataclass(frozen=True)
class _Shared:
    """What every hub's section reads alike, read once for the municipality."""

    facts: dict  # hub pk → HubFacts (eligibility.facts.hub_facts_for)
    tables: PriceTables
    costs: dict  # hub pk → {programme: HubYearCost}

    @classmethod
    def read(cls, municipality, hubs, fiscal_year: int, today: dt.date) -> "_Shared":
        costs: dict = {}
        for cost in within(municipality, HubYearCost).filter(fiscal_year=fiscal_year):
            costs.setdefault(cost.hub_id, {})[cost.programme] = cost
        facts = hub_facts_for(hubs, fiscal_year, today=today)
        return cls(facts, PriceTables.read(), costs)


def _hub_section(hub: Hub, figures: Figures, fiscal_year: int, today: dt.date, shared) -> tuple:
    facts = shared.facts[hub.pk]
    report = evaluate(facts, today=today)
    tier = opening_tier(hub.hub_type, facts.pattern, facts.reference_day).tier
    prefix = f"hub:{hub.public_id}"
    items = [
        {"key": f"{prefix}:type", "label": "類型", "value": hub.get_hub_type_display()},
        {"key": f"{prefix}:tier", "label": "開設区分", "value": tier or "該当なし"},
        *_usage_items(prefix, figures),
    ]
    verdicts = {v.value: 0 for v in Verdict}
    for r in report.results:
        verdicts[str(r.verdict)] += 1
        items.append(
            {
                "key": f"{prefix}:rule:{r.rule_id}",
                "label": f"{r.programme}：{r.title}",
                "value": str(r.verdict),
                "kind": "verdict",
            }
        )
    amounts = (
        amounts_for_hub(
            hub, report, facts, tables=shared.tables, costs=shared.costs.get(hub.pk, {})
        )
        if report.rule_set
        else []
    )
    amount_items, totals = _amount_items(prefix, amounts)
    items += amount_items
    section = {
        "key": prefix,
        "title": hub.name,
        "subtitle": f"{hub.get_hub_type_display()}・{tier or '開設区分なし'}",
        "hub_id": str(hub.public_id),
        "verdicts": verdicts,
        "rule_set": report.rule_set,
        "items": items,
    }
    return section, totals


def build_snapshot(municipality, fiscal_year: int, *, today: dt.date | None = None) -> dict:
    """Everything the annual report says, from the live data."""
    today = today or timezone.localdate()
    start, end = fiscal_year_bounds(fiscal_year)
    hubs = (
        within(municipality, Hub)
        .filter(Q(opened_on__isnull=True) | Q(opened_on__lte=end))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .select_related("municipality")
        .order_by("kana", "name")
    )
    summary = build_usage_summary(
        hubs=hubs,
        fiscal_year=fiscal_year,
        scope_kind="municipality",
        scope_label="",
        centres=within(municipality, Centre).order_by("pk"),
        today=today,
    )
    months = [
        {
            "key": f"month:{y}-{m:02d}",
            "title": f"{y}年{m}月",
            "items": _usage_items(f"month:{y}-{m:02d}", f)[:4],
        }
        for (y, m), f in summary.months
    ]
    hub_sections = []
    grand: dict = {**dict.fromkeys(AMOUNT_KEYS), "open": 0}
    shared = _Shared.read(municipality, hubs, fiscal_year, today)
    for hub in hubs:
        section, totals = _hub_section(hub, summary.hub_totals[hub.pk], fiscal_year, today, shared)
        hub_sections.append(section)
        for k in AMOUNT_KEYS:
            grand[k] = _add(grand[k], totals[k])
        grand["open"] += totals["open"]
    total_items = [
        {"key": "total:hubs", "label": "拠点数", "value": len(hub_sections)},
        *_usage_items("total", summary.total),
        *_famisapo_items(summary.famisapo),
        *_amount_totals(grand),
    ]
    return {
        "version": SNAPSHOT_VERSION,
        "municipality": {
            "code": municipality.code,
            "name": municipality.name,
            "prefecture": municipality.prefecture.name,
        },
        "fiscal_year": fiscal_year,
        "fiscal_year_label": f"{wareki_fiscal_year(fiscal_year)}（{fiscal_year}年度）",
        "built_on": today.isoformat(),
        "built_on_label": wareki_date(today),
        "total": {"key": "total", "title": "市町村計", "items": total_items},
        "months": months,
        "hubs": hub_sections,
    }


def _famisapo_items(block) -> list[dict]:
    """The ファミサポ centres' year (子育て援助活動支援事業), when the municipality runs one."""
    if block is None:
        return []
    f = block.figures
    values = [
        ("centres", "ファミサポ: センター数", block.centres),
        ("members", "ファミサポ: 会員の総数（年度末）", f.registered_total),
        ("requesters", "ファミサポ: 依頼会員", f.registered.get("requester", 0)),
        ("helpers", "ファミサポ: 提供会員", f.registered.get("helper", 0)),
        ("both", "ファミサポ: 両方会員", f.registered.get("both", 0)),
        ("activities", "ファミサポ: 援助活動（延べ件数）", f.activity_total),
        ("hours", "ファミサポ: 援助活動の時間", f.hour_total),
        ("strengthened", "ファミサポ: 病児・緊急対応（件数）", f.strengthened),
    ]
    items = [{"key": f"total:famisapo:{k}", "label": label, "value": v} for k, label, v in values]
    items[-1]["kind"] = (
        "small"  # a few 病児・緊急 cases in a small town: hidden from the prefecture
    )
    return items


def _amount_totals(grand: dict) -> list[dict]:
    """The municipality's amounts: whether they are settled, then the sums in yen."""
    yen = [
        {"key": "total:amount:standard", "label": "基準額の計", "value": grand["standard"]},
        {"key": "total:amount:selected", "label": "選定額の計", "value": grand["selected"]},
        *[
            {"key": f"total:amount:{who}", "label": f"{who}負担の計", "value": grand[who]}
            for who in SHARE_KEYS
        ],
    ]
    for item in yen:
        item["kind"] = "yen"
    state = {
        "key": "total:amount:state",
        "label": "金額の状態",
        "value": "確定" if grand["open"] == 0 else f"要確認（{grand['open']}件）",
    }
    return [state, *yen]


def sections(snapshot: dict) -> list[dict]:
    """Every section of a snapshot, in reading order."""
    return [snapshot["total"], *snapshot["hubs"], *snapshot["months"]]


def flat_items(snapshot: dict) -> dict[str, dict]:
    """key → item (with its section's title), for comparing and commenting."""
    out = {}
    for section in sections(snapshot):
        for item in section["items"]:
            out[item["key"]] = item | {"section": section["title"]}
    return out


@dataclass(frozen=True)
class Change:
    key: str
    section: str
    label: str
    before: object
    after: object
    kind: str  # 変更 / 追加 / 削除


def diff(previous: dict, current: dict) -> list[Change]:
    """Value-by-value differences between two snapshots (a hub or rule may appear or go)."""
    before, after = flat_items(previous), flat_items(current)
    changes = []
    for key in [*after, *(k for k in before if k not in after)]:
        old = before.get(key, {}).get("value")
        new = after.get(key, {}).get("value")
        if key in before and key in after and old == new:
            continue
        kind = "追加" if key not in before else "削除" if key not in after else "変更"
        item = after.get(key) or before[key]
        changes.append(Change(key, item["section"], item["label"], old, new, kind))
    return changes


def summary_row(section: dict) -> tuple[list[dict], dict[str, int | None]]:
    """A total or hub section as one line: its usage items, and its amounts summed."""
    usage: dict[str, dict] = {}
    sums: dict[str, int | None] = dict.fromkeys(AMOUNT_KEYS)
    for item in section["items"]:
        suffix = item["key"].rsplit(":", 1)[1]
        if ":amount:" in item["key"]:
            if suffix in AMOUNT_KEYS and item["value"] is not None:
                sums[suffix] = (sums[suffix] or 0) + item["value"]
        elif suffix in USAGE_KEYS:
            usage[suffix] = item
    return [usage[k] for k in USAGE_KEYS], sums


def usage_labels(snapshot: dict) -> list[str]:
    return [item["label"] for item in summary_row(snapshot["total"])[0]]
