"""The prefecture dashboard, the background PDF batches (real worker) and render_report."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.management import call_command
from django.test import override_settings

from common.services import Actor
from hubs.models import DailyUsage, HubService
from reports import batches, review
from reports.dashboard import build_dashboard
from reports.models import RenderBatch

FY = 2025


def test_dashboard_shares_statuses_and_hidden_small_counts(world):
    HubService.objects.create(hub=world.hub_a1, kind="ichiji", started_on=dt.date(2025, 10, 1))
    # Ended before FY2025: counts for FY2024 only.
    HubService.objects.create(
        hub=world.hub_b1,
        kind="riyosha_kihon",
        started_on=dt.date(2022, 4, 1),
        ended_on=dt.date(2025, 3, 31),
    )
    HubService.objects.create(hub=world.hub_a2, kind="shuccho", started_on=dt.date(2020, 4, 1))
    DailyUsage.objects.create(hub=world.hub_a1, date=dt.date(2025, 5, 1), mothers=30, children_0=20)
    DailyUsage.objects.create(hub=world.hub_b1, date=dt.date(2025, 5, 1), mothers=2, children_0=1)
    DailyUsage.objects.create(hub=world.hub_a1, date=dt.date(2024, 5, 1), mothers=4)
    review.submit(municipality=world.city_a, fiscal_year=FY, actor=Actor(world.users.officer_a))

    from orgs.models import Municipality

    board = build_dashboard(world.pref_p, Municipality.objects.filter(prefecture=world.pref_p), FY)
    lines = {line["row"].municipality.code: line for line in board.city_lines()}
    assert set(lines) == {"112011", "112020"}  # not the other prefecture's city
    a, b = lines["112011"], lines["112020"]
    assert (a["hubs"], a["multi"], a["share"]) == (2, 1, "50%")  # 出張ひろば is not 多機能
    assert (b["hubs"], b["multi"], b["share"]) == (1, 0, "0%")
    # 3 visitors in 熊谷: hidden; and 川越's 50 too, or 53 − 50 would give the 3 away.
    assert a["visitors"] == "–" and b["visitors"] == "–"
    assert a["visitors_before"] == "–"  # 4 in FY2024
    assert a["row"].status == "提出済み（審査中）" and b["row"].status == "未提出"
    years = {label: (hubs, multi, share) for label, hubs, multi, share, _ in board.year_rows()}
    assert years["令和6年度"] == (3, 1, "33%")
    assert years["令和7年度"] == (3, 1, "33%")
    assert "多機能化の推移" in board.multi_chart()
    # A 年度 no one entered is not 0 visitors: it says so.
    visitors = {label: v for label, _, _, _, v in board.year_rows()}
    assert visitors["令和3年度"] == "データなし" and visitors["令和7年度"] == "53"
    assert b["visitors_before"] == "データなし"  # 熊谷 entered nothing in FY2024


def test_dashboard_page_is_the_prefectures_only(client, world):
    client.force_login(world.users.pref_p)
    page = client.get(f"/reports/prefecture/11/{FY}/dashboard/").content.decode()
    assert "川越市" in page and "千代田区" not in page
    client.force_login(world.users.other_pref)
    assert client.get(f"/reports/prefecture/11/{FY}/dashboard/").status_code == 404


@pytest.fixture
def render_dir(tmp_path):
    with override_settings(KYOTEN_RENDER_DIR=tmp_path):
        yield tmp_path


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_batch_runs_in_the_real_worker_and_offers_the_zip(client, world, render_dir):
    client.force_login(world.users.pref_p)
    response = client.post(f"/reports/prefecture/11/{FY}/batches/new")
    batch = RenderBatch.objects.get()
    assert response["Location"] == f"/reports/prefecture/11/batches/{batch.public_id}/"
    assert batch.status == "queued" and batch.total == 2
    page = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in page  # keeps asking while queued
    assert client.get(response["Location"] + "download").status_code == 404

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.attempts) == ("done", 2, 1)
    page = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "every 2s" not in page and "ダウンロード" in page
    download = client.get(response["Location"] + "download")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert sorted(archive.namelist()) == ["112011_川越市.pdf", "112020_熊谷市.pdf"]
    assert archive.read("112011_川越市.pdf").startswith(b"%PDF")
    assert [p.name for p in render_dir.iterdir()] == [f"{batch.public_id}.zip"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_batch_leaves_no_file_and_can_be_retried(client, world, render_dir, monkeypatch):
    from reports import annual_files

    real_pdf = annual_files.annual_pdf
    calls = {"n": 0}

    def fail_second(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real_pdf(*args, **kwargs)

    monkeypatch.setattr(annual_files, "annual_pdf", fail_second)
    client.force_login(world.users.pref_p)
    client.post(f"/reports/prefecture/11/{FY}/batches/new")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    batch = RenderBatch.objects.get()
    assert (batch.status, batch.done) == ("failed", 1)
    assert "disk full" in batch.error
    assert list(render_dir.iterdir()) == []  # no half-written ZIP, no .part left
    url = f"/reports/prefecture/11/batches/{batch.public_id}/"
    assert client.get(url + "download").status_code == 404
    assert "もう一度作成する" in client.get(url).content.decode()

    client.post(url + "retry")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.attempts) == ("done", 2, 2)
    assert client.get(url + "download").status_code == 200


def test_retry_only_for_a_failed_or_stale_batch(client, world):
    from django.utils import timezone

    batch = RenderBatch.objects.create(
        prefecture=world.pref_p, fiscal_year=FY, requested_by=world.users.pref_p, status="running"
    )
    assert not batches.retry_batch(batch=batch, actor=Actor(world.users.pref_p))  # still moving
    # A worker killed outright never marks its batch: after 30 minutes without progress it may
    # be run again.
    RenderBatch.objects.filter(pk=batch.pk).update(
        updated_at=timezone.now() - dt.timedelta(minutes=31)
    )
    client.force_login(world.users.pref_p)
    page = client.get(f"/reports/prefecture/11/batches/{batch.public_id}/").content.decode()
    assert "30分以上進んでいません" in page and "every 2s" not in page
    batch.refresh_from_db()
    assert batches.retry_batch(batch=batch, actor=Actor(world.users.pref_p))
    batch.refresh_from_db()
    assert (batch.status, batch.done) == ("queued", 0)


def test_render_report_eligibility_for_a_hub_and_a_municipality(world, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "hub.pdf"
    call_command(
        "render_report",
        "eligibility",
        "--hub",
        str(world.hub_a1.public_id),
        "--fiscal-year",
        "2025",
        "--output",
        str(out),
    )
    text = "".join(p.extract_text() for p in PdfReader(out).pages).replace(" ", "")
    assert "補助要件判定表" in text and "ひろばA1" in text
    out = tmp_path / "city.pdf"
    call_command(
        "render_report",
        "eligibility",
        "--municipality",
        "112011",
        "--fiscal-year",
        "2025",
        "--output",
        str(out),
    )
    text = "".join(p.extract_text() for p in PdfReader(out).pages).replace(" ", "")
    assert "実績報告書" in text and "ひろばA2" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["city.pdf", "hub.pdf"]

    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--hub か --municipality"):
        call_command(
            "render_report",
            "eligibility",
            "--prefecture",
            "11",
            "--fiscal-year",
            "2025",
            "--output",
            str(tmp_path / "x.pdf"),
        )


def test_a_worker_stopped_mid_run_leaves_no_file_and_a_retryable_batch(
    world, render_dir, monkeypatch
):
    from reports import annual_files

    def stopped(*args, **kwargs):
        raise SystemExit(1)  # what db_worker does on SIGTERM while a task runs

    monkeypatch.setattr(annual_files, "annual_pdf", stopped)
    batch = RenderBatch.objects.create(
        prefecture=world.pref_p, fiscal_year=FY, requested_by=world.users.pref_p
    )
    with pytest.raises(SystemExit):
        batches.run_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "failed" and "停止" in batch.error
    assert list(render_dir.iterdir()) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_batch_whose_worker_died_is_queued_again_and_finishes(world, render_dir):
    """SIGKILL (or a machine restart) leaves the task RUNNING for ever and a .part behind:
    recover_batches queues the batch again, marks the lost task failed, removes the .part."""
    import datetime as dt

    from django.tasks.base import TaskResultStatus
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from reports.tasks import render_prefecture_reports

    batch = RenderBatch.objects.create(
        prefecture=world.pref_p, fiscal_year=FY, requested_by=world.users.pref_p, total=2
    )
    render_prefecture_reports.enqueue(batch.pk)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=timezone.now())
    RenderBatch.objects.filter(pk=batch.pk).update(status="running", done=1)
    part = render_dir / f"{batch.public_id}.zip.part"
    part.write_bytes(b"PK half a zip")
    # A batch running now, as far as anyone can tell, is left alone without --all.
    assert batches.recover_batches() == []
    RenderBatch.objects.filter(pk=batch.pk).update(
        updated_at=timezone.now() - RenderBatch.STALE_AFTER - dt.timedelta(minutes=1)
    )
    call_command("recover_batches")
    batch.refresh_from_db()
    assert (batch.status, batch.done) == ("queued", 0)
    assert not part.exists()
    statuses = sorted(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == ["FAILED", "READY"]  # the lost one, and the new one
    lost = DBTaskResult.objects.get(status="FAILED")
    assert lost.exception_class_path.endswith("WorkerLost")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    batch.refresh_from_db()
    assert (batch.status, batch.done) == ("done", 2)
    assert [p.name for p in render_dir.iterdir()] == [f"{batch.public_id}.zip"]
