"""Members of a centre: who they are, their kind, registration, status history, and what a
提供会員 can do and when."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.scoping import TenantOwned, through

from .centres import AT_CENTRE


class MemberKind(models.TextChoices):
    REQUESTER = "requester", "依頼会員"
    HELPER = "helper", "提供会員"
    BOTH = "both", "両方会員"


class Member(TenantOwned):
    """A registered person (the 依頼会員 is the guardian who signs; the 提供会員 the helper)."""

    public_id = models.UUIDField("公開ID", default=uuid.uuid4, unique=True, editable=False)
    centre = models.ForeignKey(
        "famisapo.Centre", on_delete=models.PROTECT, related_name="members", verbose_name="センター"
    )
    # A 依頼会員's household in the municipality's register (families), shared with consultations.
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="famisapo_members",
        verbose_name="世帯台帳",
    )
    number = models.CharField("会員番号", max_length=20)
    kind = models.CharField("会員の種類", max_length=10, choices=MemberKind.choices)
    name = models.CharField("氏名", max_length=100)
    kana = models.CharField("ふりがな", max_length=100)
    birth_date = models.DateField("生年月日", null=True, blank=True)
    phone = models.CharField("電話番号", max_length=20)
    address_area = models.CharField("住所（町丁目）", max_length=100)
    school_district = models.CharField("学区", max_length=50, blank=True)
    info_session_on = models.DateField("説明会の参加日", null=True, blank=True)
    interviewed_on = models.DateField("面談日", null=True, blank=True)
    id_checked_on = models.DateField("本人確認の日", null=True, blank=True)
    registered_on = models.DateField("登録日（会員の始まり）")
    valid_until = models.DateField(
        "登録の有効期限", null=True, blank=True, help_text="毎年度更新するセンターのみ。"
    )
    reduction = models.CharField(
        "利用料の減免",
        max_length=30,
        blank=True,
        help_text="料金表の減免の名前（生活保護、ひとり親 など）。依頼会員のみ。",
    )
    note = models.TextField("メモ", blank=True)
    disposed_on = models.DateField(
        "廃棄日", null=True, blank=True, help_text="保存年限を過ぎ、氏名などを消した日。"
    )
    created_at = models.DateTimeField("登録日時", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField("版", default=1)

    scope_paths = AT_CENTRE

    class Meta:
        verbose_name = "会員"
        verbose_name_plural = "会員"
        ordering = ["kana", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "number"], name="famisapo_member_unique_number"
            ),
            models.CheckConstraint(
                name="famisapo_member_requester_has_family",
                violation_error_message="依頼会員・両方会員は、市の世帯台帳の世帯と結び付けて登録します。",
                condition=Q(kind="helper") | Q(family__isnull=False) | Q(disposed_on__isnull=False),
            ),
            models.CheckConstraint(
                name="famisapo_member_valid_after_registration",
                violation_error_message="登録の有効期限は登録日より後にしてください。",
                condition=Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("registered_on")),
            ),
        ]
        indexes = [models.Index(fields=["centre", "kind"], name="famisapo_member_centre_kind")]

    def __str__(self):
        return f"{self.number} {self.name}"

    @property
    def helps(self) -> bool:
        return self.kind in (MemberKind.HELPER, MemberKind.BOTH)

    @property
    def requests_help(self) -> bool:
        # Not `requests`: that name is the reverse relation of Request.requester.
        return self.kind in (MemberKind.REQUESTER, MemberKind.BOTH)

    @property
    def kind_label(self) -> str:
        return self.centre.kind_label(self.kind)


AT_MEMBER = through("member", Member)


class MemberStatus(models.TextChoices):
    ACTIVE = "active", "活動中"
    PAUSED = "paused", "休会"
    LEFT = "left", "退会"


class StatusChange(TenantOwned):
    """From `on`, the member is active, paused or has left (history kept, never overwritten)."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="status_changes", verbose_name="会員"
    )
    on = models.DateField("日付")
    status = models.CharField("状態", max_length=10, choices=MemberStatus.choices)
    reason = models.CharField("理由", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("記録日時", auto_now_add=True)

    scope_paths = AT_MEMBER

    class Meta:
        verbose_name = "会員の状態の変更"
        verbose_name_plural = "会員の状態の変更"
        ordering = ["member", "on", "id"]

    def __str__(self):
        return f"{self.member} {self.on:%Y-%m-%d} {self.get_status_display()}"


class HelperProfile(TenantOwned):
    """What a 提供会員 can do (stated at the interview)."""

    member = models.OneToOneField(
        Member, on_delete=models.CASCADE, related_name="helper_profile", verbose_name="会員"
    )
    can_escort = models.BooleanField("送迎", default=True)
    can_care_at_home = models.BooleanField("自宅での預かり", default=True)
    can_sick_child = models.BooleanField("病児・病後児の預かり（研修が必要）", default=False)
    can_siblings = models.BooleanField("きょうだいの同時の預かり", default=True)
    can_overnight = models.BooleanField("宿泊", default=False)
    drives = models.BooleanField("自家用車で送迎する", default=False)
    car_insurance_note = models.CharField(
        "自動車保険の確認",
        max_length=200,
        blank=True,
        help_text="車の事故は運転者の自動車保険で扱います（ファミサポの補償保険の対象外）。",
    )
    max_children = models.PositiveSmallIntegerField("同時に預かれる人数", default=2)
    areas = models.CharField(
        "援助できる地域（学区・町丁目、読点区切り）", max_length=300, blank=True
    )
    max_km = models.PositiveSmallIntegerField(
        "家から行ける距離の上限（km）",
        null=True,
        blank=True,
        help_text="センターが町丁目の位置を登録しているときに使います。空欄なら上限なし。",
    )

    scope_paths = AT_MEMBER

    class Meta:
        verbose_name = "提供会員の援助内容"
        verbose_name_plural = "提供会員の援助内容"

    def __str__(self):
        return f"{self.member} の援助内容"

    def area_list(self) -> list[str]:
        return [a.strip() for a in self.areas.replace(",", "、").split("、") if a.strip()]


class Availability(TenantOwned):
    """A weekly slot the 提供会員 can help in (weekday 0 = 月曜)."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="availability", verbose_name="会員"
    )
    weekday = models.PositiveSmallIntegerField(
        "曜日", choices=[(i, d) for i, d in enumerate("月火水木金土日")]
    )
    start = models.TimeField("から")
    end = models.TimeField("まで")

    scope_paths = AT_MEMBER

    class Meta:
        verbose_name = "援助できる時間"
        verbose_name_plural = "援助できる時間"
        ordering = ["member", "weekday", "start"]
        constraints = [
            models.CheckConstraint(
                name="famisapo_availability_ends_after_start",
                violation_error_message="援助できる時間の終わりは始まりより後にしてください。",
                condition=Q(end__gt=models.F("start")),
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start:%H:%M}〜{self.end:%H:%M}"

    def covers(self, day: dt.date, start: dt.time, end: dt.time) -> bool:
        return day.weekday() == self.weekday and self.start <= start and end <= self.end
