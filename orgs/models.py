"""The places everything hangs from: 都道府県, 市町村, 区 and 運営主体.

They were born in `hubs` and keep its table names (hubs_prefecture, …): migration orgs/0001 moved
only Django's idea of where they live, not a row of data.
"""

from django.core.validators import RegexValidator
from django.db import models

from common.scoping import TenantOwned
from common.validators import validate_municipality_code


class Prefecture(TenantOwned):
    """都道府県, identified by its two-digit JIS X 0401 code."""

    code = models.CharField(
        "都道府県コード", max_length=2, unique=True, validators=[RegexValidator(r"^\d{2}$")]
    )
    name = models.CharField("都道府県名", max_length=10)

    scope_paths = {"prefecture": "pk"}

    class Meta:
        db_table = "hubs_prefecture"
        verbose_name = "都道府県"
        verbose_name_plural = "都道府県"
        ordering = ["code"]

    def __str__(self):
        return self.name


class Municipality(TenantOwned):
    """市町村 (特別区を含む), identified by its 6-digit 全国地方公共団体コード."""

    code = models.CharField(
        "全国地方公共団体コード",
        max_length=6,
        unique=True,
        validators=[validate_municipality_code],
    )
    prefecture = models.ForeignKey(
        Prefecture, on_delete=models.PROTECT, related_name="municipalities", verbose_name="都道府県"
    )
    name = models.CharField("市町村名", max_length=50)
    kana = models.CharField("よみ", max_length=100, blank=True)
    is_designated_city = models.BooleanField("政令指定都市", default=False)

    scope_paths = {"municipality": "pk", "prefecture": "prefecture"}

    class Meta:
        db_table = "hubs_municipality"
        verbose_name = "市町村"
        verbose_name_plural = "市町村"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="municipality_code_six_digits",
                condition=models.Q(code__regex=r"^\d{6}$"),
                violation_error_message="市町村コードは6桁の数字（全国地方公共団体コード）で入力してください。",
            ),
        ]

    def __str__(self):
        return self.name


class Ward(TenantOwned):
    """区 of a 政令指定都市; ward offices co-run hubs there (seed 002)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="wards", verbose_name="市"
    )
    code = models.CharField(
        "区コード", max_length=6, unique=True, validators=[validate_municipality_code]
    )
    name = models.CharField("区名", max_length=50)

    scope_paths = {"municipality": "municipality", "prefecture": "municipality__prefecture"}

    class Meta:
        db_table = "hubs_ward"
        verbose_name = "区"
        verbose_name_plural = "区"
        ordering = ["code"]

    def __str__(self):
        return f"{self.municipality.name}{self.name}"


class Operator(models.Model):
    """運営主体: the body that runs hubs, possibly in several municipalities."""

    class Kind(models.TextChoices):
        DIRECT = "direct", "直営（市町村）"
        SOCIAL_WELFARE_CORP = "shafuku", "社会福祉法人"
        COUNCIL = "shakyo", "社会福祉協議会"
        NPO = "npo", "NPO法人"
        PRIVATE = "private", "民間事業者"
        OTHER = "other", "その他"

    name = models.CharField("名称", max_length=100, unique=True)
    kana = models.CharField("よみ", max_length=200, blank=True)
    kind = models.CharField("種別", max_length=20, choices=Kind.choices)

    class Meta:
        db_table = "hubs_operator"
        verbose_name = "運営主体"
        verbose_name_plural = "運営主体"
        ordering = ["kana", "name"]

    def __str__(self):
        return self.name
