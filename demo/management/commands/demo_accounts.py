from django.core.management.base import BaseCommand
from django_otp.oath import totp

from accounts.models import User
from demo.places_and_hubs import demo_accounts_table


class Command(BaseCommand):
    help = (
        "デモ用アカウントの一覧（二要素認証の秘密鍵つき）を表示します。--codes で今の確認コードも。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--codes", action="store_true", help="今の6桁の確認コードも表示する")

    def handle(self, *args, codes=False, **options):
        import base64

        present = set(User.objects.values_list("username", flat=True))
        self.stdout.write("\nデモ用アカウント（本番環境では使えません）:")
        for username, password, label, secret in demo_accounts_table():
            if username not in present:
                continue
            line = f"  {username:<16} パスワード: {password}   {label}"
            if secret:
                line += f"\n  {'':<16} 二要素認証の秘密鍵: {secret}"
                if codes:
                    line += f"  今の確認コード: {totp(base64.b32decode(secret)):06d}"
            self.stdout.write(line)
        self.stdout.write(
            "\n二要素認証：認証アプリに秘密鍵を登録するか、"
            "`.venv/bin/python manage.py demo_accounts --codes` で今のコードを表示します。\n"
        )
