import uuid

from django.db import models
from django.db.models import F, Q

from common.scoping import TenantOwned, through
from orgs.models import Municipality

from .hubs import Hub, HubService


class StaffMember(TenantOwned):
    """A person who works at hubs of one municipality (拠点職員, 利用者支援専門員 …)."""

    public_id = models.UUIDField("公開ID", default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="staff", verbose_name="市町村"
    )
    staff_number = models.CharField(
        "職員番号", max_length=30, help_text="市町村内で一意。取込時の照合に使います。"
    )
    name = models.CharField("氏名", max_length=100)
    kana = models.CharField("ふりがな", max_length=200)
    note = models.CharField("備考", max_length=200, blank=True)

    scope_paths = through("municipality", Municipality)

    class Meta:
        verbose_name = "職員"
        verbose_name_plural = "職員"
        ordering = ["municipality", "kana"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "staff_number"], name="staff_number_unique_in_city"
            ),
        ]

    def __str__(self):
        return self.name


class Qualification(TenantOwned):
    """A licence a staff member holds, with the date obtained."""

    class Kind(models.TextChoices):
        HOIKUSHI = "hoikushi", "保育士"
        YOCHIEN = "yochien", "幼稚園教諭"
        SHAKAI_FUKUSHISHI = "shakai_fukushishi", "社会福祉士"
        SEISHIN_HOKEN = "seishin_hoken", "精神保健福祉士"
        HOKENSHI = "hokenshi", "保健師"
        JOSANSHI = "josanshi", "助産師"
        KANGOSHI = "kangoshi", "看護師"
        KOUNIN_SHINRISHI = "kounin_shinrishi", "公認心理師"
        KODOMO_SW = "kodomo_sw", "こども家庭ソーシャルワーカー"
        KAIGO_FUKUSHISHI = "kaigo_fukushishi", "介護福祉士"
        EIYOSHI = "eiyoshi", "管理栄養士・栄養士"
        OTHER = "other", "その他"

    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="qualifications", verbose_name="職員"
    )
    kind = models.CharField("資格", max_length=30, choices=Kind.choices)
    obtained_on = models.DateField("取得日", null=True, blank=True)

    scope_paths = through("staff", StaffMember)

    class Meta:
        verbose_name = "資格"
        verbose_name_plural = "資格"
        ordering = ["staff", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "kind"], name="qualification_unique"),
        ]

    def __str__(self):
        return self.get_kind_display()


class Assignment(TenantOwned):
    """A staff member's work at a hub (the ひろば itself when `service` is empty), over time."""

    class Role(models.TextChoices):
        LEADER = "leader", "拠点責任者"
        HIROBA = "hiroba", "ひろばスタッフ"
        SPECIALIST = "specialist", "利用者支援専門員"
        CAREGIVER = "caregiver", "保育従事者"
        COORDINATOR = "coordinator", "コーディネーター（アドバイザー）"
        PUBLIC_HEALTH_NURSE = "hokenshi", "保健師等"
        OTHER = "other", "その他"

    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="assignments", verbose_name="職員"
    )
    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="assignments", verbose_name="拠点"
    )
    service = models.ForeignKey(
        HubService,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name="事業（空欄はひろば）",
    )
    role = models.CharField("職務", max_length=20, choices=Role.choices)
    dedicated = models.BooleanField("専任", default=True, help_text="オフは兼任")
    full_time = models.BooleanField("常勤", default=False, help_text="オフは非常勤")
    started_on = models.DateField("配置開始日")
    ended_on = models.DateField("配置終了日", null=True, blank=True)

    scope_paths = through("hub", Hub)

    class Meta:
        verbose_name = "配置"
        verbose_name_plural = "配置"
        ordering = ["hub", "started_on"]
        constraints = [
            models.CheckConstraint(
                name="assignment_ended_after_started",
                violation_error_message="配置の終了日は開始日より後にしてください。",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
            ),
            models.UniqueConstraint(
                fields=["staff", "hub", "service", "started_on"],
                nulls_distinct=False,
                name="assignment_unique_start",
            ),
        ]

    def __str__(self):
        return f"{self.staff} @ {self.hub}（{self.get_role_display()}）"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.service is not None and self.hub_id and self.service.hub_id != self.hub_id:
            raise ValidationError({"service": "この拠点で実施している事業を選んでください。"})
        if self.staff_id and self.hub_id and self.staff.municipality_id != self.hub.municipality_id:
            raise ValidationError({"hub": "職員と同じ市町村の拠点を選んでください。"})


