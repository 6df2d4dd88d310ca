# ruff: noqa: S608 (SQL built from this file's constant field list only)
"""Monthly rollups of daily usage, kept by PostgreSQL.

Statement-level triggers on hubs_dailyusage (INSERT, UPDATE, DELETE with transition tables, and
TRUNCATE) add each statement's rows to hubs_monthlyusage in the same transaction, whatever wrote
them. The SQL is built here from the constant field list below (no input reaches it). The
existing days are summed once at the end.
"""

import django.db.models.deletion
from django.db import migrations, models

# The counted fields as this migration knows them (a later field needs a migration of its own).
FIELDS = [
    "groups",
    "mothers",
    "fathers",
    "grandparents",
    "pregnant",
    "other_adults",
    "children_0",
    "children_1",
    "children_2",
    "children_3plus",
    "first_time",
]


def _sums(rows: str, sign: str) -> str:
    cols = ", ".join(f"{sign}sum({f})" for f in FIELDS)
    return (
        f"SELECT hub_id, date_trunc('month', date)::date AS month, {sign}count(*) AS days, {cols} "
        f"FROM {rows} GROUP BY 1, 2"
    )


def _apply(parts: list[str], *, removed: bool) -> str:
    """Add the transition tables' sums to the rollups; where days were removed (old_rows),
    drop the months left with no day."""
    names = ", ".join(["hub_id", "month", "days", *FIELDS])
    summed = ", ".join(f"sum(d.{c})" for c in ["days", *FIELDS])
    updates = ", ".join(f"{c} = hubs_monthlyusage.{c} + EXCLUDED.{c}" for c in ["days", *FIELDS])
    sql = f"""
        WITH d ({names}) AS ({" UNION ALL ".join(parts)})
        INSERT INTO hubs_monthlyusage ({names})
        SELECT d.hub_id, d.month, {summed} FROM d GROUP BY d.hub_id, d.month
        ON CONFLICT (hub_id, month) DO UPDATE SET {updates};
    """
    if removed:
        sql += """
        DELETE FROM hubs_monthlyusage m WHERE m.days = 0 AND (m.hub_id, m.month) IN (
            SELECT hub_id, date_trunc('month', date)::date FROM old_rows);
        """
    return sql


FORWARD = f"""
CREATE FUNCTION kyoten_usage_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_apply([_sums("new_rows", "")], removed=False)}
    ELSIF TG_OP = 'DELETE' THEN
        {_apply([_sums("old_rows", "-")], removed=True)}
    ELSE
        {_apply([_sums("new_rows", ""), _sums("old_rows", "-")], removed=True)}
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION kyoten_usage_rollup_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM hubs_monthlyusage;
    RETURN NULL;
END $$;

CREATE TRIGGER hubs_dailyusage_rollup_insert AFTER INSERT ON hubs_dailyusage
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kyoten_usage_rollup();
CREATE TRIGGER hubs_dailyusage_rollup_update AFTER UPDATE ON hubs_dailyusage
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kyoten_usage_rollup();
CREATE TRIGGER hubs_dailyusage_rollup_delete AFTER DELETE ON hubs_dailyusage
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kyoten_usage_rollup();
CREATE TRIGGER hubs_dailyusage_rollup_truncate AFTER TRUNCATE ON hubs_dailyusage
    FOR EACH STATEMENT EXECUTE FUNCTION kyoten_usage_rollup_truncate();

INSERT INTO hubs_monthlyusage (hub_id, month, days, {", ".join(FIELDS)})
{_sums("hubs_dailyusage", "")};
"""

BACKWARD = """
DROP TRIGGER IF EXISTS hubs_dailyusage_rollup_insert ON hubs_dailyusage;
DROP TRIGGER IF EXISTS hubs_dailyusage_rollup_update ON hubs_dailyusage;
DROP TRIGGER IF EXISTS hubs_dailyusage_rollup_delete ON hubs_dailyusage;
DROP TRIGGER IF EXISTS hubs_dailyusage_rollup_truncate ON hubs_dailyusage;
DROP FUNCTION IF EXISTS kyoten_usage_rollup();
DROP FUNCTION IF EXISTS kyoten_usage_rollup_truncate();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("hubs", "0006_japanese_constraint_messages"),
    ]

    operations = [
        migrations.CreateModel(
            name="MonthlyUsage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(verbose_name="月（1日）")),
                ("days", models.IntegerField(verbose_name="入力された日数")),
                ("groups", models.BigIntegerField(verbose_name="親子組数")),
                ("mothers", models.BigIntegerField(verbose_name="母")),
                ("fathers", models.BigIntegerField(verbose_name="父")),
                ("grandparents", models.BigIntegerField(verbose_name="祖父母")),
                ("pregnant", models.BigIntegerField(verbose_name="妊婦")),
                ("other_adults", models.BigIntegerField(verbose_name="その他の大人")),
                ("children_0", models.BigIntegerField(verbose_name="0歳")),
                ("children_1", models.BigIntegerField(verbose_name="1歳")),
                ("children_2", models.BigIntegerField(verbose_name="2歳")),
                ("children_3plus", models.BigIntegerField(verbose_name="3歳以上")),
                ("first_time", models.BigIntegerField(verbose_name="初回登録")),
                (
                    "hub",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="hubs.hub",
                        verbose_name="拠点",
                    ),
                ),
            ],
            options={
                "verbose_name": "月別利用実績（集計）",
                "verbose_name_plural": "月別利用実績（集計）",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("hub", "month"), name="monthly_usage_unique_month"
                    )
                ],
            },
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
