"""Turn a write refused by the year lock (common/locks.py) into a page that says why."""

from django.shortcuts import render

from .locks import YearLocked


class YearLockedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, YearLocked):
            return None
        return render(request, "locked.html", {"message": str(exception)}, status=409)
