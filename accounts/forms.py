from django import forms
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


class TokenForm(forms.Form):
    token = forms.CharField(
        label="確認コード",
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text="認証アプリの6桁の数字、またはバックアップコード",
    )

    def clean_token(self):
        # Full-width digits from a Japanese IME, spaces and hyphens typed for readability.
        token = normalize_text(self.cleaned_data["token"])
        return token.replace(" ", "").replace("-", "").lower()
