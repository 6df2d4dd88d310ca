"""Benchmark: each page's time beside the SQL it runs, at demo, prefecture and national scale.

Prints figures; asserts nothing (timing goals live here and in docs/performance.md).

    .venv/bin/python manage.py seed_demo --scale national --years 10   # once, a few minutes
    .venv/bin/python bench/pages.py [--runs 3]

Pages are requested through Django's test client with the demo accounts (force_login), so the
figures are the app's own work: no network, no gunicorn. For each page: the median time, the time
its SQL took (as PostgreSQL answered it), their ratio and the number of queries. A page whose
scope is not in the database (no national data) is left out.
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import RoleAssignment, User  # noqa: E402
from common.japanese import fiscal_year_of  # noqa: E402
from hubs.models import Hub  # noqa: E402
from orgs.models import Prefecture  # noqa: E402

settings.ALLOWED_HOSTS = ["testserver"]


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int, int]:
    """Median page time, the SQL time of that run, the query count, the status."""
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - start
        sql = sum(float(q["time"]) for q in queries.captured_queries)
        timings.append((elapsed, sql, len(queries.captured_queries), response.status_code))
    timings.sort()
    return timings[len(timings) // 2]


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    fy = fiscal_year_of(dt.date.today()) - 1
    hub = Hub.objects.get(name="かわごえ子育て支援センター すくすく")
    pages = [
        ("demo", "demo_hub", "拠点のページ", f"/hubs/{hub.public_id}/"),
        ("demo", "demo_hub", "日別の入力（月）", f"/hubs/{hub.public_id}/usage/{fy}/6/"),
        (
            "demo",
            "demo_city",
            "川越市 利用実績集計",
            f"/reports/usage-summary/municipality/112011/{fy}/",
        ),
        ("demo", "demo_city", "川越市 年次報告", f"/reports/annual/112011/{fy}/"),
        (
            "prefecture",
            "demo_pref",
            "埼玉県 ダッシュボード",
            f"/reports/prefecture/11/{fy}/dashboard/",
        ),
        (
            "prefecture",
            "demo_pref",
            "埼玉県 利用実績集計",
            f"/reports/usage-summary/prefecture/11/{fy}/",
        ),
    ]
    if Prefecture.objects.filter(code="13", municipalities__isnull=False).exists():
        # 東京都 holds 37 of the national towns: a prefecture of the national data.
        officer, _ = User.objects.get_or_create(username="bench_pref_13")
        RoleAssignment.objects.get_or_create(
            user=officer, role="prefecture_officer", prefecture=Prefecture.objects.get(code="13")
        )
        pages += [
            (
                "national",
                "bench_pref_13",
                "東京都 ダッシュボード",
                f"/reports/prefecture/13/{fy}/dashboard/",
            ),
            (
                "national",
                "bench_pref_13",
                "東京都 利用実績集計",
                f"/reports/usage-summary/prefecture/13/{fy}/",
            ),
        ]
    clients: dict[str, Client] = {}
    print(
        f"{'scale':10} {'page':24} {'page ms':>8} {'SQL ms':>8} {'ratio':>6} {'queries':>7} status"
    )
    for scale, username, label, url in pages:
        client = clients.setdefault(username, client_for(username))
        elapsed, sql, count, status = measure(client, url, args.runs)
        ratio = elapsed / sql if sql else float("inf")
        print(
            f"{scale:10} {label:24} {elapsed * 1000:8.0f} {sql * 1000:8.0f} {ratio:6.1f} "
            f"{count:7d} {status}"
        )


if __name__ == "__main__":
    main()
