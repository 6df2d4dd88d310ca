"""Turn a write refused by the year lock into a page that says why.

The refusal comes either from the application (common/locks.py raises YearLocked) or from
PostgreSQL, whose triggers refuse what bypasses the application (SQLSTATE KY001, with the same
Japanese text); both end on the same page, never a 500.
"""

from django.db import DatabaseError
from django.shortcuts import render

from .locks import YearLocked

LOCKED_SQLSTATE = "KY001"


def database_refusal(error: BaseException) -> str | None:
    """The Japanese message of a year-lock refusal raised by PostgreSQL, or None."""
    cause = error.__cause__
    if isinstance(error, DatabaseError) and getattr(cause, "sqlstate", None) == LOCKED_SQLSTATE:
        return cause.diag.message_primary  # type: ignore[union-attr]
    return None


class YearLockedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, YearLocked):
            message = str(exception)
        else:
            message = database_refusal(exception)
            if message is None:
                return None
        return render(request, "locked.html", {"message": message}, status=409)
