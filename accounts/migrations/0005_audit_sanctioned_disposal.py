from django.db import migrations

# The trigger still refuses every UPDATE. A DELETE passes only inside a transaction that has set
# `kyoten.audit_disposal` to 'on' with SET LOCAL: the retention disposal run does that, after an
# officer's approval, and records what it removed in the disposal register.
FORWARD = """
CREATE OR REPLACE FUNCTION accounts_auditevent_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('kyoten.audit_disposal', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '監査ログは追記のみです（% は拒否されました）', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

BACKWARD = """
CREATE OR REPLACE FUNCTION accounts_auditevent_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '監査ログは追記のみです（% は拒否されました）', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_audit_subject_purpose")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
