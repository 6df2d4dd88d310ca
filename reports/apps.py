from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "帳票"

    def ready(self):
        from . import locks

        locks.register(self)
        # The programmes this app judges; each registers itself (its `order` places it).
        # Another app registers its own from its ready() (docs/eligibility.md).
        from .eligibility import famisapo, kyoten, local, riyosha  # noqa: F401
