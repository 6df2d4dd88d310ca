"""Every household gets its row in the municipality's register of families (families.Family)."""

import django.db.models.deletion
from django.db import migrations, models


def to_katakana_key(text):
    import unicodedata

    text = unicodedata.normalize("NFKC", text or "").replace(" ", "").replace("\u3000", "")
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def register_households(apps, schema_editor):
    Household = apps.get_model("consultations", "Household")
    Family = apps.get_model("families", "Family")
    for household in Household.objects.filter(family__isnull=True).select_related("hub"):
        phone = household.phone or next(
            (g.phone for g in household.guardians.order_by("id") if g.phone), ""
        )
        household.family = Family.objects.create(
            municipality_id=household.hub.municipality_id,
            family_name=household.family_name,
            family_name_kana=to_katakana_key(household.family_name_kana)[:50],
            phone=phone,
        )
        household.save(update_fields=["family"])


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0004_places_in_orgs"),
        ("families", "0001_register"),
    ]

    operations = [
        migrations.AddField(
            model_name="household",
            name="family",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="households",
                to="families.family",
                verbose_name="世帯台帳",
            ),
        ),
        migrations.RunPython(register_households, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="household",
            name="family",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="households",
                to="families.family",
                verbose_name="世帯台帳",
            ),
        ),
    ]
