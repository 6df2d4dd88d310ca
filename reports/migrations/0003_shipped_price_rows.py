from django.db import migrations

# Shipped as placeholders: the keys the rules engine prices, with no amount and unconfirmed.
# Officers enter and confirm the official 別表 values per 年度 (admin, or import a spreadsheet).
KEYS = [
    ("kyoten", "ippan:週3〜4日型", "一般型 週3〜4日型"),
    ("kyoten", "ippan:週5日型", "一般型 週5日型"),
    ("kyoten", "ippan:週6〜7日型", "一般型 週6〜7日型"),
    ("kyoten", "renkei:週3〜4日型", "連携型 週3〜4日型"),
    ("kyoten", "renkei:週5〜7日型", "連携型 週5〜7日型"),
    ("kyoten", "KY-ADD-INTEGRATED", "加算 地域の子育て支援活動の展開を図るための取組"),
    ("kyoten", "KY-ADD-OUTREACH", "加算 出張ひろば"),
    ("kyoten", "KY-ADD-COMMUNITY", "加算 地域支援"),
    ("kyoten", "KY-ADD-VOLUNTEER", "加算 地域の子育て力を高める取組（連携型）"),
    ("riyosha", "riyosha_kihon:base", "基本型"),
    ("riyosha", "riyosha_tokutei:base", "特定型"),
    ("riyosha", "riyosha_boshi:base", "母子保健型／こども家庭センター型"),
    ("riyosha", "RY-ADD-NIGHT", "基本型加算 夜間"),
    ("riyosha", "RY-ADD-HOLIDAY", "基本型加算 休日"),
    ("riyosha", "RY-ADD-VISIT", "基本型加算 出張相談支援"),
    ("riyosha", "RY-ADD-STRENGTH", "基本型加算 機能強化"),
    ("riyosha", "RY-ADD-LANG", "基本型加算 多言語対応"),
    ("riyosha", "RY-ADD-CARE", "基本型加算 配慮が必要な子育て家庭等への支援"),
]
SOURCE = "未確認：子ども・子育て支援交付金交付要綱 別表で確認して入力してください（national_rules.md 3.4・4.3）"


def ship(apps, schema_editor):
    UnitPrice = apps.get_model("reports", "UnitPrice")
    CostShare = apps.get_model("reports", "CostShare")
    for programme, key, label in KEYS:
        UnitPrice.objects.get_or_create(
            programme=programme,
            key=key,
            first_year=2015,
            defaults={"label": label, "source": SOURCE},
        )
    CostShare.objects.get_or_create(
        programme="kyoten",
        first_year=2015,
        defaults={
            "national": "1/3",
            "prefecture": "1/3",
            "municipality": "1/3",
            "source": "子ども・子育て支援交付金の原則（national_rules.md 2.2、要確認）",
        },
    )
    CostShare.objects.get_or_create(
        programme="riyosha",
        first_year=2015,
        defaults={
            "national": "2/3",
            "prefecture": "1/6",
            "municipality": "1/6",
            "source": "令和4年度に確認（開始年度・令和6年度以降の類型ごとの適用は要確認：national_rules.md 2.2）",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_unit_prices")]

    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
