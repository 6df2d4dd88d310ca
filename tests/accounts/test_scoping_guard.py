"""The scoping guard (common/scoping.py): in a request, a tenant-owned query that did not pass
through accounts.access fails loudly; every model of ours is either tenant-owned or says why not."""

import datetime as dt
from pathlib import Path

import pytest
from django.apps import apps
from django.db.models import Count, Prefetch
from django.test import override_settings

from accounts.access import LEVELS, scoped, shared, tenant_model, within
from common.scoping import TenantOwned, UnscopedQuery, guarded, the_row, unscoped
from hubs.models import Assignment, DailyUsage, Hub, TrainingCourse, TrainingRecord
from tests.factories import AssignmentFactory, UserFactory, verify

ROOT = Path(__file__).resolve().parent.parent.parent
OUR_APPS = {"accounts", "common", "orgs", "hubs", "consultations", "reports", "portal", "demo"}

# Models that belong to no one tenant, and why. Everything else is TenantOwned.
SHARED = {
    "accounts.User": "an account; its role assignments say what it reaches",
    "accounts.RoleAssignment": "the scoping's own table",
    "accounts.AuditEvent": "the append-only log, keyed by municipality code; read by audit pages "
    "that resolve the municipality or family first",
    "common.LockedYear": "lock state kept by a trigger and read by triggers",
    "orgs.Operator": "a 運営主体 may run hubs in several municipalities",
    "reports.UnitPrice": "national 交付要綱 figures",
    "reports.CostShare": "national cost shares",
    "consultations.Topic": "the fixed list of consultation topics",
    "consultations.DisposalEntry": "the disposal register, keyed by municipality code like the "
    "audit log",
}


def _our_models():
    return [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]


def test_every_model_is_tenant_owned_or_says_why_not():
    undeclared = [
        m._meta.label
        for m in _our_models()
        if not issubclass(m, TenantOwned) and m._meta.label not in SHARED
    ]
    assert undeclared == []
    assert all(apps.get_model(label) for label in SHARED)
    assert not [label for label in SHARED if issubclass(apps.get_model(label), TenantOwned)]


def _follow(model, path: str):
    """The model at the end of a scope path."""
    if path == "pk":
        return model
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def test_every_scope_path_ends_at_the_tenant_of_its_level():
    wrong = []
    for model in _our_models():
        if not issubclass(model, TenantOwned):
            continue
        assert model.scope_paths, model._meta.label
        for level, path in model.scope_paths.items():
            assert level in LEVELS, (model._meta.label, level)
            if _follow(model, path) is not tenant_model(level):
                wrong.append(f"{model._meta.label}.{level}: {path}")
    assert wrong == []


@pytest.fixture
def usage(world):
    for hub in (world.hub_a1, world.hub_b1):
        DailyUsage.objects.create(hub=hub, date=dt.date(2026, 5, 1), mothers=3)
    return world


def test_an_unscoped_read_fails_loudly_while_guarded(usage):
    with guarded():
        for read in (
            lambda: list(DailyUsage.objects.all()),
            lambda: DailyUsage.objects.count(),
            lambda: DailyUsage.objects.exists(),
            lambda: DailyUsage.objects.filter(hub=usage.hub_a1).first(),
            lambda: DailyUsage.objects.aggregate(n=Count("id")),
            lambda: DailyUsage.objects.update(mothers=0),
            lambda: DailyUsage.objects.all().delete(),
            lambda: next(DailyUsage.objects.iterator()),
        ):
            with pytest.raises(UnscopedQuery):
                read()
    assert DailyUsage.objects.filter(mothers=3).count() == 2  # nothing was changed


def test_the_scoped_ways_read_only_what_they_should(usage):
    officer_a = usage.users.officer_a
    with guarded():
        assert scoped(officer_a, DailyUsage).count() == 1
        assert within(usage.hub_b1, DailyUsage).get().hub_id == usage.hub_b1.pk
        assert within(usage.city_a, DailyUsage).count() == 1
        assert within(scoped(officer_a, Hub), DailyUsage).count() == 1
        assert within([], DailyUsage).count() == 0
        assert usage.hub_a1.usage.count() == 1  # a related manager hangs from a loaded row
        row = within(usage.hub_a1, DailyUsage).get()
        assert the_row(row).update(mothers=4) == 1
        assert DailyUsage.objects.create(hub=usage.hub_a2, date=dt.date(2026, 5, 2)).pk
        with unscoped("a system check"):
            assert DailyUsage.objects.count() == 3
        with pytest.raises(UnscopedQuery):
            within(Hub.objects.all(), DailyUsage)
        with pytest.raises(TypeError):
            within(usage.hub_a1, TrainingCourse)  # a course belongs to a municipality, not a hub
    with pytest.raises(ValueError), unscoped(""):
        pass


def test_a_prefetch_under_a_scoped_query_is_scoped(usage):
    national = TrainingCourse.objects.filter(municipality__isnull=True).count()
    TrainingCourse.objects.create(code="test-national", name="全国の研修")
    TrainingCourse.objects.create(code="test-city", name="熊谷市の研修", municipality=usage.city_b)
    assert shared(TrainingCourse).count() == national + 1
    hub = usage.hub_a1
    assignment = AssignmentFactory(hub=hub)
    TrainingRecord.objects.create(
        staff=assignment.staff,
        course=shared(TrainingCourse).first(),
        completed_on=dt.date(2026, 4, 1),
    )
    with guarded():
        rows = list(
            within(hub, Assignment).prefetch_related(
                Prefetch("staff__training", queryset=TrainingRecord.objects.all())
            )
        )
        assert [len(a.staff.training.all()) for a in rows] == [1]
        assert within(hub.municipality, TrainingCourse).count() == 0
        both = within(usage.city_b, TrainingCourse) | shared(TrainingCourse)
        assert both.count() == national + 2


def test_nothing_is_guarded_outside_a_request(usage):
    assert DailyUsage.objects.count() == 2


@override_settings(ROOT_URLCONF="tests.accounts.scoping_urls")
def test_a_view_that_forgets_the_scope_fails_and_one_that_scopes_answers(usage, client):
    client.force_login(usage.users.officer_a)
    with pytest.raises(UnscopedQuery):
        client.get("/forgets/")
    assert client.get("/scoped/").content == b"1"


def test_the_admin_is_left_to_djangos_own_permissions(usage, client):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    verify(client, root)
    assert client.get("/admin/hubs/dailyusage/").status_code == 200


def test_only_the_scoping_marks_a_queryset_scoped_or_reaches_past_the_manager():
    allowed = {"common/scoping.py", "accounts/access.py", "accounts/personal.py", "common/locks.py"}
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        relative = str(path.relative_to(ROOT))
        if relative.startswith((".venv", "tests/")) or relative in allowed:
            continue
        text = path.read_text(encoding="utf-8")
        if "mark_scoped(" in text or "_base_manager" in text or "_kyoten_scoped" in text:
            offenders.append(relative)
    assert offenders == []
