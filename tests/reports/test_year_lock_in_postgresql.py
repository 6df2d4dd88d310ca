"""The year lock enforced by PostgreSQL: what bypasses the application is refused too."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from common.middleware import YearLockedMiddleware, database_refusal
from common.models import LockedYear
from common.services import Actor
from hubs.models import DailyUsage, Event, OutreachSession, OutreachSite
from reports import review
from reports.models import AnnualReport

FY = 2025
DAY = dt.date(2025, 6, 2)


@pytest.fixture
def approved(world):
    """City A's 2025年度 approved, with one day of usage, one event and one 出張ひろば in it."""
    DailyUsage.objects.create(hub=world.hub_a1, date=DAY, groups=3, mothers=3)
    Event.objects.create(hub=world.hub_a1, date=DAY, title="講習", kind="koshu", adults=2)
    site = OutreachSite.objects.create(hub=world.hub_a1, name="公民館")
    OutreachSession.objects.create(
        site=site, date=DAY, starts=dt.time(10), ends=dt.time(12), groups=1, adults=1, children=1
    )
    review.submit(municipality=world.city_a, fiscal_year=FY, actor=Actor(world.users.officer_a))
    report = AnnualReport.objects.get(municipality=world.city_a, fiscal_year=FY)
    return review.approve(report=report, actor=Actor(world.users.pref_p))


def _refused(write) -> DatabaseError:
    with pytest.raises(DatabaseError) as caught, transaction.atomic():
        write()
    assert database_refusal(caught.value) is not None, caught.value
    return caught.value


def test_locked_years_follow_the_reports_status(world, approved):
    assert set(LockedYear.objects.values_list("municipality_id", "fiscal_year")) == {
        (world.city_a.pk, FY)
    }
    # Even a raw change of the status moves the lock with it.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE reports_annualreport SET status = 'returned' WHERE id = %s", [approved.pk]
        )
    assert not LockedYear.objects.exists()


def test_queryset_update_bulk_and_raw_sql_are_refused_in_a_locked_year(world, approved):
    usage = DailyUsage.objects.filter(hub=world.hub_a1, date=DAY)
    error = _refused(lambda: usage.update(groups=99))
    assert "2025年度は年次報告が承認済み" in database_refusal(error)
    _refused(lambda: usage._raw_delete(usage.db))  # a delete without the signals
    _refused(
        lambda: DailyUsage.objects.bulk_create(
            [DailyUsage(hub=world.hub_a1, date=dt.date(2025, 6, 3), groups=1)]
        )
    )
    _refused(lambda: Event.objects.filter(hub=world.hub_a1).update(adults=9))
    _refused(lambda: OutreachSession.objects.filter(site__hub=world.hub_a1).update(groups=9))

    def raw_insert():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO hubs_dailyusage (hub_id, date, groups, fathers, mothers, "
                "grandparents, other_adults, children_0, children_1, children_2, "
                "children_3plus, first_time, note, updated_at) "
                "VALUES (%s, '2026-03-31', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, '', now())",
                [world.hub_a1.pk],
            )

    _refused(raw_insert)
    assert usage.get().groups == 3
    assert DailyUsage.objects.filter(hub=world.hub_a1).count() == 1


def test_moving_a_row_out_of_a_locked_year_is_refused(world, approved):
    usage = DailyUsage.objects.filter(hub=world.hub_a1, date=DAY)
    _refused(lambda: usage.update(date=dt.date(2026, 4, 1)))
    assert usage.exists()


def test_other_years_and_other_municipalities_stay_open(world, approved):
    assert DailyUsage.objects.filter(hub=world.hub_a1, date=DAY).count() == 1
    DailyUsage.objects.bulk_create(
        [
            DailyUsage(hub=world.hub_a1, date=dt.date(2026, 4, 1), groups=1),
            DailyUsage(hub=world.hub_b1, date=DAY, groups=1),
        ]
    )
    assert DailyUsage.objects.filter(hub=world.hub_b1, date=DAY).update(groups=2) == 1


def test_after_the_approval_is_undone_the_year_opens_again(world, approved):
    review.unlock(report=approved, reason="入力誤りの修正", actor=Actor(world.users.pref_p))
    assert DailyUsage.objects.filter(hub=world.hub_a1, date=DAY).update(groups=4) == 1


def test_a_refusal_from_postgresql_is_the_japanese_lock_page_not_a_500(world, approved, rf):
    error = _refused(
        lambda: DailyUsage.objects.filter(hub=world.hub_a1, date=DAY).update(groups=99)
    )
    middleware = YearLockedMiddleware(lambda request: None)
    request = rf.post("/")
    request.user = world.users.staff_a
    response = middleware.process_exception(request, error)
    assert response.status_code == 409
    assert "承認の取消し" in response.content.decode("utf-8")
    assert middleware.process_exception(request, DatabaseError("other")) is None
