"""The annual usage summary (利用実績集計) of a 年度, for a hub, a municipality or a prefecture.

Built with a fixed number of queries whatever the number of hubs: one grouped aggregate per source
table, plus the calendars that give each hub's opening days.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.access import within
from common.charts import stacked_bar_chart
from common.japanese import fiscal_year_bounds, fiscal_year_months, wareki_date, wareki_fiscal_year
from common.models import field_label
from common.pdf import render_pdf
from consultations.models import Consultation
from famisapo.figures import Figures as FamisapoFigures
from famisapo.figures import figures as famisapo_figures
from famisapo.models import Centre
from hubs.models import DailyUsage, Event, Hub, MonthlyUsage, OutreachSession, TemporaryCareDay
from hubs.opening import calendar_for_hubs
from orgs.models import Municipality

COUNT_LABELS = {f: field_label(DailyUsage, f) for f in DailyUsage.COUNT_FIELDS}


@dataclass
class Figures:
    """Totals for one month, one hub or one whole scope."""

    opening_days: int = 0
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(DailyUsage.COUNT_FIELDS, 0)
    )
    events: int = 0
    koshu: int = 0
    event_participants: int = 0
    outreach_sessions: int = 0
    outreach_participants: int = 0
    temporary_care_children: int = 0
    consultations: int = 0  # named and anonymous together (consultations app)

    def add(self, other: "Figures"):
        self.opening_days += other.opening_days
        for f in self.counts:
            self.counts[f] += other.counts[f]
        for name in (
            "events",
            "koshu",
            "event_participants",
            "outreach_sessions",
            "outreach_participants",
            "temporary_care_children",
            "consultations",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def adults(self) -> int:
        return sum(self.counts[f] for f in DailyUsage.ADULT_FIELDS)

    @property
    def children(self) -> int:
        return sum(self.counts[f] for f in DailyUsage.CHILD_FIELDS)

    @property
    def visitors(self) -> int:
        return self.adults + self.children

    def per_day(self, value: int) -> float | None:
        return round(value / self.opening_days, 1) if self.opening_days else None

    @property
    def groups_per_day(self):
        return self.per_day(self.counts["groups"])

    @property
    def visitors_per_day(self):
        return self.per_day(self.visitors)

    @property
    def adults_per_day(self):
        return self.per_day(self.adults)

    @property
    def consultations_per_day(self):
        """Average consultations per opening day (利用者支援 機能強化加算 looks at this)."""
        return self.per_day(self.consultations)

    @property
    def children_per_day(self):
        return self.per_day(self.children)


@dataclass
class BreakdownRow:
    label: str
    figures: Figures
    hub_count: int = 1


@dataclass
class FamisapoBlock:
    """The year of the ファミサポ centres in the scope (at the hub, in the municipality or the
    prefecture), from the centres' own records."""

    centres: int
    figures: FamisapoFigures

    def rows(self) -> list[tuple[str, str]]:
        f = self.figures
        return [
            ("センター数", f"{self.centres}か所"),
            ("会員の総数（年度末・一人一回）", f"{f.registered_total:,}人"),
            ("うち依頼会員", f"{f.registered.get('requester', 0):,}人"),
            ("うち提供会員", f"{f.registered.get('helper', 0):,}人"),
            ("うち両方会員", f"{f.registered.get('both', 0):,}人"),
            ("援助活動（延べ件数）", f"{f.activity_total:,}件"),
            ("援助活動の時間", f"{f.hour_total:,}時間"),
            ("うち病児・緊急対応（件数）", f"{f.strengthened:,}件"),
            ("依頼の受付", f"{sum(f.requests.values()):,}件"),
        ]


def famisapo_block(centres, fiscal_year: int) -> FamisapoBlock | None:
    centres = list(centres)
    if not centres:
        return None
    start, end = fiscal_year_bounds(fiscal_year)
    return FamisapoBlock(len(centres), famisapo_figures(centres, start, end))


