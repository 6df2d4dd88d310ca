"""From request to activity: the requester's children, requests and their path, the 事前打合せ
of a pair, and the activity report (援助活動報告書) with its fee."""

import datetime as dt
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from common.scoping import TenantOwned, through

from ..kinds import KINDS
from .centres import AT_CENTRE
from .members import AT_MEMBER, Member

KIND_CHOICES = [(k, k) for k in KINDS]


class MemberChild(TenantOwned):
    """A child of a 依頼会員 (or 両方会員): what a helper must know."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="children", verbose_name="依頼会員"
    )
    name = models.CharField("氏名", max_length=100)
    kana = models.CharField("ふりがな", max_length=100, blank=True)
    birth_date = models.DateField("生年月日")
    allergies = models.CharField("アレルギー", max_length=200, blank=True)
    health_notes = models.CharField("健康上の注意", max_length=200, blank=True)
    school = models.CharField("保育施設・学校", max_length=100, blank=True)

    scope_paths = AT_MEMBER

    class Meta:
        verbose_name = "依頼会員の子ども"
        verbose_name_plural = "依頼会員の子ども"
        ordering = ["member", "birth_date", "id"]
        constraints = [
            # Siblings never share a name; imports find a child by its guardian and name.
            models.UniqueConstraint(fields=["member", "name"], name="famisapo_child_unique_name")
        ]

    def __str__(self):
        return self.name


class Request(TenantOwned):
    """A request (依頼) for help: what, when, for which children; its path is kept in events."""

    class State(models.TextChoices):
        OPEN = "open", "調整中"
        MATCHED = "matched", "調整済み"
        CANCELLED = "cancelled", "取消"
        UNMATCHED = "unmatched", "調整できず"

    public_id = models.UUIDField("公開ID", default=uuid.uuid4, unique=True, editable=False)
    centre = models.ForeignKey(
        "famisapo.Centre",
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name="センター",
    )
    requester = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="requests", verbose_name="依頼会員"
    )
    kind = models.CharField("援助の種類", max_length=30, choices=KIND_CHOICES)
    date = models.DateField("日付")
    start = models.TimeField("開始")
    end = models.TimeField("終了", help_text="開始より前なら翌日の時刻です。")
    children = models.ManyToManyField(MemberChild, verbose_name="子ども")
    place = models.CharField("場所（送迎先・預かり場所）", max_length=200)
    recurrence = models.CharField(
        "くり返し", max_length=100, blank=True, help_text="例: 毎週月・水"
    )
    notes = models.TextField("依頼の内容・注意", blank=True)
    received_at = models.DateTimeField("受付日時")
    state = models.CharField("状態", max_length=10, choices=State.choices, default=State.OPEN)
    helper = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_requests",
        verbose_name="提供会員",
    )
    matched_at = models.DateTimeField("調整済みの日時", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    scope_paths = AT_CENTRE

    class Meta:
        verbose_name = "依頼"
        verbose_name_plural = "依頼"
        ordering = ["-date", "-start", "-id"]
        constraints = [
            models.CheckConstraint(
                name="famisapo_request_matched_has_helper",
                violation_error_message="調整済みの依頼には、提供会員と調整の日時が必要です。",
                condition=~Q(state="matched") | Q(helper__isnull=False, matched_at__isnull=False),
            )
        ]
        indexes = [models.Index(fields=["centre", "state", "date"], name="famisapo_request_state")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.start:%H:%M} {self.kind}"

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.start)

    @property
    def ends_at(self) -> dt.datetime:
        end_day = self.date if self.end > self.start else self.date + dt.timedelta(days=1)
        return dt.datetime.combine(end_day, self.end)


class RequestEvent(TenantOwned):
    """One step of a request's path: asked a helper, the helper's answer, matched, cancelled."""

    class Step(models.TextChoices):
        ASKED = "asked", "打診"
        ACCEPTED = "accepted", "承諾"
        DECLINED = "declined", "辞退"
        CANCELLED = "cancelled", "取消"
        UNMATCHED = "unmatched", "調整できず"

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="events", verbose_name="依頼"
    )
    at = models.DateTimeField("日時")
    step = models.CharField("内容", max_length=10, choices=Step.choices)
    helper = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="提供会員",
    )
    note = models.CharField("メモ", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    scope_paths = through("request", Request)

    class Meta:
        verbose_name = "依頼の経過"
        verbose_name_plural = "依頼の経過"
        ordering = ["request", "at", "id"]

    def __str__(self):
        return f"{self.request} {self.get_step_display()}"


class PreMeeting(TenantOwned):
    """事前打合せ of a pair for some children, before their first activity."""

    public_id = models.UUIDField("公開ID", default=uuid.uuid4, unique=True, editable=False)
    centre = models.ForeignKey(
        "famisapo.Centre",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name="センター",
    )
    requester = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="meetings_as_requester",
        verbose_name="依頼会員",
    )
    helper = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="meetings_as_helper", verbose_name="提供会員"
    )
    children = models.ManyToManyField(MemberChild, verbose_name="子ども")
    kinds = ArrayField(
        models.CharField(max_length=30, choices=KIND_CHOICES), verbose_name="援助の種類"
    )
    held_on = models.DateField("実施日")
    place = models.CharField("場所", max_length=200)
    attendees = models.CharField(
        "出席者", max_length=200, help_text="例: 依頼会員、提供会員、アドバイザー"
    )
    allergies = models.CharField("アレルギー・健康の確認", max_length=300)
    agreed = models.TextField("確認した事項（送迎先、連絡先、鍵の受け渡し等）")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    scope_paths = AT_CENTRE

    class Meta:
        verbose_name = "事前打合せ"
        verbose_name_plural = "事前打合せ"
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.requester.name}・{self.helper.name}"


class Activity(TenantOwned):
    """One activity report (援助活動報告書) and its fee, computed from the centre's schedule."""

    class Confirmation(models.TextChoices):
        PAPER = "paper", "報告書に署名・押印"
        SCREEN = "screen", "アドバイザーの画面で確認"

    public_id = models.UUIDField("公開ID", default=uuid.uuid4, unique=True, editable=False)
    centre = models.ForeignKey(
        "famisapo.Centre",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name="センター",
    )
    request = models.ForeignKey(
        Request,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name="依頼",
    )
    requester = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="activities_as_requester",
        verbose_name="依頼会員",
    )
    helper = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="activities_as_helper",
        verbose_name="提供会員",
    )
    children = models.ManyToManyField(MemberChild, verbose_name="子ども")
    kind = models.CharField("援助の種類", max_length=30, choices=KIND_CHOICES)
    date = models.DateField("日付")
    start = models.TimeField("開始")
    end = models.TimeField("終了", help_text="開始より前なら翌日の時刻です。")
    done = models.TextField("援助の内容")
    transport_km = models.DecimalField(
        "交通（km）", max_digits=5, decimal_places=1, null=True, blank=True
    )
    transport_yen = models.PositiveIntegerField("交通費（実費）", default=0)
    meals_yen = models.PositiveIntegerField("食事・おやつ（実費）", default=0)
    concerns = models.TextField("気になったこと", blank=True)
    arranged = models.BooleanField(
        "センターが調整した活動",
        default=True,
        help_text="会員同士で決めた活動は補償保険の対象外です。",
    )
    reported_on = models.DateField("報告書の受付日")
    confirmed_on = models.DateField("依頼会員の確認日", null=True, blank=True)
    confirmation = models.CharField(
        "確認の方法", max_length=10, choices=Confirmation.choices, blank=True
    )
    cancelled_at = models.DateTimeField("キャンセルの連絡日時", null=True, blank=True)
    cancelled_without_notice = models.BooleanField("連絡なしのキャンセル", default=False)
    # The fee as computed when the report was recorded (famisapo.fees), kept with its lines.
    requester_pays = models.PositiveIntegerField("依頼会員の支払")
    city_pays = models.PositiveIntegerField("市町村の負担", default=0)
    fee_lines = models.JSONField("料金の内訳", default=list)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("記録日時", auto_now_add=True)

    scope_paths = AT_CENTRE

    class Meta:
        verbose_name = "援助活動"
        verbose_name_plural = "援助活動"
        ordering = ["-date", "-start", "-id"]
        indexes = [models.Index(fields=["centre", "date"], name="famisapo_activity_date")]
        constraints = [
            models.CheckConstraint(
                name="famisapo_activity_confirmation_method",
                violation_error_message="依頼会員の確認を記録するときは、確認の方法も選んでください。",
                condition=Q(confirmed_on__isnull=True) | ~Q(confirmation=""),
            )
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.start:%H:%M} {self.kind}"

    @property
    def helper_receives(self) -> int:
        return self.requester_pays + self.city_pays

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None or self.cancelled_without_notice


