"""List what is due under a municipality's retention rules and, with an approver, dispose of it.

python manage.py dispose_records --municipality 112011 --dry-run
python manage.py dispose_records --municipality 112011 --approved-by officer_name
"""

from django.core.management.base import BaseCommand, CommandError

from accounts import access
from accounts.models import User
from accounts.roles import Perm
from common.services import Actor
from consultations import disposal
from orgs.models import Municipality


class Command(BaseCommand):
    help = "保存年限を過ぎた記録を一覧し、承認した職員の名前で廃棄します（廃棄簿に記録）。"

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="市町村コード（6桁）")
        parser.add_argument("--dry-run", action="store_true", help="一覧するだけで削除しない")
        parser.add_argument(
            "--approved-by",
            help="廃棄を承認する職員のユーザー名（保存年限を管理する権限が必要）",
        )

    def handle(self, *args, municipality, dry_run, approved_by, **options):
        town = Municipality.objects.filter(code=municipality).first()
        if town is None:
            raise CommandError(f"市町村コード {municipality} は登録されていません。")
        batches = disposal.due_batches(town)
        if not batches:
            self.stdout.write(
                f"{town.name}: 保存年限が設定されていないため、廃棄の対象はありません。"
            )
            return
        for batch in batches:
            self.stdout.write(
                f"{batch.label}: {batch.count}件（{batch.rule.describe()}、基準日 {batch.cutoff}より前）"
            )
        if dry_run:
            self.stdout.write("--dry-run のため、何も削除していません。")
            return
        if not approved_by:
            raise CommandError(
                "廃棄には承認が必要です。--approved-by に承認する職員を指定してください。"
            )
        approver = User.objects.filter(username=approved_by, is_active=True).first()
        if approver is None or Perm.RETENTION_MANAGE not in access.permissions_on(approver, town):
            raise CommandError(f"{approved_by} には {town.name} の廃棄を承認する権限がありません。")
        entries = disposal.dispose(municipality=town, via="コマンド", actor=Actor(approver))
        for entry in entries:
            self.stdout.write(f"廃棄しました：{entry.get_record_type_display()} {entry.count}件")
        if not entries:
            self.stdout.write("廃棄の対象はありませんでした。")
