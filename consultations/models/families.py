"""Households, the people in them, and their consent (承諾) to records and sharing."""

import datetime as dt
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from common.scoping import TenantOwned, through
from orgs.models import Municipality

# How consultations' rows reach their tenant (common.scoping): a row kept at a hub (hubs.Hub is
# another domain's model, so the path is written out), and a municipality's own register.
AT_HUB = {
    "hub": "hub",
    "municipality": "hub__municipality",
    "prefecture": "hub__municipality__prefecture",
}
AT_MUNICIPALITY = through("municipality", Municipality)
# A register row of the municipality that may name one of its hubs (the hub's staff see theirs).
AT_MUNICIPALITY_OR_HUB = {"hub": "hub", **AT_MUNICIPALITY}


class Consideration(models.TextChoices):
    """Needs staff should know before meeting the family (配慮が必要な事項)."""

    TWINS = "twins", "多胎"
    DISABILITY = "disability", "障害"
    FOREIGN = "foreign", "外国につながる"
    SINGLE_PARENT = "single_parent", "ひとり親"
    YOUNG_PARENT = "young_parent", "若年"
    OTHER = "other", "その他"


class Household(TenantOwned):
    """A family (世帯) known to a site. Its records live with the site's hub."""

    public_id = models.UUIDField("公開ID", default=uuid.uuid4, unique=True, editable=False)
    hub = models.ForeignKey(
        "hubs.Hub",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name="記録を保管する拠点",
    )
    # The municipality's register row (families): the same household as, e.g., a ファミサポ member's.
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name="世帯台帳",
    )
    family_name = models.CharField("世帯の姓", max_length=50)
    family_name_kana = models.CharField("世帯の姓（かな）", max_length=50)
    phone = models.CharField("電話番号", max_length=20, blank=True)
    address_area = models.CharField("住所（地区）", max_length=100, blank=True)
    language = models.CharField("家庭で使う言語", max_length=50, default="日本語")
    considerations = ArrayField(
        models.CharField(max_length=20, choices=Consideration.choices),
        verbose_name="配慮が必要な事項",
        default=list,
        blank=True,
    )
    consideration_note = models.TextField("配慮の内容", blank=True)
    yotaikyo_case = models.BooleanField(
        "要対協で対応中",
        default=False,
        help_text="要保護児童対策地域協議会が扱うケースは、ここでケース会議を重ねて記録しません。",
    )
    legal_hold = models.BooleanField("廃棄の停止（訴訟等）", default=False)
    legal_hold_reason = models.CharField("停止の理由", max_length=200, blank=True)
    last_activity_on = models.DateField("最終の支援日", default=dt.date.today)
    created_at = models.DateTimeField("登録日時", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField("版", default=1)

    # A household belongs to the hub that keeps its records (accounts.access).
    scope_paths = AT_HUB

    class Meta:
        verbose_name = "世帯"
        verbose_name_plural = "世帯"
        ordering = ["family_name_kana", "id"]
        constraints = [
            models.CheckConstraint(
                name="household_hold_has_reason",
                violation_error_message="廃棄を停止するときは、その理由を入力してください。",
                condition=Q(legal_hold=False) | ~Q(legal_hold_reason=""),
            )
        ]

    def __str__(self):
        return f"{self.family_name} 家"

    @property
    def short_id(self) -> str:
        """What an officer without access to names sees: the first block of the public id."""
        return str(self.public_id)[:8]

    def considerations_display(self) -> list[str]:
        return [Consideration(c).label for c in self.considerations]


class Guardian(TenantOwned):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="guardians", verbose_name="世帯"
    )
    name = models.CharField("氏名", max_length=100)
    kana = models.CharField("ふりがな", max_length=100)
    relationship = models.CharField("続柄", max_length=20, default="母")
    birth_date = models.DateField("生年月日", null=True, blank=True)
    phone = models.CharField("電話番号", max_length=20, blank=True)

    scope_paths = through("household", Household)

    class Meta:
        verbose_name = "保護者"
        verbose_name_plural = "保護者"
        ordering = ["id"]

    def __str__(self):
        return f"{self.name}（{self.relationship}）"


class Child(TenantOwned):
    """A child, or an expected child (出産予定) with a due date and no birth date yet."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="children", verbose_name="世帯"
    )
    name = models.CharField("氏名", max_length=100, blank=True)
    kana = models.CharField("ふりがな", max_length=100, blank=True)
    birth_date = models.DateField("生年月日", null=True, blank=True)
    due_date = models.DateField("出産予定日", null=True, blank=True)

    scope_paths = through("household", Household)

    class Meta:
        verbose_name = "子ども"
        verbose_name_plural = "子ども"
        ordering = ["birth_date", "due_date", "id"]
        constraints = [
            models.CheckConstraint(
                name="child_born_or_expected",
                violation_error_message="子どもの生年月日か出産予定日を入力してください。",
                condition=Q(birth_date__isnull=False) | Q(due_date__isnull=False),
            )
        ]

    def __str__(self):
        return self.name or "（出産予定）"

    @property
    def age_today(self) -> str:
        return self.age_on(timezone.localdate())

    def age_on(self, day: dt.date) -> str:
        if self.birth_date is None:
            return f"出産予定 {self.due_date:%Y-%m-%d}"
        months = (day.year - self.birth_date.year) * 12 + day.month - self.birth_date.month
        if day.day < self.birth_date.day:
            months -= 1
        return f"{months // 12}歳{months % 12}か月"


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", "書面"
    VERBAL = "verbal", "口頭"


class Consent(TenantOwned):
    """What a family agreed to (承諾), how, when, until when; withdrawal ends it."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="consents", verbose_name="世帯"
    )
    given_by = models.CharField("承諾した人", max_length=100)
    covers_records = models.BooleanField("記録の作成", default=True)
    covers_reading = models.BooleanField("記録の閲覧（市町村の担当者を含む）", default=True)
    covers_sharing = models.BooleanField("関係機関との共有", default=False)
    agencies = models.ManyToManyField(
        "consultations.Agency", blank=True, verbose_name="共有してよい関係機関"
    )
    method = models.CharField("承諾の方法", max_length=10, choices=ConsentMethod.choices)
    given_on = models.DateField("承諾日")
    valid_until = models.DateField("有効期限", null=True, blank=True)
    withdrawn_on = models.DateField("撤回日", null=True, blank=True)
    withdrawal_note = models.CharField("撤回の内容", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="記録した職員",
    )
    recorded_at = models.DateTimeField("記録日時", auto_now_add=True)

    scope_paths = through("household", Household)

    class Meta:
        verbose_name = "承諾"
        verbose_name_plural = "承諾"
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="consent_withdrawn_after_given",
                violation_error_message="撤回日は承諾日より後にしてください。",
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
            )
        ]

    def __str__(self):
        return f"{self.given_on:%Y-%m-%d} {self.get_method_display()}（{self.given_by}）"

    def is_active(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        if self.given_on > on:
            return False
        if self.withdrawn_on is not None and self.withdrawn_on <= on:
            return False
        return self.valid_until is None or self.valid_until >= on

    def scopes(self) -> list[str]:
        names = []
        if self.covers_records:
            names.append("記録の作成")
        if self.covers_reading:
            names.append("閲覧")
        if self.covers_sharing:
            names.append("関係機関との共有")
        return names
