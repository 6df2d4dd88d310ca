from typing import cast

from django.db import models


def field_label(model: type[models.Model], name: str) -> str:
    """Return a model field's Japanese label (its verbose_name)."""
    return str(cast(models.Field, model._meta.get_field(name)).verbose_name)
