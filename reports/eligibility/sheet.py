"""One hub's eligibility sheet (判定表): every verdict with reason and clause, and the amounts."""

from django.utils import timezone

from common.japanese import wareki_date, wareki_fiscal_year
from common.pdf import render_pdf

from .amounts import amounts_for_hub
from .facts import hub_facts
from .rulesets import evaluate


def sheet_context(hub, fiscal_year: int) -> dict:
    facts = hub_facts(hub, fiscal_year)
    report = evaluate(facts)
    counts: dict[str, int] = {}
    for r in report.results:
        counts[str(r.verdict)] = counts.get(str(r.verdict), 0) + 1
    return {
        "hub": hub,
        "report": report,
        "counts": counts,
        "amounts": amounts_for_hub(hub, report, facts) if report.rule_set else [],
        "fiscal_year": fiscal_year,
        "fiscal_year_label": wareki_fiscal_year(fiscal_year),
    }


def sheet_pdf(context: dict) -> bytes:
    context = context | {"created": wareki_date(timezone.localdate())}
    return render_pdf("reports/eligibility_pdf.html", context)
