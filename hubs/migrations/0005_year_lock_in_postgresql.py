"""The year lock in PostgreSQL for hubs' day rows: usage, 一時預かり, events, 出張ひろば, extra days.

A row whose date falls in a locked 年度 of its hub's municipality (common_lockedyear) can be
neither inserted, changed nor deleted, by any path: QuerySet.update(), bulk_create, raw SQL.
An update checks the row before and after (moving a row out of a locked year is a change to
it). The error carries SQLSTATE KY001, which common/middleware.py turns into the same Japanese
page as the application's own refusal. Period rows (closures, schedules, assignments, training)
are guarded by the application (common/locks.py), whose rules for periods need the app.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION kyoten_refuse_locked_day() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    candidate jsonb;
    day date;
    fy integer;
    hub bigint;
BEGIN
    FOREACH candidate IN ARRAY ARRAY[
        CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) END,
        CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) END
    ] LOOP
        CONTINUE WHEN candidate IS NULL;
        day := (candidate ->> 'date')::date;
        fy := extract(year FROM day)::integer - CASE WHEN extract(month FROM day) < 4 THEN 1 ELSE 0 END;
        IF TG_ARGV[0] = 'site' THEN
            SELECT s.hub_id INTO hub FROM hubs_outreachsite s WHERE s.id = (candidate ->> 'site_id')::bigint;
        ELSE
            hub := (candidate ->> 'hub_id')::bigint;
        END IF;
        IF EXISTS (
            SELECT 1 FROM common_lockedyear l JOIN hubs_hub h ON h.municipality_id = l.municipality_id
             WHERE h.id = hub AND l.fiscal_year = fy
        ) THEN
            RAISE EXCEPTION USING
                ERRCODE = 'KY001',
                MESSAGE = format(
                    '%s年度は年次報告が承認済みのため、この年度のデータは変更できません。'
                    '修正が必要なときは、都道府県に承認の取消しを依頼してください。', fy),
                DETAIL = format('table=%s fiscal_year=%s', TG_TABLE_NAME, fy);
        END IF;
    END LOOP;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
"""

TABLES = {
    "hubs_dailyusage": "hub",
    "hubs_temporarycareday": "hub",
    "hubs_event": "hub",
    "hubs_extraopeningday": "hub",
    "hubs_outreachsession": "site",
}

FORWARD = FUNCTION + "".join(
    f"CREATE TRIGGER {table}_year_lock BEFORE INSERT OR UPDATE OR DELETE ON {table} "
    f"FOR EACH ROW EXECUTE FUNCTION kyoten_refuse_locked_day('{via}');\n"
    for table, via in TABLES.items()
)
BACKWARD = "".join(f"DROP TRIGGER IF EXISTS {t}_year_lock ON {t};\n" for t in TABLES) + (
    "DROP FUNCTION IF EXISTS kyoten_refuse_locked_day();"
)


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0001_locked_years"),
        ("hubs", "0004_places_moved_to_orgs"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
