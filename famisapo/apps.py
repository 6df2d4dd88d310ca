from django.apps import AppConfig


class FamisapoConfig(AppConfig):
    name = "famisapo"
    verbose_name = "ファミリー・サポート・センター"
