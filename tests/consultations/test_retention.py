"""Retention rules per municipality, legal hold, disposal with approval and a register."""

import datetime as dt

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from consultations import disposal
from consultations.models import (
    Consultation,
    DisposalEntry,
    Household,
    Referral,
    RegisterEntry,
    RetentionRule,
)
from tests.factories import make_family


@pytest.fixture
def rules(casework):
    city = casework.world.city_a
    RetentionRule.objects.create(
        municipality=city, record_type="household", basis="after_last_activity", years=5
    )
    RetentionRule.objects.create(
        municipality=city, record_type="register", basis="until_child_age", years=6
    )
    RetentionRule.objects.create(
        municipality=city, record_type="anonymous", basis="after_record", years=5
    )
    RetentionRule.objects.create(
        municipality=city, record_type="audit", basis="after_record", years=5
    )
    return city


def _old_family(hub, name, last, **extra):
    family = make_family(hub, kana=f"ふるい{name}", name=f"古い{name}", **extra)
    Household.objects.filter(pk=family.pk).update(last_activity_on=last)
    return family


def test_nothing_is_due_without_a_rule(casework):
    old = _old_family(casework.world.hub_a1, "無規則", dt.date(2010, 1, 1))
    assert disposal.due_batches(casework.world.city_a) == []
    assert Household.objects.filter(pk=old.pk).exists()


def test_due_held_and_disposed_with_a_register_and_nothing_personal_left(casework, rules, client):
    w = casework.world
    due = _old_family(w.hub_a1, "期限", dt.date(2020, 3, 31))
    # A record shared under the family's consent goes with the family.
    consent = due.consents.get()
    consent.covers_sharing = True
    consent.save()
    Referral.objects.create(
        household=due,
        agency=casework.own.agency,
        referred_on=dt.date(2020, 3, 1),
        content="共有",
        shares_record=True,
        consent=consent,
    )
    held = _old_family(
        w.hub_a2, "保留", dt.date(2019, 1, 1), legal_hold=True, legal_hold_reason="開示請求対応中"
    )
    recent = _old_family(w.hub_a1, "最近", dt.date(2024, 1, 1))
    # A family kept for its 支援台帳 entry: the child is 5, the register keeps it until 6.
    registered = _old_family(w.hub_a1, "台帳", dt.date(2019, 1, 1))
    RegisterEntry.objects.create(
        household=registered,
        mother=registered.guardians.first(),
        registered_on=dt.date(2020, 1, 1),
        child_birth_date=dt.date(2021, 6, 1),
    )
    other_city = _old_family(w.hub_b1, "他市", dt.date(2010, 1, 1))
    with time_machine.travel(dt.datetime(2018, 1, 5, 10, tzinfo=dt.UTC)):
        old_audit = AuditEvent.objects.create(
            action="view", actor_username="x", municipality_code=w.city_a.code
        )
        old_anonymous = Consultation.objects.create(
            hub=w.hub_a1, service="hiroba", channel="visit", held_at=timezone.now()
        )

    with time_machine.travel(dt.datetime(2026, 11, 22, 10, tzinfo=dt.UTC)):
        counts = {b.record_type.value: b.count for b in disposal.due_batches(w.city_a)}
        assert counts == {"household": 1, "register": 0, "anonymous": 1, "audit": 1}

        client.force_login(w.users.officer_a)
        page = client.get(reverse("consultations:retention", args=[w.city_a.code]))
        assert due in page.context["due_households"]
        # Approval needs the explicit confirmation.
        url = reverse("consultations:dispose", args=[w.city_a.code])
        client.post(url, {})
        assert Household.objects.filter(pk=due.pk).exists()
        client.post(url, {"confirm": "yes"})

    assert not Household.objects.filter(pk=due.pk).exists()
    assert not Consultation.objects.filter(pk=old_anonymous.pk).exists()
    assert not AuditEvent.objects.filter(pk=old_audit.pk).exists()
    for kept in (held, recent, registered, other_city):
        assert Household.objects.filter(pk=kept.pk).exists()
    entries = {
        e.record_type: e for e in DisposalEntry.objects.filter(municipality_code=w.city_a.code)
    }
    assert {k: e.count for k, e in entries.items()} == {"household": 1, "anonymous": 1, "audit": 1}
    assert entries["household"].approved_by.startswith("officer_a")
    assert entries["household"].rule.startswith("最後の支援から5年")
    # Nothing personal is left, in the register or anywhere the family's name was.
    register_text = " ".join(str(vars(e)) for e in entries.values())
    assert "古い期限" not in register_text and "フルイ" not in register_text
    assert AuditEvent.objects.filter(action="dispose", actor_username="officer_a").count() == 1

    with time_machine.travel(dt.datetime(2027, 7, 1, 10, tzinfo=dt.UTC)):
        # The child turned 6: the register entry and then the family become due.
        counts = {b.record_type.value: b.count for b in disposal.due_batches(w.city_a)}
        assert counts["register"] == 1 and counts["household"] == 1


def test_command_lists_with_dry_run_and_needs_an_approver(casework, rules, capsys):
    w = casework.world
    due = _old_family(w.hub_a1, "期限", dt.date(2015, 1, 1))
    call_command("dispose_records", "--municipality", w.city_a.code, "--dry-run")
    out = capsys.readouterr().out
    assert "世帯の記録一式" in out and "1件" in out
    assert Household.objects.filter(pk=due.pk).exists()
    with pytest.raises(CommandError, match="承認が必要"):
        call_command("dispose_records", "--municipality", w.city_a.code)
    with pytest.raises(CommandError, match="権限がありません"):
        call_command("dispose_records", "--municipality", w.city_a.code, "--approved-by", "staff_a")
    with pytest.raises(CommandError, match="権限がありません"):
        call_command(
            "dispose_records", "--municipality", w.city_a.code, "--approved-by", "officer_b"
        )
    call_command("dispose_records", "--municipality", w.city_a.code, "--approved-by", "officer_a")
    assert not Household.objects.filter(pk=due.pk).exists()
    assert DisposalEntry.objects.get(record_type="household").executed_via == "コマンド"


def test_rules_are_edited_per_municipality_and_checked(client, casework):
    w = casework.world
    client.force_login(w.users.officer_a)
    url = reverse("consultations:retention", args=[w.city_a.code])
    client.post(url, {"action": "adopt"})
    assert RetentionRule.objects.filter(municipality=w.city_a).count() == 5
    assert not RetentionRule.objects.filter(municipality=w.city_b).exists()
    response = client.post(
        url, {"record_type": "household", "basis": "until_child_age", "years": "3"}
    )
    assert "使えない数え方" in response.content.decode()
    client.post(url, {"record_type": "household", "basis": "after_last_activity", "years": "10"})
    assert RetentionRule.objects.get(municipality=w.city_a, record_type="household").years == 10
