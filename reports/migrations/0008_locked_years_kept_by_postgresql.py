"""common_lockedyear follows the annual reports' approvals, kept by PostgreSQL itself.

Whatever changes a report's status (the review's services, the admin, raw SQL), the locked
years change with it in the same statement; the guarded tables' triggers read them.
"""

from django.db import migrations

SYNC = """
CREATE OR REPLACE FUNCTION kyoten_sync_locked_years() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM common_lockedyear
         WHERE municipality_id = OLD.municipality_id AND fiscal_year = OLD.fiscal_year;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'approved' THEN
        INSERT INTO common_lockedyear (municipality_id, fiscal_year)
        VALUES (NEW.municipality_id, NEW.fiscal_year)
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER annual_report_locks_years
AFTER INSERT OR UPDATE OR DELETE ON reports_annualreport
FOR EACH ROW EXECUTE FUNCTION kyoten_sync_locked_years();

INSERT INTO common_lockedyear (municipality_id, fiscal_year)
SELECT municipality_id, fiscal_year FROM reports_annualreport WHERE status = 'approved'
ON CONFLICT DO NOTHING;
"""

UNSYNC = """
DROP TRIGGER IF EXISTS annual_report_locks_years ON reports_annualreport;
DROP FUNCTION IF EXISTS kyoten_sync_locked_years();
DELETE FROM common_lockedyear;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0001_locked_years"),
        ("reports", "0007_places_in_orgs"),
    ]

    operations = [migrations.RunSQL(SYNC, UNSYNC)]
