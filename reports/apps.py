from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "帳票"

    def ready(self):
        from . import locks

        locks.register(self)
