"""The facts only 地域子育て支援拠点事業 reads: 講習等 by month, days of usage, 出張ひろば weeks."""

import datetime as dt
import math
from dataclasses import dataclass, field

from accounts.access import within
from common.japanese import fiscal_year_months

from ..facts import Span

CODE = "kyoten"


@dataclass
class KyotenFacts:
    koshu_months: set[tuple[int, int]] = field(default_factory=set)  # months with a 講習等
    usage_days: int = 0  # days with a usage record
    outreach_weeks: int = 0  # weeks with a 出張ひろば session of 5 hours or more
    outreach_weeks_total: int = 0  # weeks in which 出張ひろば was to run


def gather(hub, span: Span) -> KyotenFacts:
    from hubs.models import DailyUsage, Event, OutreachSession

    counted = (span.start, span.last)
    koshu = {
        (d.year, d.month)
        for d in within(hub, Event)
        .filter(kind=Event.Kind.KOSHU, date__range=counted)
        .values_list("date", flat=True)
    }
    long_weeks = {
        s.date.isocalendar()[:2]
        for s in within(hub, OutreachSession).filter(date__range=counted)
        if dt.datetime.combine(s.date, s.ends) - dt.datetime.combine(s.date, s.starts)
        >= dt.timedelta(hours=5)
    }
    # Every week of the year so far; the 出張ひろば rule reads it only where the hub runs one.
    total = math.ceil(((span.last - span.start).days + 1) / 7) if span.counted else 0
    return KyotenFacts(
        koshu_months=koshu,
        usage_days=within(hub, DailyUsage).filter(date__range=counted).count(),
        outreach_weeks=len(long_weeks),
        outreach_weeks_total=total,
    )


def from_json(data: dict, span: Span) -> KyotenFacts:
    months = fiscal_year_months(span.start.year)
    per_month = data.get("koshu_per_month")
    koshu = (
        {m for m, n in zip(months, per_month, strict=False) if n}
        if per_month is not None
        else set()
    )
    return KyotenFacts(
        koshu_months=koshu,
        usage_days=int(data.get("usage_days", 0)),
        outreach_weeks=int(data.get("outreach_weeks", 0)),
        outreach_weeks_total=int(data.get("outreach_weeks_total", 0)),
    )
