"""Japanese names for what third-party apps show in the admin (their own translations have no
Japanese): app and model names and the field labels of their list pages, and Django 6's blank
choice label. Applied once at start-up (AccountsConfig.ready)."""

from django.apps import apps
from django.db.models import fields

APPS = {
    "axes": "ログインの試行と制限",
    "django_otp": "二要素認証",
    "otp_totp": "二要素認証（認証アプリ）",
    "otp_static": "二要素認証（バックアップコード）",
    "django_tasks_database": "バックグラウンド処理",
    "django_htmx": "htmx",
    "import_export": "取込・出力",
}

MODELS = {
    ("axes", "AccessAttempt"): ("ログインの失敗（制限中）", "ログインの失敗（制限中）"),
    ("axes", "AccessLog"): ("ログインの記録", "ログインの記録"),
    ("axes", "AccessFailureLog"): ("ログインの失敗の記録", "ログインの失敗の記録"),
    ("otp_totp", "TOTPDevice"): ("認証アプリ", "認証アプリ"),
    ("otp_static", "StaticDevice"): ("バックアップコード", "バックアップコード"),
    ("otp_static", "StaticToken"): ("バックアップコード（1つ）", "バックアップコード（1つ）"),
    ("django_tasks_database", "DBTaskResult"): ("処理の結果", "処理の結果"),
}

# What every django-otp device has (its Device base model).
DEVICE_FIELDS = {
    "user": "利用者",
    "name": "名前",
    "confirmed": "確認済み",
    "created_at": "登録日時",
    "last_used_at": "最後に使った日時",
    "throttling_failure_timestamp": "最後の失敗の日時",
    "throttling_failure_count": "続けて失敗した回数",
}

FIELDS = {
    "axes": {
        "user_agent": "ブラウザ（User-Agent）",
        "ip_address": "IPアドレス",
        "username": "ユーザー名",
        "http_accept": "Accept ヘッダー",
        "path_info": "パス",
        "attempt_time": "日時",
        "get_data": "GETの内容",
        "post_data": "POSTの内容",
        "failures_since_start": "失敗の回数",
        "logout_time": "ログアウトの日時",
        "session_hash": "セッションのハッシュ",
        "locked_out": "制限した",
    },
    "otp_totp": DEVICE_FIELDS
    | {
        "key": "秘密鍵",
        "step": "間隔（秒）",
        "digits": "桁数",
        "tolerance": "許容するずれ",
        "drift": "時刻のずれ",
    },
    "otp_static": DEVICE_FIELDS | {"token": "コード", "device": "端末"},
    "django_tasks_database": {
        "status": "状態",
        "enqueued_at": "受付日時",
        "started_at": "開始日時",
        "finished_at": "終了日時",
        "priority": "優先度",
        "queue_name": "キュー",
        "backend_name": "バックエンド",
        "run_after": "実行の予定",
    },
}

BLANK_CHOICE = "選んでください"


def apply() -> None:
    fields.BLANK_CHOICE_LABEL = BLANK_CHOICE
    installed = {a.label for a in apps.get_app_configs()}
    for label, name in APPS.items():
        if label in installed:
            apps.get_app_config(label).verbose_name = name
    for (label, model_name), (single, plural) in MODELS.items():
        try:
            model = apps.get_model(label, model_name)
        except LookupError:
            continue
        model._meta.verbose_name, model._meta.verbose_name_plural = single, plural
    for label, names in FIELDS.items():
        if label not in installed:
            continue
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.fields:
                if field.name in names:
                    field.verbose_name = names[field.name]
