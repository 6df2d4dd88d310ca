"""The error pages the project answers with itself (handler400 and handler500 in config/urls.py)."""

import sys

from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.template import loader

# While PostgreSQL restarts, a request can lose its connection: that is "try again shortly",
# not an error in Kyoten. Nothing was saved (each request is one transaction).
RETRY_AFTER_SECONDS = 10


def _unavailable() -> HttpResponse:
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def bad_request(request, exception):
    """A session that could not be saved at the end of the request (the database went away
    meanwhile) is "try again shortly" too; any other bad request gets the Japanese 400 page."""
    if isinstance(exception, SessionInterrupted):
        return _unavailable()
    return HttpResponseBadRequest(loader.render_to_string("400.html"))


def server_error(request):
    """A 503 with 「しばらくしてからもう一度お試しください」 when the database could not be reached,
    the 500 page otherwise. Rendered without the request's context: it may be what failed.
    Django has already logged the exception (django.request) before this runs."""
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        return _unavailable()
    return HttpResponseServerError(loader.render_to_string("500.html"))
