"""reports/0009: verdicts, price keys and amount keys stored as codes; the way back restores labels."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import MunicipalityFactory, UserFactory

LATEST = ("reports", "0009_codes_not_labels")
BEFORE = ("reports", "0008_locked_years_kept_by_postgresql")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return MigrationExecutor(connection).loader.project_state([target]).apps


def _snapshot(verdict: str, amount: str, counts: dict) -> dict:
    hub = {
        "key": "hub:x",
        "title": "ひろばA1",
        "verdicts": counts,
        "items": [
            {"key": "hub:x:rule:KY-OPEN", "label": "開設", "value": verdict, "kind": "verdict"},
            {
                "key": f"hub:x:amount:{amount}:standard",
                "label": "基準額",
                "value": 10,
                "kind": "yen",
            },
            {"key": "hub:x:tier", "label": "開設区分", "value": "週5日型"},
        ],
    }
    return {"total": {"items": []}, "hubs": [hub], "months": []}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_labels_become_codes_and_back():
    old = _migrate(BEFORE)
    UnitPrice = old.get_model("reports", "UnitPrice")
    price, _ = UnitPrice.objects.get_or_create(
        programme="kyoten", key="ippan:週5日型", first_year=2015, defaults={"label": "週5日型"}
    )
    city = MunicipalityFactory()
    user = UserFactory()
    report = old.get_model("reports", "AnnualReport").objects.create(
        municipality_id=city.pk, fiscal_year=2025, status="submitted"
    )
    labels = _snapshot("適合", "利用者支援事業（基本型）", {"適合": 1, "不適合": 0, "要確認": 0})
    submission = old.get_model("reports", "Submission").objects.create(
        report=report, number=1, snapshot=labels, submitted_by_id=user.pk
    )
    comment = old.get_model("reports", "ReviewComment").objects.create(
        submission=submission,
        item_key="hub:x:amount:利用者支援事業（基本型）:standard",
        item_label="基準額",
        text="確認してください",
        author_id=user.pk,
    )

    new = _migrate(LATEST)
    keys = set(new.get_model("reports", "UnitPrice").objects.values_list("key", flat=True))
    assert new.get_model("reports", "UnitPrice").objects.get(pk=price.pk).key == "ippan:days5"
    assert all(key.isascii() for key in keys)  # no label left in a price key
    stored = new.get_model("reports", "Submission").objects.get(pk=submission.pk).snapshot
    assert stored == _snapshot("ok", "riyosha_kihon", {"ok": 1, "ng": 0, "check": 0})
    moved = new.get_model("reports", "ReviewComment").objects.get(pk=comment.pk)
    assert moved.item_key == "hub:x:amount:riyosha_kihon:standard"

    back = _migrate(BEFORE)
    assert back.get_model("reports", "Submission").objects.get(pk=submission.pk).snapshot == labels
    assert back.get_model("reports", "UnitPrice").objects.get(pk=price.pk).key == "ippan:週5日型"
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_every_opening_tier_has_a_price_row_keyed_by_its_code():
    import json
    from pathlib import Path

    from reports.models import UnitPrice

    tiers = json.loads(
        (Path(__file__).parents[2] / "hubs" / "data" / "opening_tiers.json").read_text("utf-8")
    )
    wanted = {
        f"{hub_type}:{tier['code']}"
        for period in tiers["periods"]
        for hub_type in ("ippan", "renkei")
        for tier in period[hub_type]["tiers"]
    }
    keys = set(UnitPrice.objects.filter(programme="kyoten").values_list("key", flat=True))
    assert wanted <= keys
    assert all(key.isascii() for key in UnitPrice.objects.values_list("key", flat=True))
