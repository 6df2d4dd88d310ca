"""Every read of a family's records is audited in the same transaction, and fails without it."""

import datetime as dt
import io

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from pypdf import PdfReader

from accounts.models import AuditEvent
from consultations.models import Consultation, RegisterEntry
from tests.factories import verify


def _rows(family):
    return AuditEvent.objects.filter(subject_id=family.public_id)


@pytest.mark.parametrize(
    ("name", "arg", "action"),
    [
        ("consultations:family", "family", "view"),
        ("consultations:family_pdf", "family", "export"),
        ("consultations:consultation", "consultation", "view"),
        ("consultations:conference", "conference", "view"),
        ("consultations:conference_pdf", "conference", "export"),
        ("consultations:referral", "referral", "view"),
    ],
)
def test_one_audit_row_per_read(client, casework, name, arg, action):
    family = casework.own.family
    verify(client, casework.world.users.spec_a)
    before = _rows(family).count()
    obj = getattr(casework.own, arg)
    response = client.get(reverse(name, args=[obj.public_id]))
    assert response.status_code == 200
    assert _rows(family).count() == before + 1
    row = _rows(family).latest("id")
    assert row.action == action
    assert row.actor_username == "spec_a"
    assert row.municipality_code == casework.world.city_a.code
    assert row.object_id == str(obj.public_id)
    # The audit log names no one: it outlives the records.
    assert "試験" not in row.object_repr
    assert response["Cache-Control"] == "no-store"


def test_search_results_and_the_register_audit_each_family_shown(client, casework):
    w = casework.world
    verify(client, w.users.spec_a)
    family = casework.own.family
    RegisterEntry.objects.create(
        household=family,
        mother=family.guardians.first(),
        registered_on=dt.date(2025, 5, 1),
        due_date=dt.date(2025, 9, 1),
        risk="middle",
    )
    before = _rows(family).count()
    client.post(
        reverse("consultations:family_search", args=[w.hub_a1.public_id]),
        {"kana": "てown", "birth_date": "", "phone": ""},
    )
    assert _rows(family).count() == before + 1
    response = client.get(reverse("consultations:register_pdf", args=[w.hub_a1.public_id]))
    assert response.status_code == 200
    assert _rows(family).count() == before + 2
    assert "試験own" in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages
    )


