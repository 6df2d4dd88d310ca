"""Japanese conventions in templates: 年度 in 和暦 first with 西暦 beside it; phone numbers."""

from django import template

from common.japanese import fiscal_year_label, format_phone

register = template.Library()


@register.filter
def nendo(fiscal_year) -> str:
    """2025 → 「令和7年度（2025年度）」, as officials write it."""
    try:
        year = int(fiscal_year)
    except (TypeError, ValueError):
        return ""
    return fiscal_year_label(year)


@register.filter
def phone(value) -> str:
    """Stored digits shown with hyphens: 09012345678 → 090-1234-5678."""
    return format_phone(str(value or ""))
