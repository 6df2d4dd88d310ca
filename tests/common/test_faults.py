"""Faults against the real PostgreSQL: a database that cannot be reached answers a Japanese 503
(never a 500) and loses nothing; after a restart every request succeeds again."""

import datetime as dt
import os
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test import Client

from tests.factories import UserFactory, grant

CSRF = "k" * 32  # a token of the right shape, in the cookie and the header alike


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_that_cannot_be_reached_answers_503_and_is_logged(caplog):
    user = UserFactory(username="fault_a")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    settings_dict = connection.settings_dict
    host, port = settings_dict["HOST"], settings_dict["PORT"]
    connection.close()
    # A real connection failure: nothing listens there.
    settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", "9"
    try:
        response = client.get("/")
    finally:
        connection.close()
        settings_dict["HOST"], settings_dict["PORT"] = host, port
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    body = response.content.decode()
    assert "しばらくしてからもう一度お試しください" in body and "保存されていません" in body
    assert any(r.name == "django.request" and r.levelname == "ERROR" for r in caplog.records)
    assert client.get("/").status_code == 200  # and it answers again once the database does


def _pg_ctl() -> list[str]:
    pg_ctl = next(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    base = Path(os.environ["KYOTEN_TEST_PGDIR"])
    command = [str(pg_ctl), "-D", str(base / "data"), "-l", str(base / "server.log")]
    command += ["-m", "fast", "-w", "restart"]
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.mark.fault
@pytest.mark.skipif(
    "KYOTEN_TEST_PGDIR" not in os.environ, reason="make test runs it alone, on its own cluster"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgresql_restarted_under_load_fails_no_request_after_it_and_loses_nothing(
    live_server, world
):
    """Eight clients read and write through the live server (a real WSGI server thread); the
    cluster restarts half-way. Requests cut off answer 503 (not saved, and said so); every
    request once it is back succeeds; every value the server said it saved is there."""
    from hubs.models import DailyUsage

    hub = world.hub_a1
    day = dt.date(2025, 6, 2)
    cookies = []
    for i in range(8):
        user = grant(UserFactory(username=f"load{i}"), "hub_staff", hub=hub)
        client = Client()
        client.force_login(user)
        cookies.append(f"sessionid={client.cookies['sessionid'].value}")
    fields = DailyUsage.COUNT_FIELDS[:8]  # one column per client
    results: list[tuple[float, int]] = []
    saved: dict[str, int] = {}
    lock = threading.Lock()
    deadline = time.monotonic() + 8
    restart = {"start": float("inf"), "end": float("inf")}

    def request(cookie, path, data=None):
        body = None if data is None else "&".join(f"{k}={v}" for k, v in data.items()).encode()
        req = urllib.request.Request(live_server.url + path, data=body)  # noqa: S310 (loopback)
        req.add_header("Cookie", f"{cookie}; csrftoken={CSRF}")
        req.add_header("X-CSRFToken", CSRF)
        try:
            with urllib.request.urlopen(req, timeout=20) as r:  # noqa: S310 (loopback)
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, ""
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, ""

    def load(cookie, field):
        n = 0
        while time.monotonic() < deadline:
            n += 1
            sent = time.monotonic()  # requests are placed by when they were sent
            status, body = request(
                cookie,
                f"/hubs/{hub.public_id}/usage/{day}/cell/",
                {"field": field, "value": str(n), "confirm": "1"},
            )
            with lock:
                results.append((sent, status))
                if status == 200 and "を保存しました" in body:
                    saved[field] = n
            sent = time.monotonic()
            status, _ = request(cookie, f"/hubs/{hub.public_id}/")
            with lock:
                results.append((sent, status))

    threads = [threading.Thread(target=load, args=a) for a in zip(cookies, fields, strict=True)]
    for t in threads:
        t.start()
    time.sleep(3)
    restart["start"] = time.monotonic()
    subprocess.run(_pg_ctl(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    restart["end"] = time.monotonic()
    for t in threads:
        t.join()
    connections.close_all()  # this thread's connection died with the restart too

    after = Counter(s for at, s in results if at > restart["end"] + 1)
    during = Counter(s for at, s in results if at <= restart["end"] + 1)
    assert after and set(after) == {200}, (after, during)
    assert 500 not in during and set(during) <= {200, 503}, during
    row = DailyUsage.objects.get(hub=hub, date=day)
    assert {f: getattr(row, f) for f in saved} == saved


def test_a_session_that_could_not_be_saved_is_try_again_and_other_bad_requests_are_japanese(rf):
    from django.contrib.sessions.exceptions import SessionInterrupted
    from django.core.exceptions import SuspiciousOperation

    from common.views import bad_request

    response = bad_request(rf.get("/"), SessionInterrupted("deleted"))
    assert response.status_code == 503 and "しばらくしてから" in response.content.decode()
    response = bad_request(rf.get("/"), SuspiciousOperation("x"))
    assert response.status_code == 400 and "受け付けられませんでした" in response.content.decode()


def _worker_env() -> dict:
    """The environment of a worker process on the test database (the same settings)."""
    from urllib.parse import quote

    s = connection.settings_dict
    url = f"postgres://{quote(s['USER'])}:{quote(s['PASSWORD'] or '')}@{quote(s['HOST'], safe='')}"
    url += f":{s['PORT'] or 5432}/{s['NAME']}"
    return os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}


@pytest.mark.fault
@pytest.mark.skipif(
    "KYOTEN_TEST_PGDIR" not in os.environ, reason="make test runs it alone, on its own cluster"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_batch_and_started_again_finishes_the_batch(world):
    """A real db_worker process renders a prefecture's batch and is killed (SIGKILL) part-way;
    started again as `make run` starts it (recover_batches --all first), the batch finishes:
    every PDF in the ZIP, no .part left, the lost task marked failed."""
    import signal
    import sys
    import zipfile

    from django.conf import settings
    from django.core.management import call_command

    from reports.batches import start_batch
    from reports.models import RenderBatch
    from tests.factories import HubFactory, MunicipalityFactory

    for n in range(6):  # enough municipalities that the kill lands in the middle
        MunicipalityFactory(prefecture=world.pref_p, name=f"試験町{n}")
    for city in world.pref_p.municipalities.filter(name__startswith="試験町"):
        HubFactory(municipality=city, name=f"{city.name}ひろば")
    from common.services import Actor

    batch = start_batch(
        prefecture=world.pref_p, fiscal_year=2025, actor=Actor(user=world.users.pref_p)
    )
    assert batch.total == 8
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    env = _worker_env()
    worker = subprocess.Popen(  # noqa: S603
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            batch.refresh_from_db()
            if batch.done >= 2:
                break
            time.sleep(0.05)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    batch.refresh_from_db()
    assert batch.status == "running" and 2 <= batch.done < 8, (batch.status, batch.done)
    final = Path(settings.KYOTEN_RENDER_DIR) / f"{batch.public_id}.zip"
    assert not final.exists() and final.with_name(final.name + ".part").exists()

    call_command("recover_batches", "--all")  # what scripts/run.sh runs before each start
    worker = subprocess.Popen(  # noqa: S603
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            batch.refresh_from_db()
            if batch.status in ("done", "failed"):
                break
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert (batch.status, batch.done, batch.attempts) == ("done", 8, 2), batch.error
    names = zipfile.ZipFile(final).namelist()
    assert len(names) == 8 and all(n.endswith(".pdf") for n in names)
    assert not final.with_name(final.name + ".part").exists()
    final.unlink()
    assert RenderBatch.objects.count() == 1


@pytest.mark.fault
@pytest.mark.skipif(
    "KYOTEN_TEST_PGDIR" not in os.environ or os.geteuid() != 0,
    reason="make test runs it alone, as root (it mounts a small filesystem)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_full_render_disk_fails_the_batch_cleanly(world, tmp_path, client):
    """The render folder on a real, nearly full 1 MiB filesystem: the ZIP cannot be written. The batch fails
    with a Japanese reason, leaves no file, the page says so, and it runs again once there is room."""
    from django.core.management import call_command
    from django.test import override_settings

    from common.services import Actor
    from reports.batches import start_batch
    from reports.models import RenderBatch

    folder = tmp_path / "renders"
    folder.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)]
    subprocess.run(mount, check=True)  # noqa: S603
    try:
        with override_settings(KYOTEN_RENDER_DIR=folder):
            (folder / "filler").write_bytes(b"x" * 1_020_000)  # other files use nearly all of it
            batch = start_batch(
                prefecture=world.pref_p, fiscal_year=2025, actor=Actor(user=world.users.pref_p)
            )
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
            batch.refresh_from_db()
            assert batch.status == "failed"
            assert "空き容量が足りない" in batch.error and "Errno" not in batch.error
            assert sorted(p.name for p in folder.iterdir()) == ["filler"]  # no .part, no .zip
            client.force_login(world.users.pref_p)
            page = client.get(f"/reports/prefecture/11/batches/{batch.public_id}/").content.decode()
            assert "空き容量が足りない" in page and "もう一度作成する" in page
            (folder / "filler").unlink()
            client.post(f"/reports/prefecture/11/batches/{batch.public_id}/retry")
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
            batch.refresh_from_db()
            assert batch.status == "done", batch.error
            assert RenderBatch.objects.count() == 1
    finally:
        subprocess.run(["umount", str(folder)], check=True)  # noqa: S603, S607