@dataclass
class UsageSummary:
    scope_kind: str  # hub / municipality / prefecture
    scope_label: str
    fiscal_year: int
    months: list[tuple[tuple[int, int], Figures]]
    total: Figures
    breakdown: list[BreakdownRow]
    hub_count: int
    hub_totals: dict[int, Figures] = field(default_factory=dict)  # hub pk → the year's figures
    famisapo: FamisapoBlock | None = None  # the scope's ファミリー・サポート・センター
    # While the 年度 runs: the last day whose opening counts (today); None once it is over.
    counted_until: dt.date | None = None

    @property
    def future_months(self) -> set[tuple[int, int]]:
        if self.counted_until is None:
            return set()
        now = (self.counted_until.year, self.counted_until.month)
        return {ym for ym, _ in self.months if ym > now}

    @property
    def counted_until_label(self) -> str:
        return wareki_date(self.counted_until) if self.counted_until else ""

    @property
    def fiscal_year_label(self) -> str:
        return f"{wareki_fiscal_year(self.fiscal_year)}（{self.fiscal_year}年度）"

    @property
    def breakdown_heading(self) -> str:
        return {"municipality": "拠点別", "prefecture": "市町村別"}.get(self.scope_kind, "")

    def chart_svg(self) -> str:
        labels = [f"{m}月" for (_, m), _ in self.months]
        return stacked_bar_chart(
            labels,
            [
                ("大人", "#0b6e4f", [f.adults for _, f in self.months]),
                ("子ども", "#f2a541", [f.children for _, f in self.months]),
            ],
            title=f"月別利用者数（延べ人数） {wareki_fiscal_year(self.fiscal_year)}",
        )

    def table_rows(self) -> list[list]:
        """Return the summary as plain rows for CSV and XLSX."""
        header = [
            "区分",
            "開所日数",
            *COUNT_LABELS.values(),
            "大人計",
            "子ども計",
            "利用者計",
            "1日平均組数",
            "1日平均利用者数",
            "行事数",
            "うち講習",
            "行事参加者",
            "出張ひろば回数",
            "出張ひろば参加者",
            "一時預かり延べ児童数",
            "相談件数",
            "1日平均相談件数",
        ]

        def line(label, f: Figures):
            return [
                label,
                f.opening_days,
                *f.counts.values(),
                f.adults,
                f.children,
                f.visitors,
                f.groups_per_day,
                f.visitors_per_day,
                f.events,
                f.koshu,
                f.event_participants,
                f.outreach_sessions,
                f.outreach_participants,
                f.temporary_care_children,
                f.consultations,
                f.consultations_per_day,
            ]

        rows = [header]
        rows += [line(f"{y}年{m}月", f) for (y, m), f in self.months]
        rows.append(line("年度計", self.total))
        for b in self.breakdown:
            rows.append(line(b.label, b.figures))
        return rows


def build_usage_summary(
    *,
    hubs,
    fiscal_year: int,
    scope_kind: str,
    scope_label: str,
    centres=(),
    today: dt.date | None = None,
) -> UsageSummary:
    """Aggregate a 年度 of usage over the given hubs, by month, with a per-hub or per-city split.
    While the 年度 runs, opening days (and so every per-day average) count up to today only."""
    start, end = fiscal_year_bounds(fiscal_year)
    today = today or timezone.localdate()
    counted_until = today if start <= today < end else None
    # Only hubs that existed at some point of the year take part.
    hubs = list(
        hubs.select_related("municipality")
        .filter(Q(opened_on__isnull=True) | Q(opened_on__lte=end))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .order_by("municipality__code", "kana", "name")
    )
    months = fiscal_year_months(fiscal_year)
    per_hub = _figures_by_hub_and_month(hubs, start, end, open_until=min(end, today))

    month_figures = {m: Figures() for m in months}
    hub_totals: dict[int, Figures] = {}
    for hub in hubs:
        total = Figures()
        for m, fig in per_hub[hub.pk].items():
            if m in month_figures:
                month_figures[m].add(fig)
                total.add(fig)
        hub_totals[hub.pk] = total
    grand = Figures()
    for fig in month_figures.values():
        grand.add(fig)

    return UsageSummary(
        scope_kind=scope_kind,
        scope_label=scope_label,
        fiscal_year=fiscal_year,
        months=[(m, month_figures[m]) for m in months],
        total=grand,
        breakdown=_breakdown(scope_kind, hubs, hub_totals),
        hub_count=len(hubs),
        hub_totals=hub_totals,
        famisapo=famisapo_block(centres, fiscal_year),
        counted_until=counted_until,
    )


PerHub = dict[int, dict[tuple[int, int], Figures]]


def _month_key(value) -> tuple[int, int]:
    return (value.year, value.month)


def _figures_by_hub_and_month(hubs: list[Hub], start, end, *, open_until) -> PerHub:
    """Each hub's figures for each month of [start, end], one grouped query per source; opening
    days up to `open_until`."""
    per_hub: PerHub = defaultdict(lambda: defaultdict(Figures))
    _add_usage(per_hub, hubs, start, end)
    _add_events(per_hub, hubs, start, end)
    _add_outreach(per_hub, hubs, start, end)
    _add_temporary_care(per_hub, hubs, start, end)
    _add_consultations(per_hub, hubs, start, end)
    calendars = calendar_for_hubs(hubs)
    for hub in hubs:
        for month, days in calendars[hub.pk].open_days_by_month(start, open_until).items():
            per_hub[hub.pk][month].opening_days = days
    return per_hub


