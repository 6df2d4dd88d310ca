from django.db import migrations

# The national training courses (DOMAIN.md §9, seed 003). `expected_for` lists the assignments
# whose staff are expected to have completed the course: a service kind, "hiroba" for the ひろば
# itself, or "*" for everyone. A municipality may add its own courses in the admin.
COURSES = [
    ("kihon", "子育て支援員研修 基本研修", "kihon", ["hiroba", "riyosha_kihon", "riyosha_tokutei"]),
    (
        "senmon-kyoten",
        "子育て支援員研修 専門研修（地域子育て支援コース：地域子育て支援拠点事業）",
        "senmon",
        ["hiroba"],
    ),
    (
        "senmon-riyosha-kihon",
        "子育て支援員研修 専門研修（地域子育て支援コース：利用者支援事業・基本型）",
        "senmon",
        ["riyosha_kihon"],
    ),
    (
        "senmon-riyosha-tokutei",
        "子育て支援員研修 専門研修（地域子育て支援コース：利用者支援事業・特定型）",
        "senmon",
        ["riyosha_tokutei"],
    ),
    ("follow-up", "フォローアップ研修", "follow_up", []),
    ("gennin", "現任研修", "gennin", []),
    ("kyoten-staff", "地域子育て支援拠点事業所職員等研修", "kyoten_staff", []),
    ("leader", "指導者養成等研修", "leader", []),
    ("privacy", "個人情報保護研修", "privacy", ["*"]),
]


def add_courses(apps, schema_editor):
    TrainingCourse = apps.get_model("hubs", "TrainingCourse")
    for code, name, category, expected in COURSES:
        TrainingCourse.objects.update_or_create(
            code=code, defaults={"name": name, "category": category, "expected_for": expected}
        )


def remove_courses(apps, schema_editor):
    TrainingCourse = apps.get_model("hubs", "TrainingCourse")
    TrainingCourse.objects.filter(code__in=[c[0] for c in COURSES], records__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("hubs", "0001_initial")]

    operations = [migrations.RunPython(add_courses, remove_courses)]
