"""The prefecture's dashboard: where each municipality's report stands, 多機能化, usage trends.

Aggregates only. Counts of people (visitors) below KYOTEN_SMALL_COUNT are shown as 「–」, and so
is another municipality's count beside a lone one, so that the prefecture's total minus the others
gives none away (common.disclosure); counts of hubs are counts of public facilities and are shown
as they are.

多機能化 (seed 000, Saitama's question): the share of hubs that run 一時預かり, ファミサポ or any
利用者支援 service at some time in the 年度, among the hubs open at some time in the 年度; a hub where
a ファミサポ centre of Kyoten sits and recorded activities in the 年度 runs ファミサポ too.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db.models import Max, Sum

from accounts.access import within
from common.charts import stacked_bar_chart
from common.disclosure import hidden_cells
from common.japanese import fiscal_year_bounds, fiscal_year_of, wareki_fiscal_year
from famisapo.selectors_activities import hubs_running_famisapo
from hubs.models import DailyUsage, Hub, HubService, MonthlyUsage
from orgs.models import Municipality

from .models import AnnualReport

YEARS = 5
MULTI_KINDS = {
    HubService.Kind.ICHIJI_AZUKARI,
    HubService.Kind.FAMISAPO,
    HubService.Kind.RIYOSHA_KIHON,
    HubService.Kind.RIYOSHA_TOKUTEI,
    HubService.Kind.RIYOSHA_BOSHI,
    HubService.Kind.RIYOSHA_NINPU,
}


def _overlaps(start, end, first, last) -> bool:
    return (start is None or start <= last) and (end is None or end >= first)


@dataclass
class CityRow:
    municipality: Municipality
    status: str = "未提出"
    status_code: str = ""
    submitted_at: object = None
    hubs: dict[int, int] = field(default_factory=dict)  # 年度 → hubs open
    multi: dict[int, int] = field(default_factory=dict)  # 年度 → of which 多機能
    visitors: dict[int, int] = field(default_factory=dict)

    def share(self, year: int) -> str:
        hubs = self.hubs.get(year, 0)
        return f"{100 * self.multi.get(year, 0) / hubs:.0f}%" if hubs else "—"


NO_DATA = "データなし"


@dataclass
class Dashboard:
    fiscal_year: int
    years: list[int]
    rows: list[CityRow]
    status_counts: dict[str, int]

    def city_lines(self) -> list[dict]:
        y = self.fiscal_year
        return [
            {
                "row": r,
                "hubs": r.hubs.get(y, 0),
                "multi": r.multi.get(y, 0),
                "share": r.share(y),
                "visitors": self.visitors_shown(r, y),
                "visitors_before": self.visitors_shown(r, y - 1),
            }
            for r in self.rows
        ]

    @cached_property
    def hidden(self) -> set:
        """Visitor counts shown as 「–」: per 年度, the municipalities' counts and their total
        form one line (a municipality with no data is not on it)."""
        values: dict = {}
        lines = []
        for y in self.years:
            counted = {(r.municipality.pk, y): r.visitors[y] for r in self.rows if y in r.visitors}
            values.update(counted)
            line = list(counted)
            if line:
                values[("total", y)] = self.total("visitors", y)
                lines.append([*line, ("total", y)])
        totals = [k for k in values if k[0] == "total"]
        return hidden_cells(values, lines, below=settings.KYOTEN_SMALL_COUNT, totals=totals)

    def visitors_shown(self, row: CityRow, year: int) -> str:
        if year not in row.visitors:
            return NO_DATA  # no day of that 年度 was entered: not 0 visitors
        if (row.municipality.pk, year) in self.hidden:
            return "–"
        return f"{row.visitors[year]:,}"

    def total_shown(self, year: int) -> str:
        if not any(year in r.visitors for r in self.rows):
            return NO_DATA
        return "–" if ("total", year) in self.hidden else f"{self.total('visitors', year):,}"

    def total(self, attr: str, year: int) -> int:
        return sum(getattr(r, attr).get(year, 0) for r in self.rows)

    def share(self, year: int) -> str:
        hubs = self.total("hubs", year)
        return f"{100 * self.total('multi', year) / hubs:.0f}%" if hubs else "—"

    def year_rows(self) -> list[tuple]:
        return [
            (
                wareki_fiscal_year(y),
                self.total("hubs", y),
                self.total("multi", y),
                self.share(y),
                self.total_shown(y),
            )
            for y in self.years
        ]

    def multi_chart(self) -> str:
        return stacked_bar_chart(
            [wareki_fiscal_year(y) for y in self.years],
            [
                ("多機能型の拠点", "#0b6e4f", [self.total("multi", y) for y in self.years]),
                (
                    "その他の拠点",
                    "#b8c4cc",
                    [self.total("hubs", y) - self.total("multi", y) for y in self.years],
                ),
            ],
            title="多機能化の推移（拠点数）",
        )

    def usage_chart(self) -> str:
        return stacked_bar_chart(
            [wareki_fiscal_year(y) for y in self.years],
            [("延べ利用者数", "#f2a541", [self.total("visitors", y) for y in self.years])],
            title="利用者数の推移（延べ人数）",
        )


def build_dashboard(prefecture, municipalities, fiscal_year: int) -> Dashboard:
    """`municipalities`: the prefecture's municipalities the user may see (already scoped)."""
    years = list(range(fiscal_year - YEARS + 1, fiscal_year + 1))
    first, _ = fiscal_year_bounds(years[0])
    _, last = fiscal_year_bounds(fiscal_year)
    towns = list(municipalities.order_by("code"))
    cities = {m.pk: CityRow(m) for m in towns}

    hubs = list(within(towns, Hub).values("pk", "municipality_id", "opened_on", "closed_on"))
    services: dict[int, list] = defaultdict(list)
    for s in within(towns, HubService).filter(kind__in=MULTI_KINDS):
        services[s.hub_id].append(s)
    centre_years = hubs_running_famisapo(towns, first, last)
    for year in years:
        start, end = fiscal_year_bounds(year)
        for h in hubs:
            if not _overlaps(h["opened_on"], h["closed_on"], start, end):
                continue
            row = cities[h["municipality_id"]]
            row.hubs[year] = row.hubs.get(year, 0) + 1
            if year in centre_years.get(h["pk"], ()) or any(
                _overlaps(s.started_on, s.ended_on, start, end) for s in services[h["pk"]]
            ):
                row.multi[year] = row.multi.get(year, 0) + 1

    fields = [*DailyUsage.ADULT_FIELDS, *DailyUsage.CHILD_FIELDS]
    # Months from the rollups PostgreSQL keeps, never the days themselves.
    usage = (
        within(towns, MonthlyUsage)
        .filter(month__range=(first, last))
        .order_by()
        .values("hub__municipality_id", "month")
        .annotate(**{f: Sum(f) for f in fields})
    )
    # Rows keyed by annotation names built at run time: plain dicts to the type checker.
    u: dict[str, Any]
    for u in usage:  # type: ignore[assignment]
        city = cities[u["hub__municipality_id"]]
        year = fiscal_year_of(u["month"])
        city.visitors[year] = city.visitors.get(year, 0) + sum(u[f] or 0 for f in fields)

    reports = (
        within(towns, AnnualReport)
        .filter(fiscal_year=fiscal_year)
        .annotate(last_submitted=Max("submissions__submitted_at"))
    )
    for report in reports:
        city = cities[report.municipality_id]
        city.status, city.status_code = report.get_status_display(), report.status
        city.submitted_at = report.last_submitted

    rows = [c for c in cities.values() if c.hubs.get(fiscal_year)]
    counts: dict[str, int] = defaultdict(int)
    for c in rows:
        counts[c.status] += 1
    return Dashboard(fiscal_year, years, rows, dict(counts))
