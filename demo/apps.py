from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data and its accounts (seed_demo), above every other app: it fills them all.

    Installed in production too, for its start-up check: production refuses demo accounts."""

    name = "demo"
    verbose_name = "デモデータ"

    def ready(self):
        from . import checks  # noqa: F401
