"""No constraint name reaches a person: every check constraint of Kyoten's apps says in Japanese
what is wrong, and model validation shows that message."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

OUR_APPS = [
    "common",
    "orgs",
    "accounts",
    "families",
    "hubs",
    "consultations",
    "famisapo",
    "reports",
]


def _check_constraints():
    for app in OUR_APPS:
        for model in apps.get_app_config(app).get_models():
            for constraint in model._meta.constraints:
                if isinstance(constraint, models.CheckConstraint):
                    yield model, constraint


@pytest.mark.parametrize(
    ("model", "constraint"),
    list(_check_constraints()),
    ids=[c.name for _, c in _check_constraints()],
)
def test_every_check_constraint_explains_itself_in_japanese(model, constraint):
    message = constraint.violation_error_message
    assert message and message != constraint.default_violation_error_message, constraint.name
    assert constraint.name not in message
    assert any("\u3040" <= ch <= "\u30ff" for ch in message), message  # kana: written in Japanese


@pytest.mark.django_db
def test_model_validation_shows_the_message_not_the_name(world):
    from hubs.models import TemporaryCareDay

    day = TemporaryCareDay(hub=world.hub_a1, date=dt.date(2025, 6, 2), age_0=1, reason_work=2)
    with pytest.raises(ValidationError) as refused:
        day.full_clean()
    text = " ".join(refused.value.messages)
    assert "年齢別の合計と理由別の合計が合いません" in text
    assert "temporary_care_ages_match_reasons" not in text
