"""Monthly rollups kept by PostgreSQL: right after every kind of write, checked by verify_rollups."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import F

from common.importing import read_upload, run_import
from common.services import Actor
from hubs import rollups, services
from hubs.models import DailyUsage, MonthlyUsage
from hubs.resources import DailyUsageResource
from reports import review
from reports.models import AnnualReport


def _month(hub, year, month):
    return MonthlyUsage.objects.filter(hub=hub, month=dt.date(year, month, 1)).first()


def _verified():
    assert rollups.differences() == []
    out = io.StringIO()
    call_command("verify_rollups", stdout=out)
    assert "一致しています" in out.getvalue()


def test_every_kind_of_write_keeps_the_months(world):
    hub = world.hub_a1
    DailyUsage.objects.create(hub=hub, date=dt.date(2025, 6, 2), mothers=3, groups=2)
    DailyUsage.objects.bulk_create(
        [DailyUsage(hub=hub, date=dt.date(2025, 6, d), mothers=1) for d in (3, 4, 5)]
    )
    june = _month(hub, 2025, 6)
    assert (june.days, june.mothers, june.groups) == (4, 6, 2)
    _verified()

    # The month grid's service, the import, a queryset update that moves a day to July.
    services.daily_usage_set_cell(
        hub=hub, day=dt.date(2025, 6, 6), field="fathers", raw="４", actor=Actor(None)
    )
    data = "拠点名,日付,母\nひろばA1,2025/6/9,10\nひろばA1,2025/6/2,5\n".encode("cp932")
    resource = DailyUsageResource(world.city_a, fiscal_year=2025)
    assert run_import(resource, read_upload(data), dry_run=False).ok
    DailyUsage.objects.filter(hub=hub, date=dt.date(2025, 6, 5)).update(
        date=dt.date(2025, 7, 1), mothers=F("mothers") + 1
    )
    june, july = _month(hub, 2025, 6), _month(hub, 2025, 7)
    assert (june.days, june.mothers, june.fathers) == (5, 3 + 1 + 1 + 10 + 2, 4)
    assert (july.days, july.mothers) == (1, 2)
    _verified()

    # A preview (dry run) changes nothing; deletes and raw SQL are followed too.
    run_import(resource, read_upload(data.replace(b"10", b"99")), dry_run=True)
    DailyUsage.objects.filter(hub=hub, date=dt.date(2025, 7, 1)).delete()
    assert _month(hub, 2025, 7) is None  # a month with no day left is gone
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE hubs_dailyusage SET groups = groups + 100 WHERE hub_id = %s", [hub.pk]
        )
    assert _month(hub, 2025, 6).groups == 2 + 100 * 5
    _verified()


def test_a_write_the_year_lock_refuses_leaves_the_months_alone(world):
    hub = world.hub_a1
    DailyUsage.objects.create(hub=hub, date=dt.date(2025, 6, 2), mothers=3)
    review.submit(municipality=world.city_a, fiscal_year=2025, actor=Actor(world.users.officer_a))
    report = AnnualReport.objects.get(municipality=world.city_a, fiscal_year=2025)
    review.approve(report=report, actor=Actor(world.users.pref_p))
    with pytest.raises(DatabaseError), transaction.atomic():
        DailyUsage.objects.filter(hub=hub).update(mothers=50)
    assert _month(hub, 2025, 6).mothers == 3
    _verified()


def test_verify_names_a_month_that_differs_and_rebuild_mends_it(world):
    DailyUsage.objects.create(hub=world.hub_a1, date=dt.date(2025, 6, 2), mothers=3)
    MonthlyUsage.objects.filter(hub=world.hub_a1).update(mothers=4)
    err = io.StringIO()
    with pytest.raises(CommandError, match="1か月分"):
        call_command("verify_rollups", stderr=err)
    assert "2025-06" in err.getvalue() and "'mothers': (3, 4)" in err.getvalue()
    call_command("verify_rollups", "--rebuild", stdout=io.StringIO())
    _verified()
