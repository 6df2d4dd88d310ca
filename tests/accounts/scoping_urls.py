"""Two views for tests/accounts/test_scoping_guard.py: one that forgets the scoping."""

from django.http import HttpResponse
from django.urls import path

from accounts.access import scoped
from hubs.models import DailyUsage


def forgets_the_scope(request):
    return HttpResponse(str(DailyUsage.objects.count()))


def goes_through_the_scope(request):
    return HttpResponse(str(scoped(request.user, DailyUsage).count()))


urlpatterns = [
    path("forgets/", forgets_the_scope),
    path("scoped/", goes_through_the_scope),
]
