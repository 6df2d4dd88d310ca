"""The facts only ファミサポ reads, from the centre that sits at the hub (famisapo's records).

The 基本事業's 基準額 is set in steps by 会員の総数 (each person once; reference/famisapo.md §7).
The steps are rows of the dated price table (`UnitPrice`, key famisapo:members:LOW-HIGH, HIGH
empty for "and more"), so an officer enters and confirms them like every other price.
"""

import re
from dataclasses import dataclass, field

from accounts.access import within

from ..facts import FactsError, Span

CODE = "famisapo"
STRENGTHENED = ("病児・病後児", "宿泊", "早朝・夜間の緊急")
_STEP = re.compile(r"^famisapo:members:(\d+)-(\d*)$")


@dataclass(frozen=True)
class Step:
    key: str
    low: int
    high: int | None
    label: str


@dataclass
class FamisapoFacts:
    centre: str = ""  # "" when no centre of Kyoten sits at the hub
    members: int = 0  # 会員の総数 on the reference day
    advisors: int = 0  # accounts with the アドバイザー role at the centre
    helpers: int = 0  # active 提供会員・両方会員
    safety_out_of_date: int = 0  # of them, 緊急救命・事故防止講習 older than the centre's cadence
    course_incomplete: int = 0
    strengthened_activities: int = 0  # 病児・病後児, 宿泊, 早朝・夜間の緊急 in the 年度
    sick_child_by_untrained: int = 0  # 病児 activities by helpers without the 病児 course
    steps: list[Step] = field(default_factory=list)


def steps_for(fiscal_year: int) -> list[Step]:
    from reports.models import UnitPrice

    found = []
    for price in UnitPrice.objects.filter(programme=CODE, key__startswith="famisapo:members:"):
        match = _STEP.match(price.key)
        in_year = price.first_year <= fiscal_year and (
            price.last_year is None or fiscal_year <= price.last_year
        )
        if match and in_year:
            high = int(match.group(2)) if match.group(2) else None
            found.append(Step(price.key, int(match.group(1)), high, price.label))
    return sorted(found, key=lambda s: s.low)


def gather(hub, span: Span) -> FamisapoFacts:
    from accounts.models import RoleAssignment
    from famisapo.models import Activity, Centre
    from famisapo.selectors import registered_on_day, safety_and_course

    # The hub's municipality is reached through the hub the caller resolved.
    centre = within(hub.municipality, Centre).filter(hub=hub).order_by("pk").first()
    if centre is None:
        return FamisapoFacts()  # no centre: the rules say so, and no step is read
    steps = steps_for(span.start.year)
    training = safety_and_course(centre, span.day)
    activities = within(centre, Activity).filter(
        date__range=(span.start, span.last), kind__in=STRENGTHENED
    )
    sick = activities.filter(kind="病児・病後児").values_list("helper_id", flat=True)
    return FamisapoFacts(
        centre=centre.name,
        members=registered_on_day([centre], span.day),
        advisors=RoleAssignment.objects.filter(centre=centre, role="famisapo_coordinator").count(),
        helpers=training["helpers"],
        safety_out_of_date=training["safety_out_of_date"],
        course_incomplete=training["course_incomplete"],
        strengthened_activities=activities.count(),
        sick_child_by_untrained=sum(1 for h in sick if h not in training["sick_child_trained"]),
        steps=steps,
    )


_COUNTS = (
    "members",
    "advisors",
    "helpers",
    "safety_out_of_date",
    "course_incomplete",
    "strengthened_activities",
    "sick_child_by_untrained",
)


JSON_KEYS = ("famisapo",)


def from_json(data: dict, span: Span) -> FamisapoFacts:
    """`"famisapo": {"centre": "…", "members": 1881, …}` of a planned hub (docs/eligibility.md)."""
    own = data.get("famisapo")
    if own is None and "famisapo" not in (data.get("services") or []):
        return FamisapoFacts()  # no ファミサポ: nothing to read, not even the price table
    own = {} if own is None else own
    if not isinstance(own, dict):
        raise FactsError("famisapo はオブジェクト（{…}）にしてください。")
    unknown = sorted(set(own) - {"centre", *_COUNTS})
    if unknown:
        raise FactsError(
            f"famisapo に知らない項目「{unknown[0]}」があります。使える項目: centre, {', '.join(_COUNTS)}"
        )
    counts = {}
    for key in _COUNTS:
        value = own.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise FactsError(f"famisapo.{key} は0以上の整数にしてください（「{value}」）。")
        counts[key] = value
    centre = own.get("centre", "")
    if not isinstance(centre, str):
        raise FactsError(f"famisapo.centre は文字列で書いてください（「{centre}」）。")
    return FamisapoFacts(centre=centre, steps=steps_for(span.start.year), **counts)
