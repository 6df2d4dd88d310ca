"""Benchmark: a large ファミリー・サポート・センター, N against 10N in one run.

Prints figures; asserts nothing (timing goals live here, not in unit tests). Builds a centre of
its own inside a transaction that is rolled back at the end, so any migrated database will do
(the demo's, or `make test`'s throw-away cluster):

    DATABASE_URL=... .venv/bin/python bench/famisapo_centre.py

- matching: the candidates for one request among 300 and 3,000 helpers (each with a profile,
  two weekly slots and a full course of training records);
- fees: a month of 500 and 5,000 activities priced by the fee engine, then the month's
  statements (per requester and per helper) read back from the database;
- report: the 月報 figures of a centre with 500 and 5,000 members (status history, a year of
  activities).
"""

import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from families.models import Family  # noqa: E402
from famisapo import fees  # noqa: E402
from famisapo.figures import figures, month_period  # noqa: E402
from famisapo.models import (  # noqa: E402
    Activity,
    AreaPoint,
    Availability,
    Centre,
    Curriculum,
    FeeScheduleRow,
    HelperProfile,
    Member,
    MemberChild,
    MemberStatus,
    Request,
    StatusChange,
    Subject,
    SubjectKind,
    TrainingRecord,
)
from famisapo.selectors_activities import candidates, schedule_for, statements  # noqa: E402
from orgs.models import Municipality  # noqa: E402

MONTH = dt.date(2025, 10, 1)
SCHEDULE = {
    "bands": [
        {"days": "平日", "from": "07:00", "to": "19:00", "yen_per_hour": 700},
        {"days": "平日", "from": "19:00", "to": "22:00", "yen_per_hour": 800},
        {"days": "土日祝", "from": "07:00", "to": "22:00", "yen_per_hour": 800},
        {"days": "毎日", "from": "22:00", "to": "07:00", "yen_per_hour": 1000},
    ],
    "additional_children_percent": [50],
    "reductions": {"ひとり親": {"percent": 50}},
    "city_share": {"yen_per_hour": 200},
}
SUBJECTS = [
    ("保育の心", SubjectKind.BASIC, 2),
    ("小児看護の基礎", SubjectKind.BASIC, 4),
    ("緊急救命講習", SubjectKind.RESCUE, 3),
    ("事故防止講習", SubjectKind.ACCIDENT, 2),
]
AREAS = ["脇田町", "新富町", "連雀町", "霞ケ関北", "的場", "南大塚"]


def timed(label, func, repeat=3):
    runs, queries, result = [], 0, None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            result = func()
            runs.append(time.perf_counter() - start)
        queries = len(ctx.captured_queries)
    median = statistics.median(runs)
    print(f"  {label:<52} median {median * 1000:8.1f} ms   queries {queries:4d}")
    return median, result


def build_centre(municipality, name: str, helpers: int, requesters: int, rng) -> Centre:
    centre = Centre.objects.create(municipality=municipality, name=name)
    curriculum = Curriculum.objects.create(centre=centre, valid_from=dt.date(2010, 4, 1))
    Subject.objects.bulk_create(
        Subject(curriculum=curriculum, name=n, kind=k, hours=h, order=i)
        for i, (n, k, h) in enumerate(SUBJECTS)
    )
    FeeScheduleRow.objects.create(centre=centre, valid_from=dt.date(2025, 4, 1), data=SCHEDULE)
    # The 町 have points, so matching also measures distances between homes.
    AreaPoint.objects.bulk_create(
        AreaPoint(
            centre=centre,
            name=area,
            latitude=Decimal("35.9") + Decimal(i) / 100,
            longitude=Decimal("139.45") + Decimal(i) / 100,
        )
        for i, area in enumerate(AREAS)
    )
    families = Family.objects.bulk_create(
        Family(municipality=municipality, family_name="会員", family_name_kana=f"カイイン{i:05d}")
        for i in range(helpers, helpers + requesters)
    )
    members = Member.objects.bulk_create(
        Member(
            centre=centre,
            number=f"{i:05d}",
            kind="helper" if i < helpers else "requester",
            family=None if i < helpers else families[i - helpers],
            name=f"会員 {i}",
            kana=f"カイイン{i:05d}",
            phone="0490000000",
            address_area=f"{rng.choice(AREAS)}{rng.randrange(1, 5)}丁目",
            birth_date=dt.date(rng.randrange(1950, 1995), 1, 1),
            registered_on=dt.date(2020, 4, 1) + dt.timedelta(days=rng.randrange(1800)),
        )
        for i in range(helpers + requesters)
    )
    StatusChange.objects.bulk_create(
        StatusChange(member=m, on=m.registered_on, status=MemberStatus.ACTIVE) for m in members
    )
    StatusChange.objects.bulk_create(
        StatusChange(member=m, on=dt.date(2025, 10, 15), status=MemberStatus.LEFT)
        for m in members[::25]
    )
    helper_rows = [m for m in members if m.kind == "helper"]
    HelperProfile.objects.bulk_create(
        HelperProfile(member=m, areas="、".join(rng.sample(AREAS, 2))) for m in helper_rows
    )
    Availability.objects.bulk_create(
        Availability(member=m, weekday=d, start=dt.time(8), end=dt.time(20))
        for m in helper_rows
        for d in rng.sample(range(7), 2)
    )
    TrainingRecord.objects.bulk_create(
        TrainingRecord(
            member=m, subject=n, kind=k, hours=h, taken_on=m.registered_on - dt.timedelta(days=30)
        )
        for m in helper_rows
        for n, k, h in SUBJECTS
    )
    MemberChild.objects.bulk_create(
        MemberChild(member=m, name="子", birth_date=dt.date(2020, 5, 1))
        for m in members
        if m.kind == "requester"
    )
    return centre