class WorkExperience(TenantOwned):
    """Earlier or parallel work; 利用者支援 rules count 相談・コーディネート work (seed 003)."""

    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="experiences", verbose_name="職員"
    )
    organisation = models.CharField("勤務先", max_length=100)
    kind_of_work = models.CharField("業務内容", max_length=100)
    started_on = models.DateField("開始日")
    ended_on = models.DateField("終了日", null=True, blank=True)
    counts_as_consultation = models.BooleanField(
        "相談・コーディネート業務", default=False, help_text="利用者支援事業の実務経験に数える業務"
    )

    scope_paths = through("staff", StaffMember)

    class Meta:
        verbose_name = "職歴"
        verbose_name_plural = "職歴"
        ordering = ["staff", "started_on"]
        constraints = [
            models.CheckConstraint(
                name="experience_ended_after_started",
                violation_error_message="経験の終了日は開始日より後にしてください。",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
            ),
        ]

    def __str__(self):
        return f"{self.organisation}（{self.kind_of_work}）"


class TrainingExemption(TenantOwned):
    """A case of 利用者支援事業実施要綱 4(1)③ア(ア)'s table in which a course need not be taken
    (or may be taken after starting), recorded for one person with its basis."""

    class Basis(models.TextChoices):
        SHIEN_5_3 = "shien_5_3", "子育て支援員研修事業実施要綱5の(3)の(ア)の(エ)に該当"
        ALREADY_WORKING = (
            "already_working",
            "本実施要綱が適用される際に、既に利用者支援事業に従事していた",
        )
        UNAVOIDABLE = (
            "unavoidable",
            "研修をすぐに実施できないなどその他やむを得ない場合",
        )

    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="exemptions", verbose_name="職員"
    )
    basis = models.CharField("該当する場合", max_length=20, choices=Basis.choices)
    evidence = models.CharField(
        "確認した書類・経緯", max_length=200, help_text="例：市の確認書（令和6年4月1日）"
    )

    scope_paths = through("staff", StaffMember)

    class Meta:
        verbose_name = "研修の受講を要しない場合"
        verbose_name_plural = "研修の受講を要しない場合"
        ordering = ["staff", "basis"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "basis"], name="training_exemption_unique"),
        ]

    def __str__(self):
        return self.get_basis_display()


class TrainingCourse(TenantOwned):
    """A training course: national (子育て支援員研修 …) or one municipality's own."""

    class Category(models.TextChoices):
        KIHON = "kihon", "子育て支援員 基本研修"
        SENMON = "senmon", "子育て支援員 専門研修"
        FOLLOW_UP = "follow_up", "フォローアップ研修"
        GENNIN = "gennin", "現任研修"
        KYOTEN_STAFF = "kyoten_staff", "地域子育て支援拠点事業所職員等研修"
        LEADER = "leader", "指導者養成等研修"
        PRIVACY = "privacy", "個人情報保護研修"
        LOCAL = "local", "市町村独自研修"

    code = models.SlugField("コード", max_length=40, unique=True)
    name = models.CharField("研修名", max_length=100)
    category = models.CharField("区分", max_length=20, choices=Category.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_courses",
        verbose_name="市町村（独自研修）",
    )
    expected_for = models.JSONField(
        "受講が求められる職務",
        default=list,
        blank=True,
        help_text='配置の事業コード（ひろばは "hiroba"、全員は "*"）の一覧',
    )

    scope_paths = through("municipality", Municipality)

    class Meta:
        verbose_name = "研修"
        verbose_name_plural = "研修"
        ordering = ["category", "code"]

    def __str__(self):
        return self.name

    def is_expected_for(self, service_kind: str) -> bool:
        return "*" in self.expected_for or service_kind in self.expected_for


class TrainingRecord(TenantOwned):
    """A course a staff member completed."""

    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="training", verbose_name="職員"
    )
    course = models.ForeignKey(
        TrainingCourse, on_delete=models.PROTECT, related_name="records", verbose_name="研修"
    )
    completed_on = models.DateField("修了日")
    hours = models.DecimalField("時間数", max_digits=5, decimal_places=1, null=True, blank=True)
    certificate_number = models.CharField("修了証番号", max_length=50, blank=True)

    scope_paths = through("staff", StaffMember)

    class Meta:
        verbose_name = "研修受講記録"
        verbose_name_plural = "研修受講記録"
        ordering = ["staff", "completed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "course", "completed_on"], name="training_record_unique"
            ),
        ]

    def __str__(self):
        return f"{self.course}（{self.completed_on:%Y-%m-%d}）"
