"""Consultations, support entries, case conferences, plans, the 支援台帳, agencies and referrals.

Seed 003, ガイドライン 4(3)④ 相談等の記録 and 4(4) 地域連携. A consultation without a household is
anonymous: it counts in statistics and holds nothing that identifies anyone (a check constraint).
"""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.scoping import TenantOwned, through

from .families import AT_HUB, AT_MUNICIPALITY, AT_MUNICIPALITY_OR_HUB, Household

KODOMO_KATEI_CENTER_FROM = dt.date(2024, 4, 1)


class Service(models.TextChoices):
    HIROBA = "hiroba", "ひろばでの相談"
    KIHON = "kihon", "利用者支援（基本型）"
    TOKUTEI = "tokutei", "利用者支援（特定型）"
    BOSHI = "boshi", "利用者支援（母子保健型）"

    @classmethod
    def label_on(cls, value: str, day: dt.date) -> str:
        """母子保健型 became こども家庭センター型 on 2024-04-01 (令和6年度)."""
        if value == cls.BOSHI and day >= KODOMO_KATEI_CENTER_FROM:
            return "利用者支援（こども家庭センター型）"
        return cls(value).label


class Channel(models.TextChoices):
    VISIT = "visit", "来所"
    PHONE = "phone", "電話"
    FAX = "fax", "FAX"
    EMAIL = "email", "Eメール"
    APPOINTMENT = "appointment", "面談（予約）"
    VISITING = "visiting", "出張"
    OUTREACH = "outreach", "アウトリーチ"


class Topic(models.Model):
    """A consultation topic from the master list (発達, 育児不安, …). Shipped by a data migration."""

    code = models.SlugField("コード", max_length=30, unique=True)
    name = models.CharField("名称", max_length=50)
    order = models.PositiveSmallIntegerField("並び順", default=0)
    is_abuse = models.BooleanField("虐待の疑いを示す", default=False)

    class Meta:
        verbose_name = "相談内容の分類"
        verbose_name_plural = "相談内容の分類"
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class Consultation(TenantOwned):
    """相談記録. Named when it belongs to a household (with consent), anonymous otherwise."""

    public_id = models.UUIDField("公開ID", default=uuid.uuid4, unique=True, editable=False)
    hub = models.ForeignKey(
        "hubs.Hub", on_delete=models.PROTECT, related_name="consultations", verbose_name="拠点"
    )
    household = models.ForeignKey(
        "consultations.Household",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name="世帯",
    )
    service = models.CharField("事業", max_length=10, choices=Service.choices)
    channel = models.CharField("相談の方法", max_length=12, choices=Channel.choices)
    held_at = models.DateTimeField("相談日時")
    minutes = models.PositiveSmallIntegerField("対応時間（分）", default=0)
    topics = models.ManyToManyField(Topic, verbose_name="相談内容", related_name="+")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="対応した職員",
    )
    situation = models.TextField("家庭の状況", blank=True)
    request = models.TextField("相談の内容", blank=True)
    wishes = models.TextField("家庭の意向・希望", blank=True)
    direction = models.TextField("支援の方向性", blank=True)
    follow_up_on = models.DateField("次回のフォロー予定日", null=True, blank=True)
    abuse_suspected = models.BooleanField("虐待の疑い", default=False)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)
    version = models.PositiveIntegerField("版", default=1)

    scope_paths = AT_HUB

    class Meta:
        verbose_name = "相談記録"
        verbose_name_plural = "相談記録"
        ordering = ["-held_at", "-id"]
        indexes = [models.Index(fields=["hub", "held_at"], name="consultation_hub_held")]
        constraints = [
            models.CheckConstraint(
                name="anonymous_consultation_identifies_no_one",
                violation_error_message="世帯を選ばない（匿名の）相談には、相談の内容・要望・対応・次回の予定や虐待の疑いは記録できません。世帯を選んでください。",
                condition=Q(household__isnull=False)
                | Q(
                    situation="",
                    request="",
                    wishes="",
                    direction="",
                    abuse_suspected=False,
                    follow_up_on__isnull=True,
                ),
            )
        ]

    def __str__(self):
        return f"相談記録 {self.held_at:%Y-%m-%d}"

    @property
    def is_anonymous(self) -> bool:
        return self.household_id is None

    def service_label(self) -> str:
        from django.utils import timezone

        return Service.label_on(self.service, timezone.localtime(self.held_at).date())


