from django.core.management.base import BaseCommand, CommandError

from demo.casebook import CasebookBuilder
from demo.family_support import FamilySupportBuilder
from demo.places_and_hubs import DemoBuilder
from demo.reviews import seed_reviews
from orgs.models import Prefecture


class Command(BaseCommand):
    help = "デモデータ（埼玉県の市町村・拠点・職員・2年度分の利用実績・デモ利用者）を作成します。何度実行しても同じ結果です。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["demo", "prefecture", "national"],
            default="demo",
            help="prefecture: 約60市町村・560拠点の性能検証用データも作成します。"
            "national: 47都道府県・1,741市町村・約8,000拠点と10年度分の利用実績（約2,000万行）も作成します（数分）。",
        )
        parser.add_argument(
            "--years", type=int, default=10, help="national のときの年度数（既定 10）。"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="デモの都道府県が既にあれば何もしません（起動を速くするため）。",
        )

    def handle(self, *args, **options):
        if options["scale"] == "national":
            if not 1 <= options["years"] <= 30:
                raise CommandError("--years は 1 から 30 の年度数で指定してください。")
            return self._national(options["years"])
        if options["if_empty"] and Prefecture.objects.filter(code="11").exists():
            # Parts added by later versions (accounts, casework) are filled in; both idempotent.
            builder = DemoBuilder()
            FamilySupportBuilder(today=builder.today).build()
            builder._users()
            CasebookBuilder(today=builder.today).build()
            seed_reviews(builder.today)
            self.stdout.write("デモデータは作成済みです。")
            return
        builder = DemoBuilder()
        result = builder.build(scale=options["scale"])
        seed_reviews(builder.today)
        self.stdout.write(
            self.style.SUCCESS(
                f"デモデータ: 拠点 {result['hubs']}か所、日別利用実績 {result['usage_days']}日分"
            )
        )

    def _national(self, years: int):
        from demo.national import build_national, national_exists

        builder = DemoBuilder()
        if not Prefecture.objects.filter(code="11").exists():
            builder.build(scale="prefecture")
            seed_reviews(builder.today)
        if national_exists():
            self.stdout.write("全国規模のデータは作成済みです。")
            return
        result = build_national(today=builder.today, years=years)
        self.stdout.write(
            self.style.SUCCESS(
                f"全国規模のデータ: 拠点 {result['hubs']:,}か所、"
                f"{result['first_day']:%Y-%m-%d}〜{result['last_day']:%Y-%m-%d} の平日"
            )
        )
