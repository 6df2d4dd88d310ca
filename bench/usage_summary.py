"""Benchmark: the annual usage summary at the scale of a whole prefecture.

Prints figures; asserts nothing (timing goals live here, not in unit tests).

    .venv/bin/python manage.py seed_demo --scale prefecture    # once: ~60 municipalities, 560 hubs
    DATABASE_URL=... .venv/bin/python bench/usage_summary.py

With `make run`'s private cluster, DATABASE_URL is printed by nothing: export it as
postgres://kyoten@%2F<checkout>%2Fvar%2Fpg%2Fsock/kyoten while `make run` is up.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from common.japanese import fiscal_year_of  # noqa: E402
from hubs.models import DailyUsage, Hub  # noqa: E402
from orgs.models import Municipality, Prefecture  # noqa: E402
from reports.usage_summary import scope_summary, usage_summary_pdf  # noqa: E402


def timed(label, func, repeat=3):
    runs = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            result = func()
            runs.append(time.perf_counter() - start)
        queries = len(ctx.captured_queries)
    print(f"{label:<48} median {statistics.median(runs) * 1000:8.1f} ms   queries {queries:3d}")
    return result


def main():
    prefecture = Prefecture.objects.get(code="11")
    fy = fiscal_year_of(DailyUsage.objects.latest("date").date) - 1
    hubs = Hub.objects.filter(municipality__prefecture=prefecture)
    print(
        f"{hubs.count()} hubs, {Municipality.objects.count()} municipalities, "
        f"{DailyUsage.objects.count():,} usage days; fiscal year {fy}\n"
    )
    all_hubs = Hub.objects.all()
    timed("summary: one hub", lambda: scope_summary(hubs.first(), hubs=all_hubs, fiscal_year=fy))
    city = Municipality.objects.get(code="112011")
    timed("summary: one municipality", lambda: scope_summary(city, hubs=all_hubs, fiscal_year=fy))
    summary = timed(
        "summary: whole prefecture",
        lambda: scope_summary(prefecture, hubs=all_hubs, fiscal_year=fy),
        repeat=2,
    )
    pdf = timed("PDF: whole prefecture", lambda: usage_summary_pdf(summary), repeat=2)
    print(
        f"\nprefecture PDF: {len(pdf) / 1024:.0f} KiB, {summary.total.visitors:,} visitors in the year"
    )


if __name__ == "__main__":
    main()