def add_activities(centre, count: int, first: dt.date, days: int, rng) -> list[Activity]:
    helpers = list(Member.objects.filter(centre=centre, kind="helper").values_list("pk", flat=True))
    requesters = list(
        Member.objects.filter(centre=centre, kind="requester").values_list("pk", flat=True)
    )
    rows = []
    for _ in range(count):
        start = dt.time(rng.choice([7, 9, 15, 17, 18, 21]), rng.choice([0, 30]))
        end = dt.time((start.hour + rng.choice([1, 2, 3])) % 24, start.minute)
        rows.append(
            Activity(
                centre=centre,
                requester_id=rng.choice(requesters),
                helper_id=rng.choice(helpers),
                kind="保育施設等の送迎",
                date=first + dt.timedelta(days=rng.randrange(days)),
                start=start,
                end=end,
                done="送迎",
                reported_on=first,
                requester_pays=0,
            )
        )
    return Activity.objects.bulk_create(rows)


def analyze() -> None:
    """Fresh statistics for the planner, as autovacuum would give a real centre's tables."""
    with connection.cursor() as cursor:
        for model in (Member, StatusChange, HelperProfile, Availability, TrainingRecord, Activity):
            cursor.execute(f"ANALYZE {model._meta.db_table}")


def engine_activities(rows: list[Activity], rng) -> list[fees.Activity]:
    out = []
    for a in rows:
        end_day = a.date if a.end > a.start else a.date + dt.timedelta(days=1)
        out.append(
            fees.Activity(
                id=str(a.pk),
                start=dt.datetime.combine(a.date, a.start),
                end=dt.datetime.combine(end_day, a.end),
                kind=a.kind,
                children=rng.choice([1, 1, 1, 2]),
                reduction=rng.choice(["", "", "", "ひとり親"]),
                meals_yen=0,
                transport_yen=rng.choice([0, 0, 300]),
                transport_km=Fraction(0),
                cancelled_at=None,
                cancelled_without_notice=False,
            )
        )
    return out


def measure(centre, request, rows, first, last, results, rng) -> None:
    elapsed, found = timed("matching: candidates for one request", lambda: candidates(request))
    results["matching"].append(elapsed)
    print(f"    {sum(c.eligible for c in found):,} of {len(found):,} helpers eligible")
    schedule = schedule_for(centre, MONTH)
    items = engine_activities(rows, rng)
    elapsed, priced = timed(
        "fees: the fee engine over the month", lambda: [fees.fee_for(a, schedule) for a in items]
    )
    results["fees"].append(elapsed)
    print(
        f"    families pay {sum(f.requester_pays for f in priced):,} yen, "
        f"the city {sum(f.city_pays for f in priced):,} yen"
    )
    elapsed, _ = timed(
        "fees: the month's statements (by requester, by helper)",
        lambda: (
            statements(centre, MONTH, by="requester"),
            statements(centre, MONTH, by="helper"),
        ),
    )
    results["statements"].append(elapsed)
    elapsed, f = timed("report: the 月報 figures", lambda: figures([centre], first, last))
    results["report"].append(elapsed)
    print(f"    {f.registered_total:,} members at the month's end, {f.activity_total:,} activities")


def main():
    rng = random.Random(20251001)  # noqa: S311 (a benchmark's data, not a secret)
    municipality = Municipality.objects.order_by("code").first()
    if municipality is None:
        sys.exit("No municipality: run `make run` once (or seed_demo) against this database.")
    first, last = month_period(MONTH)
    results: dict[str, list[float]] = {"matching": [], "fees": [], "statements": [], "report": []}
    with transaction.atomic():
        for scale in (1, 10):
            helpers, members = 300 * scale, 500 * scale
            print(f"\n== {helpers:,} helpers, {members:,} members, {500 * scale:,} activities ==")
            centre = build_centre(municipality, f"ベンチ{scale}", helpers, members - helpers, rng)
            requester = Member.objects.filter(centre=centre, kind="requester").first()
            request = Request.objects.create(
                centre=centre,
                requester=requester,
                kind="保育施設等の送迎",
                date=dt.date(2025, 10, 6),
                start=dt.time(17, 30),
                end=dt.time(19, 0),
                place="保育園",
                received_at=timezone.now(),
            )
            rows = add_activities(centre, 500 * scale, first, 31, rng)
            add_activities(centre, 500 * scale, dt.date(2025, 4, 1), 180, rng)
            analyze()
            measure(centre, request, rows, first, last, results, rng)
        transaction.set_rollback(True)
    print("\n10N against N (1.0 would be flat, 10.0 linear):")
    for name, (small, large) in results.items():
        print(f"  {name:<12} {large / small:5.1f}×")


if __name__ == "__main__":
    main()
