from django.core.management.base import BaseCommand

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
            choices=["demo", "prefecture"],
            default="demo",
            help="prefecture: 約60市町村・560拠点の性能検証用データも作成します。",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="デモの都道府県が既にあれば何もしません（起動を速くするため）。",
        )

    def handle(self, *args, **options):
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
