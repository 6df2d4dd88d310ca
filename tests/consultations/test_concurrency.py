"""Two people editing the same record: one wins, the other is told, nothing is lost."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from common.services import Actor
from consultations import services
from consultations.concurrency import EditConflict
from consultations.models import Consultation, Topic
from tests.factories import verify


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_edits_give_one_conflict_and_lose_nothing(casework):
    """Real PostgreSQL, two connections (threads), both opened the record at version 1."""
    consultation = casework.own.consultation
    topics = list(Topic.objects.filter(code="anxiety"))
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def edit(name: str, text: str):
        try:
            actor = Actor(casework.world.users.spec_a)
            stale = Consultation.objects.get(pk=consultation.pk)
            barrier.wait()
            try:
                services.consultation_update(
                    consultation=stale,
                    version=1,
                    data={"request": text},
                    topics=topics,
                    actor=actor,
                )
                outcomes[name] = "saved"
            except EditConflict as conflict:
                outcomes[name] = f"conflict:{conflict.current.request}"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=edit, args=("a", "Aさんの追記")),
        threading.Thread(target=edit, args=("b", "Bさんの追記")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(v.split(":")[0] for v in outcomes.values()) == ["conflict", "saved"]
    final = Consultation.objects.get(pk=consultation.pk)
    assert final.version == 2
    winner = next(k for k, v in outcomes.items() if v == "saved")
    loser = next(k for k, v in outcomes.items() if v != "saved")
    assert final.request == {"a": "Aさんの追記", "b": "Bさんの追記"}[winner]
    # The loser was shown exactly what the winner saved.
    assert outcomes[loser] == f"conflict:{final.request}"


def test_second_editor_gets_a_conflict_page_with_both_versions(client, casework):
    consultation = casework.own.consultation
    verify(client, casework.world.users.spec_a)
    url = reverse("consultations:consultation", args=[consultation.public_id])
    form = client.get(url).context["form"]
    data = {
        "held_at": "2025-06-02T10:00",
        "service": "kihon",
        "channel": "visit",
        "minutes": "30",
        "topics": [Topic.objects.get(code="anxiety").pk],
        "version": form.initial["version"],
    }
    assert client.post(url, data | {"request": "一人目の内容"}).status_code == 302
    response = client.post(url, data | {"request": "二人目の内容"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "ほかの職員が先に保存しました" in page
    assert "一人目の内容" in page and "二人目の内容" in page
    consultation.refresh_from_db()
    assert consultation.request == "一人目の内容"
    # Saving again from the conflict page is a deliberate overwrite of the version now shown.
    response = client.post(url, data | {"request": "二人目の内容", "version": consultation.version})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.request == "二人目の内容"


def test_a_consultation_opens_as_a_read_view_with_its_author_and_edit_is_a_step(client, casework):
    consultation = casework.own.consultation
    verify(client, casework.world.users.spec_a)
    url = reverse("consultations:consultation", args=[consultation.public_id])
    page = client.get(url)
    body = page.content.decode()
    assert page.context["editing"] is False and "<textarea" not in body
    assert "記録した職員" in body and 'href="?edit=1"' in body
    page = client.get(url + "?edit=1")
    assert page.context["editing"] is True and "<textarea" in page.content.decode()
    data = {
        "held_at": "2025-06-02T10:00",
        "service": "kihon",
        "channel": "visit",
        "minutes": "30",
        "topics": [Topic.objects.get(code="anxiety").pk],
        "version": consultation.version,
        "request": "追記",
    }
    assert client.post(url, data).status_code == 302
    body = client.get(url).content.decode()
    assert "最終更新" in body and casework.world.users.spec_a.username in body
