"""The facts only 地域子育て支援拠点事業 reads: 講習等 by month, days of usage, 出張ひろば weeks,
and what the officer recorded for the 年度 (reports.HubYearRecord: 情報提供, ネットワーク化,
地域支援の取組, ボランティアの受入)."""

import datetime as dt
import math
from dataclasses import dataclass, field

from accounts.access import within
from common.japanese import fiscal_year_months

from ...models_records import KYOTEN_FIELDS
from .. import facts_json as j
from ..facts import Span, year_record

CODE = "kyoten"
JSON_KEYS = (
    "koshu_per_month",
    "usage_days",
    "outreach_weeks",
    "outreach_weeks_total",
    *KYOTEN_FIELDS,
)


@dataclass
class KyotenFacts:
    koshu_months: set[tuple[int, int]] = field(default_factory=set)  # months with a 講習等
    usage_days: int = 0  # days with a usage record
    outreach_weeks: int = 0  # weeks with a 出張ひろば session of 5 hours or more
    outreach_weeks_total: int = 0  # weeks in which 出張ひろば was to run
    info_methods: set[str] = field(default_factory=set)  # InfoMethod values (基本事業③)
    network_partners: str = ""  # 一体的実施: the bodies the hub networked with
    community_activities: set[str] = field(default_factory=set)  # CommunityActivity values
    volunteers_routine: bool = False  # 連携型: 日常的な受入・養成
    volunteers: int = 0


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
    facts = KyotenFacts(
        koshu_months=koshu,
        usage_days=within(hub, DailyUsage).filter(date__range=counted).count(),
        outreach_weeks=len(long_weeks),
        outreach_weeks_total=total,
    )
    record = year_record(hub, span)
    return record_facts(facts, record) if record else facts


def record_facts(facts: KyotenFacts, record) -> KyotenFacts:
    facts.info_methods = set(record.info_methods)
    facts.network_partners = record.network_partners
    facts.community_activities = set(record.community_activities)
    facts.volunteers_routine = record.volunteers_routine
    facts.volunteers = record.volunteers
    return facts


def from_json(data: dict, span: Span) -> KyotenFacts:
    from ...models_records import CommunityActivity, InfoMethod

    months = fiscal_year_months(span.start.year)
    per_month = data.get("koshu_per_month")
    koshu = set()
    if per_month is not None:
        counts = [
            j.count(n, f"koshu_per_month[{i}]")
            for i, n in enumerate(j.listing(per_month, "koshu_per_month"))
        ]
        if len(counts) > 12:
            raise j.FactsError(f"koshu_per_month は4月〜3月の12か月分までです（{len(counts)}個）。")
        koshu = {m for m, n in zip(months, counts, strict=False) if n}
    weeks = j.count(data.get("outreach_weeks", 0), "outreach_weeks", maximum=53)
    total = j.count(data.get("outreach_weeks_total", 0), "outreach_weeks_total", maximum=53)
    if weeks > total:
        raise j.FactsError(
            f"outreach_weeks（{weeks}）が outreach_weeks_total（{total}）を超えています。"
        )
    return KyotenFacts(
        koshu_months=koshu,
        usage_days=j.count(data.get("usage_days", 0), "usage_days", maximum=366),
        outreach_weeks=weeks,
        outreach_weeks_total=total,
        info_methods=j.choices(
            data.get("info_methods", []), "info_methods", dict(InfoMethod.choices)
        ),
        network_partners=j.text(data.get("network_partners", ""), "network_partners", 300),
        community_activities=j.choices(
            data.get("community_activities", []),
            "community_activities",
            dict(CommunityActivity.choices),
        ),
        volunteers_routine=j.flag(data.get("volunteers_routine", False), "volunteers_routine"),
        volunteers=j.count(data.get("volunteers", 0), "volunteers"),
    )
