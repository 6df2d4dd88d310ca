from django.db import models
from django.db.models import F, Q

from common.scoping import TenantOwned, through

from .hubs import Hub

WEEKDAYS = ["月", "火", "水", "木", "金", "土", "日"]


class OpeningSchedule(TenantOwned):
    """A hub's weekly opening pattern from `valid_from` until the next schedule starts.

    A change in October is a new schedule valid from 1 October; the earlier one stays as history.
    """

    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="schedules", verbose_name="拠点"
    )
    valid_from = models.DateField("適用開始日")
    opens_on_public_holidays = models.BooleanField(
        "祝日も開所", default=False, help_text="祝日はその曜日の時間で開所します。"
    )
    note = models.CharField("備考", max_length=200, blank=True)

    scope_paths = through("hub", Hub)

    class Meta:
        verbose_name = "開所スケジュール"
        verbose_name_plural = "開所スケジュール"
        ordering = ["hub", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "valid_from"], name="schedule_unique_start"),
        ]

    def __str__(self):
        return f"{self.hub} {self.valid_from:%Y-%m-%d}〜"


class OpeningHours(TenantOwned):
    """One opening time range on one weekday; a day may have several (e.g. 午前・午後)."""

    schedule = models.ForeignKey(
        OpeningSchedule, on_delete=models.CASCADE, related_name="hours", verbose_name="スケジュール"
    )
    weekday = models.PositiveSmallIntegerField(
        "曜日", choices=[(i, f"{d}曜日") for i, d in enumerate(WEEKDAYS)]
    )
    opens = models.TimeField("開所時刻")
    closes = models.TimeField("閉所時刻")

    scope_paths = through("schedule", OpeningSchedule)

    class Meta:
        verbose_name = "開所時間"
        verbose_name_plural = "開所時間"
        ordering = ["schedule", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                name="hours_close_after_open",
                condition=Q(closes__gt=F("opens")),
                violation_error_message="終わりの時刻は始まりの時刻より後にしてください。",
            ),
            models.CheckConstraint(
                name="hours_weekday_range",
                condition=Q(weekday__lte=6),
                violation_error_message="曜日が正しくありません（月〜日）。",
            ),
        ]

    def __str__(self):
        return f"{WEEKDAYS[self.weekday]} {self.opens:%H:%M}–{self.closes:%H:%M}"


class ClosurePeriod(TenantOwned):
    """Days a hub is closed although its schedule says open: 年末年始, 臨時休館."""

    class Kind(models.TextChoices):
        NEW_YEAR = "new_year", "年末年始"
        TEMPORARY = "temporary", "臨時休館"
        OTHER = "other", "その他"

    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="closures", verbose_name="拠点"
    )
    starts_on = models.DateField("開始日")
    ends_on = models.DateField("終了日")
    kind = models.CharField("種別", max_length=20, choices=Kind.choices)
    note = models.CharField("理由", max_length=200, blank=True)

    scope_paths = through("hub", Hub)

    class Meta:
        verbose_name = "休館期間"
        verbose_name_plural = "休館期間"
        ordering = ["hub", "starts_on"]
        constraints = [
            models.CheckConstraint(
                name="closure_ends_after_start",
                condition=Q(ends_on__gte=F("starts_on")),
                violation_error_message="休館の終わりの日は始まりの日より後にしてください。",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_on:%Y-%m-%d}〜{self.ends_on:%Y-%m-%d}"


class ExtraOpeningDay(TenantOwned):
    """A day a hub opens outside its weekly schedule (e.g. a Sunday event)."""

    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="extra_days", verbose_name="拠点"
    )
    date = models.DateField("日付")
    opens = models.TimeField("開所時刻")
    closes = models.TimeField("閉所時刻")
    note = models.CharField("理由", max_length=200, blank=True)

    scope_paths = through("hub", Hub)

    class Meta:
        verbose_name = "臨時開所日"
        verbose_name_plural = "臨時開所日"
        ordering = ["hub", "date"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "date"], name="extra_day_unique"),
            models.CheckConstraint(
                name="extra_close_after_open",
                condition=Q(closes__gt=F("opens")),
                violation_error_message="終わりの時刻は始まりの時刻より後にしてください。",
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.opens:%H:%M}–{self.closes:%H:%M}"
