"""Consultation counts by month and by service, channel and topic (named and anonymous together).

Feeds the hub, municipality and prefecture pages and, later, the eligibility rules (average
consultations per opening day). Prefecture views hide small cells (KYOTEN_SMALL_COUNT), and
enough others that no 計 or other row gives a hidden one away (common.disclosure).
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear

from accounts.access import within
from common.disclosure import hidden_cells
from common.japanese import fiscal_year_bounds, fiscal_year_months

from .models import Channel, Consultation, Service, Topic


@dataclass
class Table:
    title: str
    labels: list[str]
    months: list[tuple[int, int]]
    cells: dict[tuple[str, tuple[int, int]], int] = field(default_factory=dict)
    suppress_below: int = 0

    def rows(self):
        for label in self.labels:
            values = [(self.cells.get((label, m), 0), (label, m)) for m in self.months]
            total = sum(v for v, _ in values)
            yield (
                label,
                [self.show(v, key) for v, key in values],
                self.show(total, (label, TOTAL)),
            )

    def sheet(self) -> list[list]:
        """Header and rows for CSV and XLSX, with the same suppression as the page."""
        header = [self.title, *[f"{y}年{m}月" for y, m in self.months], "年度計"]
        return [header, *[[label, *values, total] for label, values, total in self.rows()]]

    @cached_property
    def hidden(self) -> set:
        """Cells shown as 「–」. Lines: each row with its 計; each month down the rows (the
        month's total is known from the other tables); the 計 column."""
        values: dict = {}
        for label in self.labels:
            row = [self.cells.get((label, m), 0) for m in self.months]
            values.update({(label, m): v for m, v in zip(self.months, row, strict=True)})
            values[(label, TOTAL)] = sum(row)
        columns = [*self.months, TOTAL]
        lines = [[(label, c) for c in columns] for label in self.labels]
        lines += [[(label, c) for label in self.labels] for c in columns]
        totals = [(label, TOTAL) for label in self.labels]
        return hidden_cells(values, lines, below=self.suppress_below, totals=totals)

    def show(self, value: int, key) -> int | str:
        return "–" if key in self.hidden else value


TOTAL = "計"


def consultation_counts(hubs, fiscal_year: int, *, suppress: bool = False) -> list[Table]:
    """Three tables for the hubs' consultations of a fiscal year. Three queries whatever the size."""
    start, end = fiscal_year_bounds(fiscal_year)
    months = fiscal_year_months(fiscal_year)
    base = (
        within(hubs, Consultation)
        .filter(held_at__date__range=(start, end))
        .annotate(y=ExtractYear("held_at"), m=ExtractMonth("held_at"))
    )
    small = settings.KYOTEN_SMALL_COUNT if suppress else 0
    tables = []
    for title, key, labels in (
        ("事業別", "service", dict(Service.choices)),
        ("相談の方法別", "channel", dict(Channel.choices)),
    ):
        table = Table(title, list(labels.values()), months, suppress_below=small)
        for row in base.values(key, "y", "m").annotate(n=Count("id")):
            table.cells[(labels[row[key]], (row["y"], row["m"]))] = row["n"]
        tables.append(table)
    topics = list(Topic.objects.order_by("order"))
    table = Table("相談内容別（複数選択）", [t.name for t in topics], months, suppress_below=small)
    names = {t.pk: t.name for t in topics}
    for row in base.values("topics", "y", "m").annotate(n=Count("id")):
        if row["topics"] is not None:
            table.cells[(names[row["topics"]], (row["y"], row["m"]))] = row["n"]
    tables.append(table)
    return tables


def total_count(hubs, fiscal_year: int) -> int:
    start, end = fiscal_year_bounds(fiscal_year)
    return within(hubs, Consultation).filter(held_at__date__range=(start, end)).count()
