from django.db import migrations

# The audit log is evidence: PostgreSQL itself refuses to change or remove a row, whatever the
# application does. Disposal under a retention rule (a later capability) will get its own path.
FORWARD = """
CREATE FUNCTION accounts_auditevent_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '監査ログは追記のみです（% は拒否されました）', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER accounts_auditevent_append_only
    BEFORE UPDATE OR DELETE ON accounts_auditevent
    FOR EACH ROW EXECUTE FUNCTION accounts_auditevent_refuse_change();
"""

BACKWARD = """
DROP TRIGGER accounts_auditevent_append_only ON accounts_auditevent;
DROP FUNCTION accounts_auditevent_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_role_assignment_scopes")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
