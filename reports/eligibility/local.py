"""A municipality's own stricter conditions (dated data: `LocalCondition`), shown apart from the
national verdict. Example: 函館市 はこだてキッズプラザ子育て支援コンシェルジュ事業実施要領 (seed 003):
週4日以上実施、専任の子育て支援コンシェルジュ（保育士有資格者）."""

from common.japanese import hours_label
from hubs.models import Qualification

from .core import Clause, Kind, Result, Verdict
from .facts import HubFacts
from .programmes import Programme, register

SERVICE_LABELS = {"hiroba": "拠点事業", "riyosha_kihon": "利用者支援（基本型）"}


def local_conditions(facts: HubFacts, ctx) -> list[Result]:
    results = []
    for i, c in enumerate(facts.municipality.local_conditions):
        if not (c["first_year"] <= facts.fiscal_year <= (c.get("last_year") or 9999)):
            continue
        service = c["service"]
        if service != "hiroba" and service not in facts.services:
            continue
        label = SERVICE_LABELS.get(service, service)
        kind, value = c["kind"], c["value"]
        clause = Clause(c["source"], "")
        rule_id = f"LOCAL-{i + 1}"
        p = facts.pattern
        if kind == "min_days":
            days = p.days_per_week if p else 0
            title = f"{facts.municipality.name}独自：{label} 週{value}日以上"
            verdict = Verdict.OK if days >= int(value) else Verdict.NG
            reason = f"{p.describe() if p else 'スケジュールなし'} → 週{days}日"
        elif kind == "min_hours":
            hours = p.min_hours if p else 0
            title = f"{facts.municipality.name}独自：{label} 1日{value}時間以上"
            verdict = Verdict.OK if hours >= float(value) else Verdict.NG
            reason = f"最短の開所日 {hours_label(hours)}"
        elif kind == "qualification":
            name = Qualification.Kind(value).label if value in Qualification.Kind.values else value
            staff = [s for s in facts.staff if s.service == service and s.dedicated]
            holders = [s.name for s in staff if value in s.qualifications]
            title = f"{facts.municipality.name}独自：{label}の専任職員は{name}"
            verdict = Verdict.OK if holders else Verdict.NG
            reason = f"専任 {len(staff)}名のうち{name} {len(holders)}名（{'、'.join(holders) or 'なし'}）"
        else:
            staff = [s for s in facts.staff if s.service == service]
            done = [s.name for s in staff if value in s.training]
            title = f"{facts.municipality.name}独自：{label}の研修「{value}」の受講"
            verdict = Verdict.OK if staff and len(done) == len(staff) else Verdict.NG
            reason = f"受講 {len(done)}/{len(staff)}名"
        results.append(
            Result(rule_id, "市町村独自の条件", title, verdict, reason, clause, kind=Kind.LOCAL)
        )
    return results


# A municipality's stricter conditions come after every national programme's.
LOCAL = register(
    Programme(code="local", label="市町村独自の条件", rules=(local_conditions,), order=90)
)
