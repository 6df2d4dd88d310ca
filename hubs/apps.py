from django.apps import AppConfig


class HubsConfig(AppConfig):
    name = "hubs"
    verbose_name = "拠点・事業・職員・利用実績"

    def ready(self):
        from . import locks

        locks.register(self)
