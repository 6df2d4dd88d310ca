from typing import cast

from django.db import models


def field_label(model: type[models.Model], name: str) -> str:
    """Return a model field's Japanese label (its verbose_name)."""
    return str(cast(models.Field, model._meta.get_field(name)).verbose_name)


class LockedYear(models.Model):
    """A municipality's 年度 whose data is read-only (common/locks.py).

    Kept by PostgreSQL itself: a trigger on the reports' table writes a row when a report is
    approved and removes it when the approval is undone, and the guarded tables' triggers read
    it, so `QuerySet.update()`, bulk writes and raw SQL are refused like the screens are. The
    municipality is an id, not a foreign key: `common` sits below the app that owns places.
    """

    municipality_id = models.BigIntegerField("市町村ID")
    fiscal_year = models.PositiveSmallIntegerField("年度")

    class Meta:
        verbose_name = verbose_name_plural = "ロック中の年度"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_id", "fiscal_year"], name="locked_year_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.fiscal_year}年度"
