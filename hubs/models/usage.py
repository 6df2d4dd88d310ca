from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import Exact

from common.scoping import TenantOwned, through

from .hubs import Hub

Count = models.PositiveIntegerField  # PostgreSQL also gets a CHECK (>= 0) from this field


class DailyUsage(TenantOwned):
    """One opening day's visitors at a hub's ひろば (the paper sign-in sheet, counted)."""

    # The columns of the month grid, in the order staff fill them in.
    COUNT_FIELDS = [
        "groups",
        "mothers",
        "fathers",
        "grandparents",
        "pregnant",
        "other_adults",
        "children_0",
        "children_1",
        "children_2",
        "children_3plus",
        "first_time",
    ]
    ADULT_FIELDS = ["mothers", "fathers", "grandparents", "pregnant", "other_adults"]
    CHILD_FIELDS = ["children_0", "children_1", "children_2", "children_3plus"]

    # No index of its own: the unique (hub, date) index serves every lookup by hub.
    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="usage", verbose_name="拠点", db_index=False
    )
    date = models.DateField("日付")
    groups = Count("親子組数", default=0)
    mothers = Count("母", default=0)
    fathers = Count("父", default=0)
    grandparents = Count("祖父母", default=0)
    pregnant = Count("妊婦", default=0)
    other_adults = Count("その他の大人", default=0)
    children_0 = Count("0歳", default=0)
    children_1 = Count("1歳", default=0)
    children_2 = Count("2歳", default=0)
    children_3plus = Count("3歳以上", default=0)
    first_time = Count("初回登録", default=0)
    note = models.CharField("備考（休館日に利用があった理由など）", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="更新者",
    )

    scope_paths = through("hub", Hub)

    class Meta:
        verbose_name = "日別利用実績"
        verbose_name_plural = "日別利用実績"
        ordering = ["hub", "date"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "date"], name="daily_usage_unique_day"),
        ]

    def __str__(self):
        return f"{self.hub} {self.date:%Y-%m-%d}"

    @property
    def adults(self) -> int:
        return sum(getattr(self, f) for f in self.ADULT_FIELDS)

    @property
    def children(self) -> int:
        return sum(getattr(self, f) for f in self.CHILD_FIELDS)


class Event(TenantOwned):
    """An event or 講習 held by a hub (基本事業④ asks for 講習 at least monthly)."""

    class Kind(models.TextChoices):
        KOSHU = "koshu", "講習"
        EXCHANGE = "exchange", "交流イベント"
        INFORMATION = "information", "情報提供"
        OTHER = "other", "その他"

    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="events", verbose_name="拠点", db_index=False
    )
    date = models.DateField("日付")
    title = models.CharField("名称", max_length=100)
    kind = models.CharField("種別", max_length=20, choices=Kind.choices)
    adults = Count("参加者（大人）", default=0)
    children = Count("参加者（子ども）", default=0)

    scope_paths = through("hub", Hub)

    class Meta:
        verbose_name = "行事・講習"
        verbose_name_plural = "行事・講習"
        ordering = ["hub", "date"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "date", "title"], name="event_unique"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class OutreachSite(TenantOwned):
    """A place where a hub holds 出張ひろば."""

    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="outreach_sites", verbose_name="拠点"
    )
    name = models.CharField("会場名", max_length=100)
    address = models.CharField("所在地", max_length=200, blank=True)

    scope_paths = through("hub", Hub)

    class Meta:
        verbose_name = "出張ひろば会場"
        verbose_name_plural = "出張ひろば会場"
        constraints = [
            models.UniqueConstraint(fields=["hub", "name"], name="outreach_site_unique"),
        ]

    def __str__(self):
        return self.name


class OutreachSession(TenantOwned):
    """One 出張ひろば session: date, place, hours and counts."""

    site = models.ForeignKey(
        OutreachSite, on_delete=models.CASCADE, related_name="sessions", verbose_name="会場"
    )
    date = models.DateField("日付")
    starts = models.TimeField("開始時刻")
    ends = models.TimeField("終了時刻")
    groups = Count("親子組数", default=0)
    adults = Count("大人", default=0)
    children = Count("子ども", default=0)

    scope_paths = through("site", OutreachSite)

    class Meta:
        verbose_name = "出張ひろば実施"
        verbose_name_plural = "出張ひろば実施"
        ordering = ["site", "date"]
        constraints = [
            models.UniqueConstraint(fields=["site", "date", "starts"], name="outreach_unique"),
            models.CheckConstraint(
                name="outreach_ends_after_start",
                condition=Q(ends__gt=F("starts")),
                violation_error_message="出張ひろばの終わりの時刻は始まりの時刻より後にしてください。",
            ),
        ]

    def __str__(self):
        return f"{self.site} {self.date:%Y-%m-%d}"


class TemporaryCareDay(TenantOwned):
    """一時預かり on one day: children by age band, and the same children by reason."""

    AGE_FIELDS = ["age_0", "age_1", "age_2", "age_3plus"]
    REASON_FIELDS = [
        "reason_work",
        "reason_private",
        "reason_ceremony",
        "reason_medical",
        "reason_other",
    ]

    hub = models.ForeignKey(
        Hub,
        on_delete=models.CASCADE,
        related_name="temporary_care",
        verbose_name="拠点",
        db_index=False,
    )
    date = models.DateField("日付")
    age_0 = Count("0歳", default=0)
    age_1 = Count("1歳", default=0)
    age_2 = Count("2歳", default=0)
    age_3plus = Count("3歳以上", default=0)
    reason_work = Count("就労", default=0)
    reason_private = Count("私的理由（リフレッシュ）", default=0)
    reason_ceremony = Count("冠婚葬祭", default=0)
    reason_medical = Count("通院", default=0)
    reason_other = Count("その他", default=0)

    scope_paths = through("hub", Hub)

    class Meta:
        verbose_name = "一時預かり日別実績"
        verbose_name_plural = "一時預かり日別実績"
        ordering = ["hub", "date"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "date"], name="temporary_care_unique_day"),
            # The same children counted twice: by age and by reason; both totals must agree.
            models.CheckConstraint(
                name="temporary_care_ages_match_reasons",
                violation_error_message="一時預かりの年齢別の合計と理由別の合計が合いません。同じ子どもを年齢と理由の両方で数えてください。",
                condition=Exact(
                    F("age_0") + F("age_1") + F("age_2") + F("age_3plus"),
                    F("reason_work")
                    + F("reason_private")
                    + F("reason_ceremony")
                    + F("reason_medical")
                    + F("reason_other"),
                ),
            ),
        ]

    def __str__(self):
        return f"{self.hub} {self.date:%Y-%m-%d}"

    @property
    def children(self) -> int:
        return sum(getattr(self, f) for f in self.AGE_FIELDS)
