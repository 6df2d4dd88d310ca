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


def _admin_import(client, content: bytes, name="運営主体.csv", fmt="0"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, content)
    return client.post(
        "/admin/orgs/operator/import/",
        {"resource": "0", "format": fmt, "import_file": upload},
    )


@pytest.mark.django_db
def test_the_admin_import_reads_shift_jis_and_speaks_japanese(client):
    from orgs.models import Operator

    verify(client, UserFactory(username="admin_imp", is_staff=True, is_superuser=True))
    # A title row, then the header on line 2: the bad row is line 4 of the file.
    good = "運営主体の一覧\n名称,よみ,種別\n社会福祉法人 ひかり会,ヒカリカイ,社会福祉法人\n"
    response = _admin_import(
        client, (good + "ＮＰＯ法人 そら,ソラ,株式会社みたいな何か\n").encode("cp932")
    )
    body = response.content.decode()
    assert "UnicodeDecodeError" not in body and "Some rows failed" not in body
    assert "何も取り込んでいません" in body
    errors = response.context["result"].invalid_rows
    assert [row.number for row in errors] == [4]
    assert errors[0].kyoten_errors[0][0] == "種別"
    assert "<td>4行目</td>" in body and "<td>種別</td>" in body
    assert not Operator.objects.filter(name__contains="ひかり会").exists()

    response = _admin_import(client, good.encode("cp932"))
    assert response.context["result"].totals["new"] == 1
    confirm = response.context["confirm_form"]
    data = {name: confirm[name].value() for name in confirm.fields}
    assert client.post("/admin/orgs/operator/process_import/", data).status_code == 302
    assert Operator.objects.get(name="社会福祉法人 ひかり会").kana == "ヒカリカイ"

    response = _admin_import(client, b"\xd0\xcf\x11\xe0old excel", name="old.xls")
    body = response.content.decode()
    assert "古い Excel 形式（.xls）は読めません" in body
    assert "encountered while trying to read file" not in body
