from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "利用者・権限・監査"

    def ready(self):
        from . import japanese_names, signals  # noqa: F401

        japanese_names.apply()
