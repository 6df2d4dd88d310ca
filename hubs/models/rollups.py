"""Monthly sums of daily usage, kept by PostgreSQL in the same transaction as every write of
hubs_dailyusage (triggers in migration 0007): the summaries, the dashboard and the annual report
read months here instead of scanning days. `manage.py verify_rollups` rebuilds and compares."""

from django.db import models

from common.scoping import TenantOwned, through

from .hubs import Hub


class MonthlyUsage(TenantOwned):
    """One hub's month: the days entered and the sum of every counted field. Never written by
    Django: the triggers on hubs_dailyusage keep it (any path: services, imports, the admin,
    bulk writes, raw SQL)."""

    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="+", verbose_name="拠点", db_index=False
    )
    month = models.DateField("月（1日）")
    days = models.IntegerField("入力された日数")
    groups = models.BigIntegerField("親子組数")
    mothers = models.BigIntegerField("母")
    fathers = models.BigIntegerField("父")
    grandparents = models.BigIntegerField("祖父母")
    pregnant = models.BigIntegerField("妊婦")
    other_adults = models.BigIntegerField("その他の大人")
    children_0 = models.BigIntegerField("0歳")
    children_1 = models.BigIntegerField("1歳")
    children_2 = models.BigIntegerField("2歳")
    children_3plus = models.BigIntegerField("3歳以上")
    first_time = models.BigIntegerField("初回登録")

    scope_paths = through("hub", Hub)

    class Meta:
        verbose_name = "月別利用実績（集計）"
        verbose_name_plural = "月別利用実績（集計）"
        constraints = [
            models.UniqueConstraint(fields=["hub", "month"], name="monthly_usage_unique_month"),
        ]

    def __str__(self):
        return f"{self.hub_id} {self.month:%Y-%m}"
