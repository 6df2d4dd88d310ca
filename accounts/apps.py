from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "利用者・権限・監査"

    def ready(self):
        from . import signals  # noqa: F401
