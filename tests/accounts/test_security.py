"""Login, lockout, session lifetime, headers and the append-only audit log."""

import datetime as dt

import pytest
import time_machine
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from accounts.models import AuditEvent
from tests.factories import verify

PASSWORD = "correct-horse-battery"


def _login(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_page_is_japanese(client, db):
    body = client.get(reverse("accounts:login")).content.decode()
    assert "ログイン" in body and "パスワード" in body


def test_wrong_password_gives_a_japanese_error_and_is_audited(client, world):
    response = _login(client, "staff_a", "wrong")
    assert "ユーザー名またはパスワードが正しくありません" in response.content.decode()
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert event.actor_username == "staff_a"
    assert "wrong" not in str(event.detail)


def test_successful_login_is_audited_with_role_and_address(client, world):
    response = _login(client, "staff_a")
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN)
    assert event.actor_username == "staff_a"
    assert "拠点職員" in event.roles
    assert event.scope == f"hub:{world.hub_a1.public_id}"
    assert event.ip_address == "127.0.0.1"


def test_full_width_username_still_logs_in(client, world):
    assert _login(client, "ｓｔａｆｆ＿ａ").status_code == 302


def test_lockout_is_keyed_by_username_not_address(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "staff_a", "wrong")
    locked = _login(client, "staff_a")  # the right password no longer helps
    assert locked.status_code == 429
    assert "一時停止" in locked.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKED_OUT).exists()
    # A colleague at the same town-hall address is not locked out.
    assert _login(client, "viewer_a").status_code == 302


def test_lockout_ends_after_the_cool_off(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "staff_a", "wrong")
    assert _login(client, "staff_a").status_code == 429
    with time_machine.travel(
        dt.datetime.now(dt.UTC) + dt.timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)
    ):
        assert _login(client, "staff_a").status_code == 302


def test_idle_session_expires_after_30_minutes(client, world):
    start = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        _login(client, "staff_a")
        assert client.get(reverse("hubs:list")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=25), tick=False):
        assert client.get(reverse("hubs:list")).status_code == 200  # activity renews the session
    with time_machine.travel(start + dt.timedelta(minutes=56), tick=False):
        response = client.get(reverse("hubs:list"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_session_ends_10_hours_after_login_however_active(client, world):
    start = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        _login(client, "staff_a")
    for minutes in range(20, 600, 20):
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("hubs:list")).status_code == 200
    with time_machine.travel(start + dt.timedelta(hours=10, minutes=5), tick=False):
        assert client.get(reverse("hubs:list")).status_code == 302


def test_security_headers_and_no_store(client, world):
    client.force_login(world.users.staff_a)
    response = client.get(reverse("hubs:staff", args=[world.hub_a1.public_id]))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert (
        "object-src 'none'" in csp and "base-uri 'none'" in csp and "frame-ancestors 'none'" in csp
    )
    assert "http" not in csp  # no outside host
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_pages_load_nothing_from_outside(client, world):
    client.force_login(world.users.staff_a)
    body = client.get(
        reverse("hubs:usage_month", args=[world.hub_a1.public_id, 2025, 6])
    ).content.decode()
    assert "http://" not in body and "https://" not in body.replace("http://www.w3.org", "")
    assert "/static/django_htmx/htmx" in body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_audit_rows_cannot_be_updated_or_deleted_in_postgresql():
    event = AuditEvent.objects.create(action=AuditEvent.Action.LOGIN, actor_username="x")
    with pytest.raises(DatabaseError, match="追記のみ"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(actor_username="y")
    with pytest.raises(DatabaseError, match="追記のみ"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_auditevent")
    assert AuditEvent.objects.get(pk=event.pk).actor_username == "x"


def test_master_data_change_in_admin_is_audited(client, world):
    from accounts.models import User

    admin = User.objects.create_superuser("root", password=PASSWORD)
    client.force_login(admin)
    # Without the second factor the admin sends a superuser to the code page.
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"].startswith("/accounts/two-factor/")
    verify(client, admin)
    url = reverse("admin:orgs_operator_change", args=[world.hub_a1.operator.pk])
    response = client.post(url, {"name": "NPO法人 あたらしい名前", "kana": "", "kind": "npo"})
    assert response.status_code == 302
    event = AuditEvent.objects.filter(
        action=AuditEvent.Action.UPDATE, object_type="orgs.Operator"
    ).get()
    assert event.actor_username == "root"
    assert event.detail["fields"] == ["name"]


def test_production_settings_refuse_demo_users(db, settings):
    from django.core.exceptions import ImproperlyConfigured

    from demo.checks import refuse_demo_users
    from tests.factories import UserFactory

    settings.KYOTEN_REFUSE_DEMO_USERS = True
    refuse_demo_users()  # no demo user yet: starts
    UserFactory(username="demo_city")
    with pytest.raises(ImproperlyConfigured, match="demo_city"):
        refuse_demo_users()


def test_remove_demo_users_lets_production_start(db, settings):
    from django.core.management import call_command

    from demo.checks import demo_users_present, refuse_demo_users
    from tests.factories import UserFactory

    UserFactory(username="demo_hub")
    UserFactory(username="someone_real")
    settings.KYOTEN_REFUSE_DEMO_USERS = True
    call_command("remove_demo_users")
    assert demo_users_present() == []
    refuse_demo_users()
    from accounts.models import User

    assert User.objects.filter(username="someone_real").exists()
