"""What an officer records so that a rule can be decided: the municipality's own periods for
利用者支援事業 (dated), and each hub's facts of a 年度 that no other record holds (the published
事業計画, the staff placed for 出張相談支援, 多言語対応, 配慮が必要な家庭への支援, 情報提供 …).

Each field names the clause it answers; docs/eligibility.md lists which rule reads which field.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from common.scoping import TenantOwned, through
from hubs.models import Hub
from orgs.models import Municipality


class RiyoshaSetting(TenantOwned):
    """The periods 利用者支援事業実施要綱 4(1)③ア leaves to the municipality, by 年度.

    Empty means the municipality has not set it: the experience periods then fall back to the
    要綱's reference values (1 year / 3 years), and a course taken after starting has no deadline
    yet (the verdict says 要確認 on the deadline rather than invent one).
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="riyosha_settings",
        verbose_name="市町村",
    )
    first_year = models.PositiveSmallIntegerField("適用開始年度")
    last_year = models.PositiveSmallIntegerField("適用終了年度", null=True, blank=True)
    training_deadline_months = models.PositiveSmallIntegerField(
        "従事開始後の研修受講期限（月）",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="「事業に従事し始めた後に適宜受講」の期限。空欄は未設定。",
    )
    experience_months_licensed = models.PositiveSmallIntegerField(
        "実務経験の期間・有資格者（月）",
        null=True,
        blank=True,
        validators=[MaxValueValidator(600)],
        help_text="保育士・社会福祉士その他対人援助の有資格者。空欄は要綱の目安（12か月）。",
    )
    experience_months_other = models.PositiveSmallIntegerField(
        "実務経験の期間・有資格者以外（月）",
        null=True,
        blank=True,
        validators=[MaxValueValidator(600)],
        help_text="空欄は要綱の目安（36か月）。",
    )
    source = models.CharField("根拠（市町村の要綱・要領など）", max_length=200)

    scope_paths = through("municipality", Municipality)

    class Meta:
        verbose_name = "利用者支援事業の市町村の定め"
        verbose_name_plural = "利用者支援事業の市町村の定め"
        ordering = ["municipality", "first_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "first_year"], name="riyosha_setting_unique_start"
            ),
            models.CheckConstraint(
                name="riyosha_setting_years_in_order",
                violation_error_message="適用終了年度は適用開始年度以後にしてください。",
                condition=Q(last_year__isnull=True) | Q(last_year__gte=F("first_year")),
            ),
        ]

    def __str__(self):
        return f"{self.municipality} {self.first_year}年度〜"


class InfoMethod(models.TextChoices):
    """基本事業③ 地域の子育て関連情報の提供: how the hub gave information."""

    BOARD = "board", "館内の掲示・ラック"
    NEWSLETTER = "newsletter", "ひろば便り・通信"
    WEB = "web", "ウェブサイト・SNS"
    SESSION = "session", "説明会・講座での案内"
    PARTNERS = "partners", "関係機関・施設への配布"


class CommunityActivity(models.TextChoices):
    """地域支援の取組（加算）①〜④ (seed 001)."""

    GENERATIONS = "generations", "①地域の多様な世代との連携"
    TRADITION = "tradition", "②地域の団体と協働した伝統文化・行事"
    RESOURCES = "resources", "③地域ボランティアの育成・地域団体の活性化"
    VISITS = "visits", "④家庭への訪問支援等による地域とのつながり"


class HubYearRecord(TenantOwned):
    """What a hub did in one 年度 that the rules need and no other record holds.

    Written by the municipal officer (or the hub's manager) on the eligibility page, audited,
    and refused once the 年度 is locked.
    """

    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="year_records", verbose_name="拠点"
    )
    fiscal_year = models.PositiveSmallIntegerField("年度")
    # 地域子育て支援拠点事業
    info_methods = models.JSONField("情報提供の方法（基本事業③）", default=list, blank=True)
    network_partners = models.CharField(
        "ネットワーク化を図った関係機関（一体的実施の加算）", max_length=300, blank=True
    )
    community_activities = models.JSONField(
        "継続的に行った地域支援の取組（①〜④）", default=list, blank=True
    )
    volunteers_routine = models.BooleanField(
        "中・高校生や大学生等ボランティアを日常的に受け入れ・養成した", default=False
    )
    volunteers = models.PositiveSmallIntegerField("受け入れたボランティアの人数", default=0)
    # 利用者支援事業 4(1)④
    visit_staff = models.ManyToManyField(
        "hubs.StaffMember",
        blank=True,
        related_name="+",
        verbose_name="出張相談支援に配置した職員（カ(ア)）",
    )
    visit_planned = models.BooleanField(
        "出張相談支援を継続的かつ計画的に行った（カ(イ)）", default=False
    )
    visit_publicity = models.CharField(
        "開催日・場所の広報の方法（カ(ウ)）", max_length=200, blank=True
    )
    plan_published_on = models.DateField(
        "事業計画書・実施状況の公表日（キ(エ)）", null=True, blank=True
    )
    plan_published_where = models.CharField("公表した場所（キ(エ)）", max_length=200, blank=True)
    staffing_recorded = models.BooleanField(
        "人員配置の予定と実績を記録している（キ(オ)）", default=False
    )
    interpreter = models.BooleanField("通訳を配置した（ク）", default=False)
    translation_system = models.BooleanField(
        "多言語音声翻訳システム等を導入した（ク）", default=False
    )
    languages = models.CharField("対応した言語（ク）", max_length=200, blank=True)
    care_days_per_week = models.DecimalField(
        "配慮が必要な家庭への支援の開設日数（週・ケ(a)）",
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(7)],
    )
    care_staff = models.ManyToManyField(
        "hubs.StaffMember",
        blank=True,
        related_name="+",
        verbose_name="配慮が必要な家庭への支援を行う職員（ケ(b)）",
    )
    care_staff_basis = models.CharField(
        "専門的な知識・経験の内容（資格によらない場合・ケ(b)）", max_length=200, blank=True
    )
    night_exception = models.CharField(
        "1日6時間以下の開所日を市町村が認めた理由（夜間加算「原則として」）",
        max_length=300,
        blank=True,
    )
    night_exception_accepted_on = models.DateField("市町村が認めた日", null=True, blank=True)

    scope_paths = through("hub", Hub)

    class Meta:
        verbose_name = "拠点の年度の記録（判定用）"
        verbose_name_plural = "拠点の年度の記録（判定用）"
        constraints = [
            models.UniqueConstraint(fields=["hub", "fiscal_year"], name="hub_year_record_unique")
        ]

    def __str__(self):
        return f"{self.hub} {self.fiscal_year}年度の記録"


# The fields each programme reads (its JSON keys too, docs/eligibility.md), in the form's order.
KYOTEN_FIELDS = (
    "info_methods",
    "network_partners",
    "community_activities",
    "volunteers_routine",
    "volunteers",
)
RIYOSHA_FIELDS = (
    "visit_staff",
    "visit_planned",
    "visit_publicity",
    "plan_published_on",
    "plan_published_where",
    "staffing_recorded",
    "interpreter",
    "translation_system",
    "languages",
    "care_days_per_week",
    "care_staff",
    "care_staff_basis",
    "night_exception",
    "night_exception_accepted_on",
)
