"""Kept because migration hubs/0001 refers to this path; the places now live in `orgs`."""

from common.validators import validate_municipality_code

__all__ = ["validate_municipality_code"]
