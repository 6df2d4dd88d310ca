from django.db import migrations

# The national master list of consultation topics (issue 3; ガイドライン 4(3)). Municipalities may
# add their own in the admin; these codes are what statistics group by.
TOPICS = [
    ("development", "発達", False),
    ("anxiety", "育児不安", False),
    ("feeding", "食事・授乳・睡眠", False),
    ("nursery", "保育所等の利用", False),
    ("services", "子育て支援サービスの利用", False),
    ("poverty", "経済的困窮", False),
    ("family", "家族関係", False),
    ("dv", "DV", False),
    ("abuse", "虐待の疑い", True),
    ("pregnancy", "妊娠・出産", False),
    ("disability", "障害", False),
    ("work", "就労・仕事との両立", False),
    ("other", "その他", False),
]


def add_topics(apps, schema_editor):
    Topic = apps.get_model("consultations", "Topic")
    for order, (code, name, is_abuse) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(
            code=code, defaults={"name": name, "order": order * 10, "is_abuse": is_abuse}
        )


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]

    operations = [migrations.RunPython(add_topics, migrations.RunPython.noop)]
