"""A verdict's code as people read it: {{ r.verdict|verdict_label }}, {{ r.verdict|verdict_class }}."""

from django import template

from reports.eligibility.core import Verdict

register = template.Library()

CLASSES = {Verdict.OK: "ok", Verdict.NG: "ng", Verdict.CHECK: "warn"}


def _verdict(value) -> Verdict | None:
    try:
        return Verdict(value)
    except ValueError:
        return None


@register.filter
def verdict_label(value) -> str:
    verdict = _verdict(value)
    return verdict.label if verdict is not None else str(value)


@register.filter
def verdict_class(value) -> str:
    verdict = _verdict(value)
    return CLASSES.get(verdict, "") if verdict is not None else ""
