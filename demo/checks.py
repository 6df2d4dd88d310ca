"""Start-up checks: production refuses to run with the demo accounts present."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

from accounts.models import User

from .plans import DEMO_USERS


def demo_usernames() -> list[str]:
    return [username for username, *_ in DEMO_USERS]


def demo_users_present() -> list[str]:
    return list(
        User.objects.filter(username__in=demo_usernames()).values_list("username", flat=True)
    )


@register(Tags.database)
def check_no_demo_users(app_configs, databases=None, **kwargs):
    if not getattr(settings, "KYOTEN_REFUSE_DEMO_USERS", False) or not databases:
        return []
    try:
        present = demo_users_present()
    except DatabaseError:
        return []
    if present:
        return [
            Error(
                f"デモ用アカウントが残っています: {', '.join(present)}",
                hint="本番環境ではデモアカウントを削除してください（manage.py remove_demo_users）。",
                id="kyoten.E001",
            )
        ]
    return []


def refuse_demo_users():
    """Raise at server start when production settings meet demo accounts."""
    if getattr(settings, "KYOTEN_REFUSE_DEMO_USERS", False):
        present = demo_users_present()
        if present:
            raise ImproperlyConfigured(
                "Demo accounts exist in this database; production refuses to start: "
                + ", ".join(present)
            )
