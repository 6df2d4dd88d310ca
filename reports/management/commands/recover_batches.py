"""Queue again the PDF batches a worker was running when it died.

python manage.py recover_batches          # batches not updated for RenderBatch.STALE_AFTER
python manage.py recover_batches --all    # every queued or running one: only while no worker runs

`make run` calls it with --all before each start of its one db_worker (scripts/run.sh).
"""

from django.core.management.base import BaseCommand

from reports.batches import recover_batches


class Command(BaseCommand):
    help = "ワーカーの停止で止まったPDF一括作成を、もう一度キューに入れます。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="処理中・待機中のすべて（ワーカーが1つも動いていないときだけ）",
        )

    def handle(self, *args, all: bool, **options):
        recovered = recover_batches(everything=all)
        for batch in recovered:
            self.stdout.write(
                f"キューに入れ直しました: {batch.public_id}（{batch.fiscal_year}年度）"
            )
        if not recovered:
            self.stdout.write("入れ直す一括作成はありません。")