def test_a_read_fails_when_its_audit_row_cannot_be_written(client, casework):
    """Fail closed: a real PostgreSQL error on the audit insert, and no record is returned."""
    verify(client, casework.world.users.spec_a)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION test_refuse_insert() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'audit storage unavailable'; END; $$ LANGUAGE plpgsql;"
            "CREATE TRIGGER test_refuse_insert BEFORE INSERT ON accounts_auditevent "
            "FOR EACH ROW EXECUTE FUNCTION test_refuse_insert();"
        )
    url = reverse("consultations:consultation", args=[casework.own.consultation.public_id])
    with pytest.raises(DatabaseError, match="audit storage unavailable"):
        client.get(url)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_only_a_disposal_transaction_may_delete_audit_rows():
    from consultations.disposal import _allow_audit_deletion

    event = AuditEvent.objects.create(action=AuditEvent.Action.VIEW, actor_username="x")
    with pytest.raises(DatabaseError, match="追記のみ"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with transaction.atomic():
        _allow_audit_deletion(True)
        AuditEvent.objects.filter(pk=event.pk).delete()
        _allow_audit_deletion(False)
    assert not AuditEvent.objects.filter(pk=event.pk).exists()
    # The switch ends with its transaction, and UPDATE is refused even with it on.
    other = AuditEvent.objects.create(action=AuditEvent.Action.VIEW, actor_username="y")
    with pytest.raises(DatabaseError, match="追記のみ"), transaction.atomic():
        AuditEvent.objects.filter(pk=other.pk).delete()
    with pytest.raises(DatabaseError, match="追記のみ"), transaction.atomic():
        _allow_audit_deletion(True)
        AuditEvent.objects.filter(pk=other.pk).update(actor_username="z")


PERSONAL_URLS = [
    ("consultations:family_search", "hub"),
    ("consultations:family_new", "hub"),
    ("consultations:register", "hub"),
    ("consultations:family", "family"),
    ("consultations:family_pdf", "family"),
    ("consultations:consent_new", "family"),
    ("consultations:consultation_new", "family"),
    ("consultations:support_new", "family"),
    ("consultations:conference_new", "family"),
    ("consultations:plan_new", "family"),
    ("consultations:register_entry_new", "family"),
    ("consultations:referral_new", "family"),
    ("consultations:purpose", "family"),
    ("consultations:consultation", "consultation"),
    ("consultations:conference", "conference"),
    ("consultations:conference_pdf", "conference"),
    ("consultations:referral", "referral"),
]


def _url(casework, name, kind):
    obj = {
        "hub": casework.world.hub_a1,
        "family": casework.own.family,
        "consultation": casework.own.consultation,
        "conference": casework.own.conference,
        "referral": casework.own.referral,
    }[kind]
    return reverse(name, args=[obj.public_id])


@pytest.mark.parametrize("persona", ["spec_a", "staff_a", "records_a"])
def test_password_only_sessions_cannot_open_personal_records(client, casework, persona):
    client.force_login(getattr(casework.world.users, persona))
    for name, kind in PERSONAL_URLS:
        response = client.get(_url(casework, name, kind))
        if response.status_code == 403:
            continue  # this role may not open it at all
        assert response.status_code == 302, name
        assert response["Location"].startswith("/accounts/two-factor/"), name
    url = reverse("consultations:municipal_family_search", args=[casework.world.city_a.code])
    if persona == "records_a":
        assert client.get(url)["Location"].startswith("/accounts/two-factor/")


def test_totp_login_opens_records_and_a_wrong_code_is_audited(client, casework):
    user = casework.world.users.spec_a
    device = verify(client, user)  # creates the device
    client.logout()
    response = client.post(
        reverse("accounts:login"), {"username": "spec_a", "password": "correct-horse-battery"}
    )
    assert response["Location"].startswith("/accounts/two-factor/")
    family_url = reverse("consultations:family", args=[casework.own.family.public_id])
    assert client.get(family_url).status_code == 302
    response = client.post(reverse("accounts:otp_verify"), {"token": "000000", "next": family_url})
    assert "確認コードが正しくありません" in response.content.decode()
    assert AuditEvent.objects.filter(action="otp_failed", actor_username="spec_a").count() == 1
    # django-otp makes the next try wait after a failure (throttling): come back a bit later.
    traveller = time_machine.travel(timezone.now() + dt.timedelta(seconds=5), tick=True)
    traveller.start()
    code = f"{totp(device.bin_key):06d}"
    # Full-width digits typed on a Japanese IME are accepted.
    full_width = code.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    response = client.post(
        reverse("accounts:otp_verify"), {"token": full_width, "next": family_url}
    )
    traveller.stop()
    assert response["Location"] == family_url
    assert client.get(family_url).status_code == 200


def test_setting_up_an_authenticator_gives_backup_codes(client, casework):
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = casework.world.users.spec_a
    client.force_login(user)
    page = client.get(reverse("accounts:otp_setup"))
    assert page.status_code == 200
    assert page.context["qr"].startswith("data:image/svg+xml")
    key = client.session["otp_setup_key"]
    response = client.post(
        reverse("accounts:otp_setup"), {"token": f"{totp(bytes.fromhex(key)):06d}"}
    )
    codes = response.context["codes"]
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=user).key == key
    # A backup code works once, in place of the app.
    client.logout()
    client.force_login(user)
    family_url = reverse("consultations:family", args=[casework.own.family.public_id])
    response = client.post(reverse("accounts:otp_verify"), {"token": codes[0], "next": family_url})
    assert response["Location"] == family_url
    assert not StaticToken.objects.filter(token=codes[0]).exists()


