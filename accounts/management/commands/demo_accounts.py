from django.core.management.base import BaseCommand

from accounts.models import User
from hubs.demo import demo_accounts_table


class Command(BaseCommand):
    help = "デモ用アカウントの一覧を表示します。"

    def handle(self, *args, **options):
        present = set(User.objects.values_list("username", flat=True))
        self.stdout.write("\nデモ用アカウント（本番環境では使えません）:")
        for username, password, label in demo_accounts_table():
            if username in present:
                self.stdout.write(f"  {username:<16} パスワード: {password}   {label}")
        self.stdout.write("")
