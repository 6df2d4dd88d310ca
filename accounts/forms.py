from django.contrib.auth.forms import AuthenticationForm

from common.japanese import normalize_text


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "ユーザー名またはパスワードが正しくありません。",
        "inactive": "このアカウントは利用停止中です。",
    }

    def clean_username(self):
        # Full-width letters typed on a Japanese IME still match the account.
        return normalize_text(self.cleaned_data.get("username", ""))
