"""The places moved from `hubs` to `orgs` without touching a row (migration orgs/0001)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("hubs", "0003_service_kind_ninpu"),
    ("accounts", "0007_audit_review_action"),
    ("consultations", "0003_referral_consent_restrict"),
    ("reports", "0006_render_batch_updated_at"),
    ("orgs", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor = MigrationExecutor(connection)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rows_written_under_the_old_schema_are_read_through_orgs():
    old = _migrate(BEFORE)
    assert "hubs_municipality" in connection.introspection.table_names()
    Prefecture = old.get_model("hubs", "Prefecture")
    Municipality = old.get_model("hubs", "Municipality")
    Hub = old.get_model("hubs", "Hub")
    ContentType.objects.get_or_create(app_label="hubs", model="municipality")
    saitama = Prefecture.objects.create(code="11", name="埼玉県")
    kawagoe = Municipality.objects.create(code="112011", name="川越市", prefecture=saitama)
    Hub.objects.create(
        name="すくすく",
        municipality=kawagoe,
        management="direct",
        hub_type="ippan",
        premises="public_space",
        opened_on="2020-04-01",
    )

    new = _migrate([("hubs", "0004_places_moved_to_orgs"), ("orgs", "0001_places_from_hubs")])
    moved = new.get_model("orgs", "Municipality").objects.get(code="112011")
    assert moved.pk == kawagoe.pk
    assert moved.prefecture.name == "埼玉県"
    assert new.get_model("hubs", "Hub").objects.get(name="すくすく").municipality_id == moved.pk
    assert ContentType.objects.filter(app_label="orgs", model="municipality").exists()
    assert not ContentType.objects.filter(app_label="hubs", model="municipality").exists()

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
