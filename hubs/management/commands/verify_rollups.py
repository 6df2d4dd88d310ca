"""`manage.py verify_rollups`: compare the monthly rollups with the days they sum; exit 1 with the
months that differ. `--rebuild` sums every day again first."""

from django.core.management.base import BaseCommand, CommandError

from hubs import rollups


class Command(BaseCommand):
    help = "月別の集計（hubs_monthlyusage）が日別利用実績の合計と一致するか確かめます。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="日別利用実績から集計を作り直してから確かめます。",
        )

    def handle(self, *args, rebuild=False, **options):
        if rebuild:
            rollups.rebuild()
            self.stdout.write("集計を作り直しました。")
        found = rollups.differences()
        if not found:
            self.stdout.write("月別の集計は日別利用実績の合計と一致しています。")
            return
        for d in found:
            changed = {
                c: (d["days"][c], d["rollup"][c])
                for c in rollups.COLUMNS
                if d["days"][c] != d["rollup"][c]
            }
            self.stderr.write(
                f"拠点 {d['hub_id']} {d['month']:%Y-%m}: (日別の合計, 集計) = {changed}"
            )
        raise CommandError(
            f"月別の集計が {len(found)}か月分 一致しません（--rebuild で作り直せます）。"
        )