def _add_usage(per_hub: PerHub, hubs, start, end) -> None:
    """Each hub's months from the rollups PostgreSQL keeps (hubs.models.MonthlyUsage): one row
    per hub and month, not one per day."""
    first = start.replace(day=1)
    rows = (
        within(hubs, MonthlyUsage)
        .filter(month__range=(first, end))
        .order_by()
        .values("hub_id", "month", *DailyUsage.COUNT_FIELDS)
    )
    row: dict[str, Any]
    for row in rows:  # type: ignore[assignment]
        fig = per_hub[row["hub_id"]][_month_key(row["month"])]
        for f in DailyUsage.COUNT_FIELDS:
            fig.counts[f] = row[f]


def _add_events(per_hub: PerHub, hubs, start, end) -> None:
    event_rows = (
        within(hubs, Event)
        .filter(date__range=(start, end))
        .annotate(month=TruncMonth("date"))
        .values("hub_id", "month")
        .annotate(
            n=Count("id"),
            koshu=Count("id", filter=Q(kind=Event.Kind.KOSHU)),
            adults=Sum("adults"),
            children=Sum("children"),
        )
    )
    for event_row in event_rows:
        fig = per_hub[event_row["hub_id"]][_month_key(event_row["month"])]
        fig.events = event_row["n"]
        fig.koshu = event_row["koshu"]
        fig.event_participants = (event_row["adults"] or 0) + (event_row["children"] or 0)


def _add_outreach(per_hub: PerHub, hubs, start, end) -> None:
    outreach_rows = (
        within(hubs, OutreachSession)
        .filter(date__range=(start, end))
        .annotate(month=TruncMonth("date"))
        .values("site__hub_id", "month")
        .annotate(n=Count("id"), adults=Sum("adults"), children=Sum("children"))
    )
    for outreach_row in outreach_rows:
        fig = per_hub[outreach_row["site__hub_id"]][_month_key(outreach_row["month"])]
        fig.outreach_sessions = outreach_row["n"]
        fig.outreach_participants = (outreach_row["adults"] or 0) + (outreach_row["children"] or 0)


def _add_temporary_care(per_hub: PerHub, hubs, start, end) -> None:
    care_rows = (
        within(hubs, TemporaryCareDay)
        .filter(date__range=(start, end))
        .annotate(month=TruncMonth("date"))
        .values("hub_id", "month")
        .annotate(**{a: Sum(a) for a in TemporaryCareDay.AGE_FIELDS})
    )
    care_row: dict[str, Any]
    for care_row in care_rows:  # type: ignore[assignment]
        fig = per_hub[care_row["hub_id"]][_month_key(care_row["month"])]
        fig.temporary_care_children = sum(care_row[a] or 0 for a in TemporaryCareDay.AGE_FIELDS)


def _add_consultations(per_hub: PerHub, hubs, start, end) -> None:
    consultation_rows = (
        within(hubs, Consultation)
        .filter(held_at__date__range=(start, end))
        .annotate(month=TruncMonth("held_at"))
        .values("hub_id", "month")
        .annotate(n=Count("id"))
    )
    for consultation_row in consultation_rows:
        fig = per_hub[consultation_row["hub_id"]][_month_key(consultation_row["month"])]
        fig.consultations = consultation_row["n"]


def _breakdown(scope_kind: str, hubs: list[Hub], hub_totals: dict[int, Figures]):
    """Per hub for a municipality, per city for a prefecture, none for one hub."""
    if scope_kind == "municipality":
        return [BreakdownRow(h.name, hub_totals[h.pk]) for h in hubs]
    if scope_kind == "prefecture":
        by_city: dict[int, BreakdownRow] = {}
        for h in hubs:
            city_row = by_city.setdefault(
                h.municipality_id, BreakdownRow(h.municipality.name, Figures(), hub_count=0)
            )
            city_row.figures.add(hub_totals[h.pk])
            city_row.hub_count += 1
        return list(by_city.values())
    return []


def scope_summary(scope, *, hubs, fiscal_year: int) -> UsageSummary:
    """Build the summary of a hub, municipality or prefecture over the given (scoped) hubs."""
    if isinstance(scope, Hub):
        kind, label = "hub", f"{scope.municipality.name} {scope.name}"
        hubs = hubs.filter(pk=scope.pk)
        centres = within(scope.municipality, Centre).filter(hub=scope)
    elif isinstance(scope, Municipality):
        kind, label = "municipality", f"{scope.prefecture.name} {scope.name}"
        hubs = hubs.filter(municipality=scope)
        centres = within(scope, Centre)
    else:
        kind, label = "prefecture", scope.name
        hubs = hubs.filter(municipality__prefecture=scope)
        centres = within(scope, Centre)
    return build_usage_summary(
        hubs=hubs,
        fiscal_year=fiscal_year,
        scope_kind=kind,
        scope_label=label,
        centres=centres.order_by("pk"),
    )


def usage_summary_pdf(summary: UsageSummary) -> bytes:
    """Render the summary as an A4 PDF, dated in 和暦."""
    created = wareki_date(timezone.localdate())
    return render_pdf("reports/usage_summary_pdf.html", {"summary": summary, "created": created})
