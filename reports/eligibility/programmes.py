"""The programmes the eligibility engine knows, each registered by the module that owns it.

A programme brings its code and label, its rules (each returns a Result, a list of them or None),
and optionally its own facts (gathered from a real hub, or read from a planner's JSON) and its
amounts. The core (rulesets.evaluate, facts, amounts) asks the registry and names no programme,
so adding one (ファミサポ next) touches no other: write its module, call `register` from its
AppConfig.ready(). See docs/eligibility.md.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Programme:
    code: str  # stable: "kyoten", "riyosha", "local"; facts.own[code] holds its own facts
    label: str  # 地域子育て支援拠点事業 …
    rules: Sequence[Callable]  # rule(facts, ctx) -> Result | list[Result] | None
    gather: Callable | None = None  # gather(hub, span) -> its own facts of a real hub
    from_json: Callable | None = None  # from_json(data, span) -> its own facts of a planned hub
    json_keys: tuple[str, ...] = ()  # the top-level JSON keys from_json reads (others are errors)
    amounts: Callable | None = None  # amounts(report, facts, book) -> list[Amount]
    order: int = 50  # its place on the 判定表 and in the annual report (lower first)


_REGISTRY: dict[str, Programme] = {}


def register(programme: Programme) -> Programme:
    """Add a programme (once; registering the same code twice is a programming error)."""
    known = _REGISTRY.get(programme.code)
    if known is not None and known is not programme:
        raise ValueError(f"programme {programme.code} is registered twice")
    _REGISTRY[programme.code] = programme
    return programme


def programmes() -> list[Programme]:
    """Every registered programme, in the order of the 判定表."""
    return sorted(_REGISTRY.values(), key=lambda p: (p.order, p.code))


def own(facts: Any, code: str) -> Any:
    """A programme's own facts (facts.own[code]); a missing entry is a programming error."""
    return facts.own[code]
