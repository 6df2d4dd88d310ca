from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from common.japanese import is_valid_municipality_code


def validate_municipality_code(value: str):
    if not is_valid_municipality_code(value):
        raise ValidationError(
            "全国地方公共団体コードは6桁で、末尾の検査数字が正しい必要があります。", code="invalid"
        )


class Prefecture(models.Model):
    """都道府県, identified by its two-digit JIS X 0401 code."""

    code = models.CharField(
        "都道府県コード", max_length=2, unique=True, validators=[RegexValidator(r"^\d{2}$")]
    )
    name = models.CharField("都道府県名", max_length=10)

    class Meta:
        verbose_name = "都道府県"
        verbose_name_plural = "都道府県"
        ordering = ["code"]

    def __str__(self):
        return self.name


class Municipality(models.Model):
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

    class Meta:
        verbose_name = "市町村"
        verbose_name_plural = "市町村"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="municipality_code_six_digits", condition=models.Q(code__regex=r"^\d{6}$")
            ),
        ]

    def __str__(self):
        return self.name


class Ward(models.Model):
    """区 of a 政令指定都市; ward offices co-run hubs there (seed 002)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="wards", verbose_name="市"
    )
    code = models.CharField(
        "区コード", max_length=6, unique=True, validators=[validate_municipality_code]
    )
    name = models.CharField("区名", max_length=50)

    class Meta:
        verbose_name = "区"
        verbose_name_plural = "区"
        ordering = ["code"]

    def __str__(self):
        return f"{self.municipality.name}{self.name}"
