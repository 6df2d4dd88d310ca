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


class Programme(models.TextChoices):
    KYOTEN = "kyoten", "地域子育て支援拠点事業"
    RIYOSHA = "riyosha", "利用者支援事業"


class UnitPrice(models.Model):
    """補助基準額 (年額, 1か所当たり) for one tier or 加算, valid for a range of 年度.

    No official price is confirmed in Kyoten's references: shipped rows have no amount and are
    unconfirmed, and every amount built on an unconfirmed row shows 要確認 until an officer enters
    the 別表 value and confirms it.
    """

    programme = models.CharField("事業", max_length=10, choices=Programme.choices)
    key = models.CharField(
        "区分キー", max_length=40, help_text="例：ippan:週5日型、riyosha_kihon:base、RY-ADD-NIGHT"
    )
    label = models.CharField("区分", max_length=100)
    first_year = models.PositiveSmallIntegerField("適用開始年度")
    last_year = models.PositiveSmallIntegerField("適用終了年度", null=True, blank=True)
    amount = models.PositiveIntegerField("基準額（円）", null=True, blank=True)
    confirmed = models.BooleanField("確認済み", default=False)
    source = models.CharField("根拠（交付要綱 別表など）", max_length=200, blank=True)

    class Meta:
        verbose_name = "補助基準額"
        verbose_name_plural = "補助基準額"
        ordering = ["programme", "key", "first_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "key", "first_year"], name="unit_price_unique"
            )
        ]

    def __str__(self):
        return f"{self.label}（{self.first_year}年度〜）"


class CostShare(models.Model):
    """負担割合 (国・都道府県・市町村) of a programme, valid for a range of 年度."""

    programme = models.CharField("事業", max_length=10, choices=Programme.choices)
    first_year = models.PositiveSmallIntegerField("適用開始年度")
    last_year = models.PositiveSmallIntegerField("適用終了年度", null=True, blank=True)
    national = models.CharField("国", max_length=10, help_text="分数で。例：1/3")
    prefecture = models.CharField("都道府県", max_length=10)
    municipality = models.CharField("市町村", max_length=10)
    confirmed = models.BooleanField("確認済み", default=False)
    source = models.CharField("根拠", max_length=200, blank=True)

    class Meta:
        verbose_name = "負担割合"
        verbose_name_plural = "負担割合"
        ordering = ["programme", "first_year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "first_year"], name="cost_share_unique")
        ]

    def __str__(self):
        return f"{self.get_programme_display()} {self.national}・{self.prefecture}・{self.municipality}"


class HubYearCost(models.Model):
    """A hub's actual costs for one programme and 年度 (実績報告の数字)."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="yearly_costs")
    programme = models.CharField("事業", max_length=10, choices=Programme.choices)
    fiscal_year = models.PositiveSmallIntegerField("年度")
    eligible_cost = models.PositiveIntegerField("対象経費の実支出額（円）")
    total_cost = models.PositiveIntegerField("総事業費（円）")
    other_income = models.PositiveIntegerField("寄付金その他の収入額（円）", default=0)

    class Meta:
        verbose_name = "拠点の年度経費"
        verbose_name_plural = "拠点の年度経費"
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "programme", "fiscal_year"], name="hub_year_cost_unique"
            )
        ]

    def __str__(self):
        return f"{self.hub} {self.get_programme_display()} {self.fiscal_year}年度"


class LocalCondition(models.Model):
    """A municipality's stricter condition on top of the national rules (e.g. 函館市: the
    concierge opens 週4日以上 and is a 保育士). Shown apart from the national verdict."""

    class Kind(models.TextChoices):
        MIN_DAYS = "min_days", "週あたり開所日数の下限"
        MIN_HOURS = "min_hours", "1日の開所時間の下限"
        QUALIFICATION = "qualification", "専任職員に必要な資格"
        TRAINING = "training", "必ず受講する研修"

    municipality = models.ForeignKey(
        "hubs.Municipality", on_delete=models.CASCADE, related_name="local_conditions"
    )
    service = models.CharField(
        "対象の事業", max_length=20, help_text="hiroba（拠点事業）または実施事業の種別"
    )
    kind = models.CharField("条件", max_length=20, choices=Kind.choices)
    value = models.CharField("値", max_length=50, help_text="日数・時間・資格コード・研修コード")
    first_year = models.PositiveSmallIntegerField("適用開始年度")
    last_year = models.PositiveSmallIntegerField("適用終了年度", null=True, blank=True)
    source = models.CharField("根拠（市町村の要綱・要領）", max_length=200)

    class Meta:
        verbose_name = "市町村独自の条件"
        verbose_name_plural = "市町村独自の条件"
        ordering = ["municipality", "service", "kind"]

    def __str__(self):
        return f"{self.municipality} {self.get_kind_display()} {self.value}"
