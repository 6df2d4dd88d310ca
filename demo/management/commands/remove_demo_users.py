from django.core.management.base import BaseCommand

from accounts.models import User
from demo.checks import demo_usernames


class Command(BaseCommand):
    help = "デモ用アカウントを削除します（本番環境はデモアカウントがあると起動しません）。"

    def handle(self, *args, **options):
        deleted = list(
            User.objects.filter(username__in=demo_usernames()).values_list("username", flat=True)
        )
        User.objects.filter(username__in=deleted).delete()
        self.stdout.write(f"削除しました: {', '.join(deleted) or 'なし'}")
