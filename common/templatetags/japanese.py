"""Japanese conventions in templates: 年度 in 和暦 first with 西暦 beside it; phone numbers."""

import datetime as dt

from django import template

from common.japanese import date_label, fiscal_year_label, format_phone, wareki_date, wareki_month

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


@register.filter
def wareki(day) -> str:
    """A date in 和暦: 2026-12-05 → 「令和8年12月5日」."""
    return wareki_date(day) if isinstance(day, dt.date) else ""


@register.filter
def wareki_ym(day) -> str:
    """A month in 和暦 with 西暦 beside it: 「令和8年12月（2026年12月）」."""
    if not isinstance(day, dt.date):
        return ""
    return f"{wareki_month(day.year, day.month)}（{day.year}年{day.month}月）"


@register.filter
def wareki_seireki(day) -> str:
    """A date in 和暦 with 西暦 beside it: 「令和8年12月5日（2026-12-05）」."""
    return date_label(day) if isinstance(day, dt.date) else ""
