"""Every 依頼会員 (and 両方会員) gets its household in the municipality's register of families:
the row of a household the consultations side already registered when the surname's reading and
the phone agree (one match only), a new row otherwise."""

import unicodedata

import django.db.models.deletion
from django.db import migrations, models


def kana_key(text):
    text = unicodedata.normalize("NFKC", text or "").replace(" ", "").replace("\u3000", "")
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def first_word(text):
    return unicodedata.normalize("NFKC", text or "").replace("\u3000", " ").strip().split(" ")[0]


def register_requesters(apps, schema_editor):
    Member = apps.get_model("famisapo", "Member")
    Family = apps.get_model("families", "Family")
    members = Member.objects.filter(family__isnull=True, kind__in=["requester", "both"])
    for member in members.select_related("centre"):
        municipality_id = member.centre.municipality_id
        key = kana_key(member.kana)
        digits = "".join(c for c in unicodedata.normalize("NFKC", member.phone) if c.isdigit())
        found = [
            f
            for f in Family.objects.filter(municipality_id=municipality_id, phone=digits)
            if len(digits) >= 6
            and (key.startswith(f.family_name_kana) or f.family_name_kana.startswith(key))
        ]
        member.family = (
            found[0]
            if len(found) == 1
            else Family.objects.create(
                municipality_id=municipality_id,
                family_name=first_word(member.name)[:50],
                family_name_kana=kana_key(first_word(member.kana))[:50],
                phone=digits[:20],
            )
        )
        member.save(update_fields=["family"])


class Migration(migrations.Migration):
    dependencies = [
        ("families", "0001_register"),
        ("famisapo", "0004_child_unique_name"),
        # Households are registered first, so that a family both sides know becomes one row.
        ("consultations", "0005_household_family"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="family",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="famisapo_members",
                to="families.family",
                verbose_name="世帯台帳",
            ),
        ),
        migrations.RunPython(register_requesters, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="member",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind", "helper"), ("family__isnull", False), _connector="OR"),
                name="famisapo_member_requester_has_family",
            ),
        ),
    ]
