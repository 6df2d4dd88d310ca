"""Verdicts, price keys and amount keys become stable codes instead of the labels people read.

- UnitPrice.key: "ippan:週5日型" → "ippan:days5" (the tier's code in hubs/data/opening_tiers.json).
- Each submission's frozen snapshot: a rule item's value "適合" → "ok" (不適合 ng, 要確認 check,
  対象外 na), a hub's verdict counts keyed the same way, and an amount's item keys
  "…:amount:利用者支援事業（基本型）:standard" → "…:amount:riyosha_kihon:standard".
- A prefecture comment on an amount item follows its key.
Nothing else in a snapshot changes; the reverse migration restores the labels.
"""

from django.db import migrations, models

TIERS = {
    "ippan:週3〜4日型": "ippan:days3_4",
    "ippan:週5日型": "ippan:days5",
    "ippan:週6〜7日型": "ippan:days6_7",
    "renkei:週3〜4日型": "renkei:days3_4",
    "renkei:週5〜7日型": "renkei:days5_7",
}
VERDICTS = {"適合": "ok", "不適合": "ng", "要確認": "check", "対象外": "na"}
AMOUNTS = {
    "地域子育て支援拠点事業": "kyoten",
    "利用者支援事業（基本型）": "riyosha_kihon",
    "利用者支援事業（特定型）": "riyosha_tokutei",
    "利用者支援事業（母子保健型／こども家庭センター型）": "riyosha_boshi",
    "利用者支援事業（妊婦等包括相談支援事業型）": "riyosha_ninpu",
}


def _swap(mapping: dict, reverse: bool) -> dict:
    return {v: k for k, v in mapping.items()} if reverse else mapping


def _amount_key(key: str, amounts: dict) -> str:
    head, sep, rest = key.partition(":amount:")
    if not sep:
        return key
    name, colon, tail = rest.rpartition(":")
    return f"{head}:amount:{amounts.get(name, name)}{colon}{tail}" if colon else key


def _snapshot(snapshot: dict, verdicts: dict, amounts: dict) -> dict:
    for section in [
        snapshot.get("total", {}),
        *snapshot.get("hubs", []),
        *snapshot.get("months", []),
    ]:
        if "verdicts" in section:
            section["verdicts"] = {verdicts.get(k, k): n for k, n in section["verdicts"].items()}
        for item in section.get("items", []):
            if item.get("kind") == "verdict":
                item["value"] = verdicts.get(item["value"], item["value"])
            item["key"] = _amount_key(item["key"], amounts)
    return snapshot


def convert(apps, schema_editor, reverse=False):
    UnitPrice = apps.get_model("reports", "UnitPrice")
    Submission = apps.get_model("reports", "Submission")
    ReviewComment = apps.get_model("reports", "ReviewComment")
    tiers, verdicts, amounts = (_swap(m, reverse) for m in (TIERS, VERDICTS, AMOUNTS))
    for old, new in tiers.items():
        UnitPrice.objects.filter(key=old).update(key=new)
    for submission in Submission.objects.all():
        submission.snapshot = _snapshot(submission.snapshot, verdicts, amounts)
        submission.save(update_fields=["snapshot"])
    for comment in ReviewComment.objects.filter(item_key__contains=":amount:"):
        comment.item_key = _amount_key(comment.item_key, amounts)
        comment.save(update_fields=["item_key"])


def back(apps, schema_editor):
    convert(apps, schema_editor, reverse=True)


class Migration(migrations.Migration):
    dependencies = [("reports", "0008_locked_years_kept_by_postgresql")]

    operations = [
        migrations.AlterField(
            model_name="unitprice",
            name="key",
            field=models.CharField(
                help_text="例：ippan:days5（一般型 週5日型）、riyosha_kihon:base、RY-ADD-NIGHT",
                max_length=40,
                verbose_name="区分キー",
            ),
        ),
        migrations.RunPython(convert, back),
    ]
