"""The facts only 利用者支援事業 reads: the site's 支援台帳 and 支援プラン (母子保健型)."""

from dataclasses import dataclass

from accounts.access import within

from ..facts import Span

CODE = "riyosha"


@dataclass
class RiyoshaFacts:
    register_entries: int = 0  # 支援台帳 entries of the site's families
    support_plans: int = 0  # 支援プラン of the site's families


def gather(hub, span: Span) -> RiyoshaFacts:
    from consultations.models import RegisterEntry, SupportPlan

    return RiyoshaFacts(
        register_entries=within(hub, RegisterEntry).count(),
        support_plans=within(hub, SupportPlan).count(),
    )


def from_json(data: dict, span: Span) -> RiyoshaFacts:
    return RiyoshaFacts(
        register_entries=int(data.get("register_entries", 0)),
        support_plans=int(data.get("support_plans", 0)),
    )
