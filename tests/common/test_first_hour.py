"""A newcomer's first hour: manage.py from a second shell, the client address behind proxies."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings

from common.net import client_ip

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, env):
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd="/",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_local_settings_find_the_private_cluster_without_exporting_anything():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    code = "from django.conf import settings; print(settings.DATABASES['default']['HOST'])"
    done = subprocess.run(  # noqa: S603 (a fixed snippet)
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(ROOT / "var" / "pg" / "sock")


def test_a_database_that_is_not_there_is_one_japanese_line_not_a_traceback(tmp_path):
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    env["DATABASE_URL"] = f"postgres://kyoten@{str(tmp_path).replace('/', '%2F')}/kyoten"
    done = _manage("demo_accounts", "--codes", env=env)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("データベースに接続できません。`make run` を起動しているか")


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy: the peer, whatever the header says
        (1, "203.0.113.9", "203.0.113.9"),  # the proxy wrote the client's address
        (1, "1.1.1.1, 203.0.113.9", "203.0.113.9"),  # the client's own header is not trusted
        (2, "1.1.1.1, 203.0.113.9, 10.0.0.7", "203.0.113.9"),  # LB then the web server
        (2, "203.0.113.9", "10.0.0.2"),  # fewer entries than proxies: not through them all
        (1, "not-an-address", "10.0.0.2"),
    ],
)
def test_the_client_address_is_the_one_the_outermost_proxy_saw(proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(KYOTEN_PROXY_COUNT=proxies):
        assert client_ip(request) == expected


@pytest.mark.django_db
def test_the_audit_log_records_the_client_behind_the_proxy(client):
    from accounts.models import AuditEvent
    from tests.factories import UserFactory

    UserFactory(username="proxied", password="a-long-password-1")
    with override_settings(KYOTEN_PROXY_COUNT=1):
        client.post(
            "/accounts/login/",
            {"username": "proxied", "password": "a-long-password-1"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    event = AuditEvent.objects.filter(actor_username="proxied").latest("at")
    assert event.ip_address == "203.0.113.9"


def test_a_large_linker_cache_does_not_report_pango_missing(tmp_path):
    """`ldconfig -p | grep -q` under pipefail died of SIGPIPE (141) on a large cache."""
    fake = tmp_path / "ldconfig"
    fake.write_text(
        "#!/bin/sh\necho '\tlibpango-1.0.so.0 (libc6,x86-64) => /usr/lib/libpango-1.0.so.0'\n"
        'i=0; while [ $i -lt 20000 ]; do echo "\tlibfiller$i.so (libc6)"; i=$((i+1)); done\n'
    )
    fake.chmod(0o755)
    script = (
        f"source {ROOT / 'scripts' / 'lib.sh'}; "
        "has_library libpango-1.0.so && echo found; has_library libnothing.so || echo absent"
    )
    done = subprocess.run(  # noqa: S603 (scripts/lib.sh, as make runs it)
        ["bash", "-c", script],  # noqa: S607
        env={**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.split() == ["found", "absent"], done.stderr