class MonthClose(TenantOwned):
    """A centre's month, closed once its reports are in: statements are final from then on."""

    centre = models.ForeignKey(
        "famisapo.Centre",
        on_delete=models.CASCADE,
        related_name="closed_months",
        verbose_name="センター",
    )
    month = models.DateField("月（1日）")
    closed_at = models.DateTimeField("締めた日時", auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    scope_paths = AT_CENTRE

    class Meta:
        verbose_name = "月の締め"
        verbose_name_plural = "月の締め"
        ordering = ["centre", "month"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "month"], name="famisapo_month_close_unique"),
            models.CheckConstraint(
                name="famisapo_month_close_first_day",
                condition=Q(month__day=1),
                violation_error_message="締める月は月の1日で指定してください。",
            ),
        ]

    def __str__(self):
        return f"{self.centre} {self.month:%Y年%m月}"


class Incident(TenantOwned):
    """An accident for the centre's 補償保険: claims within 180 days of the accident."""

    class Kind(models.TextChoices):
        CHILD_INJURY = "child_injury", "依頼子ども傷害"
        HELPER_INJURY = "helper_injury", "提供会員傷害"
        LIABILITY = "liability", "賠償責任"
        SYMPATHY = "sympathy", "お見舞金"

    CLAIM_DAYS = 180

    centre = models.ForeignKey(
        "famisapo.Centre",
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name="センター",
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name="活動",
    )
    occurred_on = models.DateField("事故の日")
    kind = models.CharField("種類", max_length=15, choices=Kind.choices)
    what_happened = models.TextField("事故の内容")
    arranged = models.BooleanField("センターが調整した活動中", default=True)
    claimed_on = models.DateField("保険会社へ請求した日", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("記録日時", auto_now_add=True)

    scope_paths = AT_CENTRE

    class Meta:
        verbose_name = "事故（補償保険）"
        verbose_name_plural = "事故（補償保険）"
        ordering = ["-occurred_on", "-id"]

    def __str__(self):
        return f"{self.occurred_on:%Y-%m-%d} {self.get_kind_display()}"

    @property
    def claim_by(self) -> dt.date:
        return self.occurred_on + dt.timedelta(days=self.CLAIM_DAYS)


class ReportedTo(models.TextChoices):
    """Where a suspicion of abuse was reported (通告, 児童虐待防止法第6条): those the consultations
    side's alert also waits for (児童相談所, 福祉事務所 or the municipality's こども家庭センター)."""

    CHILD_GUIDANCE = "jisou", "児童相談所"
    MUNICIPALITY = "shichoson", "市町村の虐待対応の窓口（福祉事務所・こども家庭センター）"


class Concern(TenantOwned):
    """心配なケース: a helper's worry about a family, for the coordinator and, with the family's
    consent, the hub's 利用者支援 specialist."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="worries", verbose_name="活動"
    )
    noticed = models.TextField("気になったこと")
    abuse_suspected = models.BooleanField("虐待の疑い", default=False)
    family_consents = models.BooleanField("家庭が利用者支援への共有に同意", default=False)
    handled_on = models.DateField("アドバイザーの対応日", null=True, blank=True)
    handling = models.TextField("対応", blank=True)
    reported_to = models.CharField("通告先", max_length=10, choices=ReportedTo.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("記録日時", auto_now_add=True)

    scope_paths = through("activity", Activity)

    class Meta:
        verbose_name = "心配なケース"
        verbose_name_plural = "心配なケース"
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.activity} 心配なケース"
