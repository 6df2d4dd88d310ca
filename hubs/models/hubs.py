import datetime as dt
import uuid

from django.db import models
from django.db.models import F, Q

from common.scoping import TenantOwned, through
from orgs.models import Municipality, Operator, Ward

# 母子保健型 was renamed こども家庭センター型 from 令和6年4月 (national_rules.md §4.1).
KODOMO_KATEI_CENTER_FROM = dt.date(2024, 4, 1)


class Hub(TenantOwned):
    """地域子育て支援拠点: a place where parents and young children meet (seed 001)."""

    class Management(models.TextChoices):
        DIRECT = "direct", "直営"
        CONTRACTED = "contracted", "委託"

    class HubType(models.TextChoices):
        IPPAN = "ippan", "一般型"
        RENKEI = "renkei", "連携型"

    class Premises(models.TextChoices):
        # 実施場所 per seed 001: 一般型 in the first five, 連携型 in a 児童福祉施設.
        NURSERY = "nursery", "保育所"
        PUBLIC_SPACE = "public_space", "公共施設空きスペース"
        SHOP = "shop", "商店街空き店舗"
        HOUSE = "house", "民家"
        APARTMENT = "apartment", "マンション・アパートの一室"
        CHILD_WELFARE = "child_welfare", "児童福祉施設（児童館等）"
        OTHER = "other", "その他"

    public_id = models.UUIDField("公開ID", default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField("拠点名", max_length=100)
    kana = models.CharField("よみ", max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="hubs", verbose_name="市町村"
    )
    ward = models.ForeignKey(
        Ward,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hubs",
        verbose_name="区",
    )
    operator = models.ForeignKey(
        Operator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hubs",
        verbose_name="運営主体",
    )
    management = models.CharField("実施形態", max_length=20, choices=Management.choices)
    hub_type = models.CharField("類型", max_length=10, choices=HubType.choices)
    premises = models.CharField("実施場所", max_length=20, choices=Premises.choices)
    address = models.CharField("所在地", max_length=200, blank=True)
    phone = models.CharField("電話番号", max_length=20, blank=True)
    capacity_groups = models.PositiveSmallIntegerField("受入可能組数", null=True, blank=True)
    satellite_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="satellites",
        verbose_name="本拠点（サテライトの場合）",
    )
    opened_on = models.DateField("開設日", null=True, blank=True)
    closed_on = models.DateField("廃止日", null=True, blank=True)

    # How roles reach a hub (accounts.access): its own staff, its municipality, its prefecture.
    scope_paths = {
        "hub": "pk",
        "municipality": "municipality",
        "prefecture": "municipality__prefecture",
    }

    class Meta:
        verbose_name = "拠点"
        verbose_name_plural = "拠点"
        ordering = ["municipality__code", "kana", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="hub_name_unique_in_city"
            ),
            models.CheckConstraint(
                name="hub_closed_after_opened",
                violation_error_message="廃止日は開設日より後にしてください。",
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=F("opened_on")),
            ),
            models.CheckConstraint(
                name="hub_not_own_satellite",
                condition=~Q(satellite_of=F("pk")),
                violation_error_message="拠点を自分自身の分室（サテライト）にはできません。",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "kana"], name="hub_city_kana")]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if (
            self.ward is not None
            and self.municipality_id
            and self.ward.municipality_id != self.municipality_id
        ):
            errors["ward"] = "区はこの拠点の市町村のものを選んでください。"
        if (
            self.management == self.Management.DIRECT
            and self.operator is not None
            and self.operator.kind != Operator.Kind.DIRECT
        ):
            errors["operator"] = "直営の拠点の運営主体は「直営（市町村）」にしてください。"
        if errors:
            raise ValidationError(errors)

    def is_open_on(self, day: dt.date) -> bool:
        """Return whether the hub exists (opened and not closed) on that day."""
        return (self.opened_on is None or self.opened_on <= day) and (
            self.closed_on is None or day <= self.closed_on
        )


class HubService(TenantOwned):
    """A service run at a hub (多機能型支援), each with its own start and end."""

    class Kind(models.TextChoices):
        ICHIJI_AZUKARI = "ichiji", "一時預かり"
        FAMISAPO = "famisapo", "ファミリー・サポート・センター"
        RIYOSHA_KIHON = "riyosha_kihon", "利用者支援事業（基本型）"
        RIYOSHA_TOKUTEI = "riyosha_tokutei", "利用者支援事業（特定型）"
        RIYOSHA_BOSHI = "riyosha_boshi", "利用者支援事業（母子保健型／こども家庭センター型）"
        RIYOSHA_NINPU = "riyosha_ninpu", "利用者支援事業（妊婦等包括相談支援事業型・令和6年度〜）"
        YOIKU_HOMON = "yoiku_homon", "養育支援訪問事業"
        HOMON = "homon", "訪問型支援"
        SHUCCHO_HIROBA = "shuccho", "出張ひろば"
        CHIIKI_SHIEN = "chiiki_shien", "地域支援"

    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="services", verbose_name="拠点"
    )
    kind = models.CharField("事業", max_length=20, choices=Kind.choices)
    started_on = models.DateField("開始日")
    ended_on = models.DateField("終了日", null=True, blank=True)
    contracted_separately = models.BooleanField("個別に委託", default=False)
    note = models.CharField("備考", max_length=200, blank=True)

    scope_paths = through("hub", Hub)

    class Meta:
        verbose_name = "実施事業"
        verbose_name_plural = "実施事業"
        ordering = ["hub", "kind", "started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "kind", "started_on"], name="service_unique_start"
            ),
            models.CheckConstraint(
                name="service_ended_after_started",
                violation_error_message="事業の終了日は開始日より後にしてください。",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
            ),
        ]

    def __str__(self):
        return f"{self.hub} {self.label_on(dt.date.today())}"

    def label_on(self, day: dt.date) -> str:
        """Return the service's name as it was called on that day."""
        if self.kind == self.Kind.RIYOSHA_BOSHI:
            if day >= KODOMO_KATEI_CENTER_FROM:
                return "利用者支援事業（こども家庭センター型）"
            return "利用者支援事業（母子保健型）"
        return self.get_kind_display()