class SupportEntry(TenantOwned):
    """支援記録: how the case goes and the worker's view, one dated entry at a time."""

    household = models.ForeignKey(
        "consultations.Household",
        on_delete=models.CASCADE,
        related_name="support_entries",
        verbose_name="世帯",
    )
    written_on = models.DateField("日付")
    progress = models.TextField("経過")
    view = models.TextField("所感", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    version = models.PositiveIntegerField("版", default=1)

    scope_paths = through("household", Household)

    class Meta:
        verbose_name = "支援記録"
        verbose_name_plural = "支援記録"
        ordering = ["-written_on", "-id"]

    def __str__(self):
        return f"支援記録 {self.written_on:%Y-%m-%d}"


class CaseConference(TenantOwned):
    """ケース会議記録."""

    public_id = models.UUIDField("公開ID", default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(
        "consultations.Household",
        on_delete=models.CASCADE,
        related_name="conferences",
        verbose_name="世帯",
    )
    held_at = models.DateTimeField("開催日時")
    place = models.CharField("場所", max_length=100, blank=True)
    participants = models.TextField("参加者", help_text="1行に1人（所属・氏名）")
    wishes = models.TextField("家庭の意向・希望", blank=True)
    state_and_problems = models.TextField("家庭の状況と課題")
    goals = models.TextField("支援の目標")
    concrete_support = models.TextField("具体的な支援の内容")
    roles = models.TextField("役割分担（誰が何をするか）", blank=True)
    next_on = models.DateField("次回の開催予定", null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    version = models.PositiveIntegerField("版", default=1)

    scope_paths = through("household", Household)

    class Meta:
        verbose_name = "ケース会議記録"
        verbose_name_plural = "ケース会議記録"
        ordering = ["-held_at", "-id"]

    def __str__(self):
        return f"ケース会議 {self.held_at:%Y-%m-%d}"

    def participant_lines(self) -> list[str]:
        return [line.strip() for line in self.participants.splitlines() if line.strip()]


class SupportPlan(TenantOwned):
    """支援プラン (母子保健型 / こども家庭センター型), reviewed over time."""

    household = models.ForeignKey(
        "consultations.Household",
        on_delete=models.CASCADE,
        related_name="plans",
        verbose_name="世帯",
    )
    made_on = models.DateField("作成日")
    goals = models.TextField("支援の目標")
    support = models.TextField("支援の内容")
    review_on = models.DateField("見直しの予定日")
    reviewed_on = models.DateField("見直しをした日", null=True, blank=True)
    review_note = models.TextField("見直しの結果", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField("版", default=1)

    scope_paths = through("household", Household)

    class Meta:
        verbose_name = "支援プラン"
        verbose_name_plural = "支援プラン"
        ordering = ["-made_on", "-id"]

    def __str__(self):
        return f"支援プラン {self.made_on:%Y-%m-%d}"


class Risk(models.TextChoices):
    LOW = "low", "低"
    MIDDLE = "middle", "中"
    HIGH = "high", "高"


class RegisterEntry(TenantOwned):
    """支援台帳: every pregnant woman and mother known to the site."""

    household = models.ForeignKey(
        "consultations.Household",
        on_delete=models.CASCADE,
        related_name="register_entries",
        verbose_name="世帯",
    )
    mother = models.ForeignKey(
        "consultations.Guardian", on_delete=models.CASCADE, related_name="+", verbose_name="妊産婦"
    )
    registered_on = models.DateField("登録日")
    due_date = models.DateField("出産予定日", null=True, blank=True)
    child_birth_date = models.DateField("出生日", null=True, blank=True)
    situation = models.TextField("状況", blank=True)
    risk = models.CharField("支援の必要度", max_length=10, choices=Risk.choices, default=Risk.LOW)
    version = models.PositiveIntegerField("版", default=1)

    scope_paths = through("household", Household)

    class Meta:
        verbose_name = "支援台帳"
        verbose_name_plural = "支援台帳"
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                name="register_entry_has_a_date",
                violation_error_message="出産予定日か子どもの生年月日を入力してください。",
                condition=Q(due_date__isnull=False) | Q(child_birth_date__isnull=False),
            )
        ]

    def __str__(self):
        return f"支援台帳 {self.registered_on:%Y-%m-%d}"

    @property
    def child_date(self) -> dt.date:
        """The date retention counts from: the birth, or the due date until there is one."""
        return self.child_birth_date or self.due_date  # type: ignore[return-value]


class AgencyKind(models.TextChoices):
    CHILD_GUIDANCE = "jisou", "児童相談所"
    WELFARE_OFFICE = "fukushi", "福祉事務所"
    HEALTH_CENTER = "hoken", "保健センター"
    MEDICAL = "iryo", "医療機関"
    DEVELOPMENT = "hattatsu", "児童発達支援センター"
    DISABILITY_CONSULT = "shogai", "指定障害児相談支援事業所"
    EDUCATION_BOARD = "kyoiku", "教育委員会"
    SCHOOL = "gakko", "学校"
    POLICE = "keisatsu", "警察"
    NURSERY = "hoiku", "保育所等"
    NPO = "npo", "NPO・民間団体"
    OTHER = "other", "その他"


# A suspicion of abuse must reach one of these early (ガイドライン 4(4)).
ABUSE_AGENCY_KINDS = (AgencyKind.CHILD_GUIDANCE, AgencyKind.WELFARE_OFFICE)


class Agency(TenantOwned):
    """An agency families are referred to, from the municipality's own list."""

    municipality = models.ForeignKey(
        "orgs.Municipality",
        on_delete=models.CASCADE,
        related_name="agencies",
        verbose_name="市町村",
    )
    kind = models.CharField("種別", max_length=10, choices=AgencyKind.choices)
    name = models.CharField("名称", max_length=100)
    phone = models.CharField("電話番号", max_length=20, blank=True)
    bound_by_secrecy = models.BooleanField("守秘義務がある", default=True)
    active = models.BooleanField("使用中", default=True)

    scope_paths = AT_MUNICIPALITY

    class Meta:
        verbose_name = "関係機関"
        verbose_name_plural = "関係機関"
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="agency_unique_name")
        ]

    def __str__(self):
        return self.name