def test_municipal_officer_states_a_purpose_and_it_is_audited(client, casework):
    w = casework.world
    family = casework.own.family
    verify(client, w.users.records_a)
    family_url = reverse("consultations:family", args=[family.public_id])
    response = client.get(family_url)
    assert response.status_code == 302
    purpose_url = response["Location"]
    assert purpose_url.startswith(reverse("consultations:purpose", args=[family.public_id]))
    response = client.post(purpose_url, {"purpose": "児童相談所からの照会", "next": family_url})
    assert response["Location"] == family_url
    page = client.get(family_url)
    assert "児童相談所からの照会" in page.content.decode()
    row = _rows(family).latest("id")
    assert (row.actor_username, row.purpose) == ("records_a", "児童相談所からの照会")


def test_reading_without_reading_consent_needs_a_confirmed_override(client, casework):
    w = casework.world
    family = casework.own.family
    family.consents.update(covers_reading=False)
    verify(client, w.users.records_a)
    url = reverse("consultations:purpose", args=[family.public_id])
    response = client.post(url, {"purpose": "確認"})
    assert response.status_code == 200  # must tick the confirmation
    response = client.post(url, {"purpose": "安全確認", "override": "on"})
    assert response.status_code == 302
    client.get(reverse("consultations:family", args=[family.public_id]))
    assert _rows(family).latest("id").detail["consent_override"] is True


def test_access_log_and_breach_report_list_exactly_what_was_read(client, casework):
    w = casework.world
    verify(client, w.users.spec_a)
    client.get(reverse("consultations:family", args=[casework.own.family.public_id]))
    client.get(reverse("consultations:consultation", args=[casework.own.consultation.public_id]))
    client.get(reverse("consultations:family", args=[casework.own.family.public_id]))

    verify(client, w.users.records_a)
    session = client.session
    session["record_purposes"] = {
        str(casework.own.family.public_id): {"purpose": "監査", "override": False, "until": 9e12}
    }
    session.save()
    log = client.get(reverse("consultations:access_log", args=[casework.own.family.public_id]))
    assert [r.actor_username for r in log.context["rows"]].count("spec_a") == 3

    client.force_login(w.users.officer_a)
    today = timezone.localdate()
    response = client.post(
        reverse("consultations:breach_report", args=[w.city_a.code]),
        {"username": "spec_a", "since": str(today - dt.timedelta(days=1)), "until": str(today)},
    )
    rows = response.context["rows"]
    assert len(rows) == 3
    assert response.context["families"] == 1
    assert {r.object_id for r in rows} == {
        str(casework.own.family.public_id),
        str(casework.own.consultation.public_id),
    }
    # Another municipality's officer sees none of city A's reads.
    client.force_login(w.users.officer_b)
    response = client.post(
        reverse("consultations:breach_report", args=[w.city_b.code]),
        {"username": "spec_a", "since": str(today - dt.timedelta(days=1)), "until": str(today)},
    )
    assert response.context["rows"] == []


