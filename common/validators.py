"""Validators for Japanese public codes, shared by every app that stores them."""

from django.core.exceptions import ValidationError

from .japanese import is_valid_municipality_code


def validate_municipality_code(value: str):
    """Refuse a 全国地方公共団体コード that is not six digits with a correct check digit."""
    if not is_valid_municipality_code(value):
        raise ValidationError(
            "全国地方公共団体コードは6桁で、末尾の検査数字が正しい必要があります。", code="invalid"
        )
