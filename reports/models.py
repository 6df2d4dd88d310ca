from django.db import models


class MunicipalityYear(models.Model):
    """Figures of a municipality for one year, entered as master data (the rules read them).

    Dates follow the 要綱: 0–5 population and occupancy as of 1 October, nurseries and waiting
    children as of 1 April. Empty means unknown: rules that need it answer 要確認.
    """

    municipality = models.ForeignKey(
        "hubs.Municipality", on_delete=models.CASCADE, related_name="yearly", verbose_name="市町村"
    )
    year = models.PositiveSmallIntegerField("年")
    population_0_5 = models.PositiveIntegerField("0〜5歳児人口（10月1日）", null=True, blank=True)
    nursery_occupancy = models.DecimalField(
        "保育所等の定員充足率（%・10月1日）", max_digits=5, decimal_places=1, null=True, blank=True
    )
    nurseries = models.PositiveIntegerField(
        "保育所・幼保連携型認定こども園の数（4月1日）", null=True, blank=True
    )
    waiting_children = models.PositiveIntegerField("待機児童数（4月1日）", null=True, blank=True)
    emergency_measures = models.BooleanField("緊急対策に参加", null=True, blank=True)

    class Meta:
        verbose_name = "市町村の年次数値"
        verbose_name_plural = "市町村の年次数値"
        ordering = ["municipality", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="municipality_year_unique"
            )
        ]

    def __str__(self):
        return f"{self.municipality} {self.year}年"