def test_record_pdf_has_text_font_and_no_local_file(client, casework):
    Consultation.objects.filter(pk=casework.own.consultation.pk).update(
        request='<img src="file:///etc/passwd">夜泣き'
    )
    verify(client, casework.world.users.spec_a)
    response = client.get(reverse("consultations:family_pdf", args=[casework.own.family.public_id]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    reader = PdfReader(io.BytesIO(response.content))
    # The title is letter-spaced: compare without spaces.
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "")
    assert "相談記録票" in text and "試験own" in text and "夜泣き" in text
    assert "root:" not in text
    fonts = {
        str(f["/BaseFont"])
        for page in reader.pages
        for f in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any("IPAexGothic" in f for f in fonts)


def test_prefecture_officer_sees_counts_never_records(client, casework, settings):
    w = casework.world
    client.force_login(w.users.pref_p)
    assert (
        client.get(
            reverse("consultations:family", args=[casework.own.family.public_id])
        ).status_code
        == 403
    )
    page = client.get(reverse("consultations:prefecture_stats", args=[w.pref_p.code, 2025]))
    text = page.content.decode()
    assert "試験" not in text and "夜泣き" not in text
    # Two consultations in June 2025 at each of the prefecture's three hubs: 6 is shown…
    rows = {label: values for label, values, _ in page.context["tables"][0].rows()}
    assert rows["利用者支援（基本型）"][2] == 6
    # …and hidden once the threshold is above it; zero stays zero.
    settings.KYOTEN_SMALL_COUNT = 10
    page = client.get(reverse("consultations:prefecture_stats", args=[w.pref_p.code, 2025]))
    rows = {label: values for label, values, _ in page.context["tables"][0].rows()}
    assert rows["利用者支援（基本型）"][2] == "–"
    assert rows["利用者支援（基本型）"][3] == 0
    # The municipality sees its own counts unsuppressed.
    client.force_login(w.users.officer_a)
    page = client.get(reverse("consultations:municipality_stats", args=[w.city_a.code, 2025]))
    rows = {label: values for label, values, _ in page.context["tables"][0].rows()}
    assert rows["利用者支援（基本型）"][2] == 4


def test_worklist_lists_what_is_due_and_audits_each_family(client, casework):
    from consultations.models import SupportPlan

    w = casework.world
    today = timezone.localdate()
    Consultation.objects.filter(pk=casework.own.consultation.pk).update(
        follow_up_on=today - dt.timedelta(days=2)
    )
    SupportPlan.objects.filter(pk=casework.own.plan.pk).update(
        review_on=today + dt.timedelta(days=3)
    )
    verify(client, w.users.spec_a)
    before = _rows(casework.own.family).count()
    response = client.get(reverse("consultations:worklist", args=[w.hub_a1.public_id]))
    assert [c.pk for c in response.context["follow_ups"]] == [casework.own.consultation.pk]
    assert [p.pk for p in response.context["reviews"]] == [casework.own.plan.pk]
    assert casework.own.referral in response.context["referrals"]
    assert "予定日を過ぎています" in response.content.decode()
    # One family, listed three times: one audit row.
    assert _rows(casework.own.family).count() == before + 1
    # Families of the other site never appear.
    assert casework.sibling.referral not in response.context["referrals"]


def test_prefecture_download_keeps_the_suppression_and_is_audited(client, casework, settings):
    w = casework.world
    settings.KYOTEN_SMALL_COUNT = 10
    client.force_login(w.users.pref_p)
    url = reverse("consultations:prefecture_stats", args=[w.pref_p.code, 2025])
    response = client.get(url, {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "利用者支援（基本型）,0,0,–," in text
    assert AuditEvent.objects.filter(action="export", actor_username="pref_p").count() == 1
    assert client.get(url, {"format": "xlsx"}).status_code == 200


def test_breach_report_downloads_as_csv(client, casework):
    w = casework.world
    verify(client, w.users.spec_a)
    client.get(reverse("consultations:family", args=[casework.own.family.public_id]))
    client.force_login(w.users.officer_a)
    today = timezone.localdate()
    response = client.post(
        reverse("consultations:breach_report", args=[w.city_a.code]),
        {"username": "spec_a", "since": str(today), "until": str(today), "download": "csv"},
    )
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("日時,アカウント")
    assert len(lines) == 2 and str(casework.own.family.public_id) in lines[1]


def test_logs_hold_no_password_session_key_or_record_text(client, casework, caplog):
    """Security checklist B6, over a login, a record read and a failed code."""
    import logging

    caplog.set_level(logging.DEBUG)
    client.post(
        reverse("accounts:login"), {"username": "spec_a", "password": "correct-horse-battery"}
    )
    session_key = client.session.session_key
    verify(client, casework.world.users.spec_a)
    client.get(reverse("consultations:consultation", args=[casework.own.consultation.public_id]))
    client.post(reverse("accounts:otp_verify"), {"token": "123456"})
    logged = caplog.text
    assert "correct-horse-battery" not in logged
    assert session_key not in logged
    assert "夜泣き" not in logged