class ReferralStatus(models.TextChoices):
    REQUESTED = "requested", "依頼済み"
    IN_PROGRESS = "in_progress", "対応中"
    DONE = "done", "完了"
    STOPPED = "stopped", "中止"


class Referral(TenantOwned):
    """つなぎ: a family put in touch with an agency, with status and follow-up."""

    public_id = models.UUIDField("公開ID", default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(
        "consultations.Household",
        on_delete=models.CASCADE,
        related_name="referrals",
        verbose_name="世帯",
    )
    consultation = models.ForeignKey(
        Consultation, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="referrals", verbose_name="つなぎ先"
    )
    referred_on = models.DateField("つないだ日")
    content = models.TextField("内容")
    status = models.CharField(
        "状況", max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.REQUESTED
    )
    follow_up_on = models.DateField("フォロー予定日", null=True, blank=True)
    shares_record = models.BooleanField("記録を共有した", default=False)
    # RESTRICT: a consent that justified a share cannot vanish on its own, yet both go when the
    # whole household is disposed of (SET_NULL would break referral_share_has_basis).
    consent = models.ForeignKey(
        "consultations.Consent",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="共有の根拠となる承諾",
    )
    override_reason = models.CharField("承諾なしで共有した理由", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    version = models.PositiveIntegerField("版", default=1)

    scope_paths = through("household", Household)

    class Meta:
        verbose_name = "つなぎ"
        verbose_name_plural = "つなぎ"
        ordering = ["-referred_on", "-id"]
        constraints = [
            # Sharing a record needs the family's consent or a stated override (A5).
            models.CheckConstraint(
                name="referral_share_has_basis",
                violation_error_message="記録を共有するつなぎには、家庭の承諾か、承諾なしで共有する理由が必要です。",
                condition=Q(shares_record=False)
                | Q(consent__isnull=False)
                | ~Q(override_reason=""),
            )
        ]

    def __str__(self):
        return f"つなぎ {self.referred_on:%Y-%m-%d} {self.agency}"


class AbuseAlert(TenantOwned):
    """Raised when a consultation is marked 虐待の疑い; open until a referral to 児相/福祉事務所."""

    public_id = models.UUIDField("公開ID", default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "orgs.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name="市町村"
    )
    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="+")
    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, related_name="alert"
    )
    raised_at = models.DateTimeField("発生日時", auto_now_add=True)
    handled_at = models.DateTimeField("対応日時", null=True, blank=True)
    referral = models.ForeignKey(
        Referral, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    scope_paths = AT_MUNICIPALITY_OR_HUB

    class Meta:
        verbose_name = "虐待の疑いの通知"
        verbose_name_plural = "虐待の疑いの通知"
        ordering = ["handled_at", "-raised_at"]

    def __str__(self):
        return f"通知 {self.raised_at:%Y-%m-%d %H:%M}"
