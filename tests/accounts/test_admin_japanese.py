"""The admin speaks Japanese for third-party apps too (axes, django-otp, the task backend)."""

import pytest

from tests.factories import UserFactory, verify

ENGLISH = [
    "Access attempts",
    "Access logs",
    "Access failures",
    "TOTP devices",
    "Static devices",
    "Otp_Totp",
    "Otp_Static",
    "Tasks Database Backend",
    "Axes",
    "- Select an option -",
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/axes/accesslog/",
        "/admin/axes/accessattempt/",
        "/admin/otp_totp/totpdevice/",
        "/admin/otp_totp/totpdevice/add/",
    ],
)
def test_third_party_admin_pages_have_no_english_names(client, path):
    admin = UserFactory(username="admin_ja", is_staff=True, is_superuser=True)
    verify(client, admin)
    page = client.get(path)
    assert page.status_code == 200
    body = page.content.decode()
    assert [word for word in ENGLISH if word in body] == []
    if path == "/admin/":
        assert "ログインの試行と制限" in body and "二要素認証（認証アプリ）" in body
    if path == "/admin/axes/accesslog/":
        assert "IPアドレス" in body
