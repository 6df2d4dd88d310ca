"""Checking the monthly rollups that PostgreSQL keeps (hubs.models.MonthlyUsage): rebuilt in
memory from the days and compared, or rebuilt in place."""

from django.db import connection, transaction

from .models import DailyUsage

COLUMNS = ["days", *DailyUsage.COUNT_FIELDS]


def _truth_sql() -> str:
    sums = ", ".join(f"sum({f})" for f in DailyUsage.COUNT_FIELDS)
    return (
        "SELECT hub_id, date_trunc('month', date)::date AS month, count(*) AS days, "  # noqa: S608
        f"{sums} FROM hubs_dailyusage GROUP BY 1, 2"
    )


def differences(limit: int = 50) -> list[dict]:
    """Months whose rollup differs from the sum of their days (or exists on one side only)."""
    names = ", ".join(COLUMNS)
    compared = " OR ".join(f"t.{c} IS DISTINCT FROM r.{c}" for c in COLUMNS)
    sql = f"""
        WITH t (hub_id, month, {names}) AS ({_truth_sql()})
        SELECT coalesce(t.hub_id, r.hub_id), coalesce(t.month, r.month),
               {", ".join(f"t.{c}" for c in COLUMNS)}, {", ".join(f"r.{c}" for c in COLUMNS)}
          FROM t FULL JOIN hubs_monthlyusage r ON r.hub_id = t.hub_id AND r.month = t.month
         WHERE {compared}
         ORDER BY 1, 2 LIMIT %s
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [limit])
        rows = cursor.fetchall()
    n = len(COLUMNS)
    return [
        {
            "hub_id": row[0],
            "month": row[1],
            "days": dict(zip(COLUMNS, row[2 : 2 + n], strict=True)),
            "rollup": dict(zip(COLUMNS, row[2 + n :], strict=True)),
        }
        for row in rows
    ]


@transaction.atomic
def rebuild() -> None:
    """Throw the rollups away and sum every day again (after a restore from an old backup, say)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM hubs_monthlyusage")
        cursor.execute(
            f"INSERT INTO hubs_monthlyusage (hub_id, month, {', '.join(COLUMNS)}) {_truth_sql()}"
        )
