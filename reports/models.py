import datetime as dt
import uuid

from django.db import models

from common.scoping import TenantOwned, through
from hubs.models import Hub
from orgs.models import Municipality, Prefecture


class MunicipalityYear(TenantOwned):
    """Figures of a municipality for one year, entered as master data (the rules read them).

    Dates follow the 要綱: 0–5 population and occupancy as of 1 October, nurseries and waiting
    children as of 1 April. Empty means unknown: rules that need it answer 要確認.
    """

    municipality = models.ForeignKey(
        "orgs.Municipality", on_delete=models.CASCADE, related_name="yearly", verbose_name="市町村"
    )
    year = models.PositiveSmallIntegerField("年")
    population_0_5 = models.PositiveIntegerField("0〜5歳児人口（10月1日）", null=True, blank=True)
    nursery_occupancy = models.DecimalField(
        "保育所等の定員充足率（%・10月1日）", max_digits=5, decimal_places=1, null=True, blank=True
    )
    nurseries = models.PositiveIntegerField(
        "保育所・幼保連携型認定こども園の数（4月1日）", null=True, blank=True
    )
    waiting_children = models.PositiveIntegerField("待機児童数（4月1日）", null=True, blank=True)
    emergency_measures = models.BooleanField("緊急対策に参加", null=True, blank=True)
    former_tokutei = models.BooleanField(
        "特定市町村（平成24年改正前の児童福祉法第56条の8第1項）",
        null=True,
        blank=True,
        help_text="利用者支援事業（特定型）の要件ウ。いずれかの年に「はい」とあれば該当。",
    )

    scope_paths = through("municipality", Municipality)

    class Meta:
        verbose_name = "市町村の年次数値"
        verbose_name_plural = "市町村の年次数値"
        ordering = ["municipality", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="municipality_year_unique"
            )
        ]

    def __str__(self):
        return f"{self.municipality} {self.year}年"


class Programme(models.TextChoices):
    KYOTEN = "kyoten", "地域子育て支援拠点事業"
    RIYOSHA = "riyosha", "利用者支援事業"
    FAMISAPO = "famisapo", "子育て援助活動支援事業（ファミリー・サポート・センター事業）"


class UnitPrice(models.Model):
    """補助基準額 (年額, 1か所当たり) for one tier or 加算, valid for a range of 年度.

    No official price is confirmed in Kyoten's references: shipped rows have no amount and are
    unconfirmed, and every amount built on an unconfirmed row shows 要確認 until an officer enters
    the 別表 value and confirms it.
    """

    programme = models.CharField("事業", max_length=10, choices=Programme.choices)
    key = models.CharField(
        "区分キー",
        max_length=40,
        help_text="例：ippan:days5（一般型 週5日型）、riyosha_kihon:base、RY-ADD-NIGHT",
    )
    label = models.CharField("区分", max_length=100)
    first_year = models.PositiveSmallIntegerField("適用開始年度")
    last_year = models.PositiveSmallIntegerField("適用終了年度", null=True, blank=True)
    amount = models.PositiveIntegerField("基準額（円）", null=True, blank=True)
    confirmed = models.BooleanField("確認済み", default=False)
    source = models.CharField("根拠（交付要綱 別表など）", max_length=200, blank=True)

    class Meta:
        verbose_name = "補助基準額"
        verbose_name_plural = "補助基準額"
        ordering = ["programme", "key", "first_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "key", "first_year"], name="unit_price_unique"
            )
        ]

    def __str__(self):
        return f"{self.label}（{self.first_year}年度〜）"


class CostShare(models.Model):
    """負担割合 (国・都道府県・市町村) of a programme, valid for a range of 年度."""

    programme = models.CharField("事業", max_length=10, choices=Programme.choices)
    first_year = models.PositiveSmallIntegerField("適用開始年度")
    last_year = models.PositiveSmallIntegerField("適用終了年度", null=True, blank=True)
    national = models.CharField("国", max_length=10, help_text="分数で。例：1/3")
    prefecture = models.CharField("都道府県", max_length=10)
    municipality = models.CharField("市町村", max_length=10)
    confirmed = models.BooleanField("確認済み", default=False)
    source = models.CharField("根拠", max_length=200, blank=True)

    class Meta:
        verbose_name = "負担割合"
        verbose_name_plural = "負担割合"
        ordering = ["programme", "first_year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "first_year"], name="cost_share_unique")
        ]

    def __str__(self):
        return f"{self.get_programme_display()} {self.national}・{self.prefecture}・{self.municipality}"


class HubYearCost(TenantOwned):
    """A hub's actual costs for one programme and 年度 (実績報告の数字)."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="yearly_costs")
    programme = models.CharField("事業", max_length=10, choices=Programme.choices)
    fiscal_year = models.PositiveSmallIntegerField("年度")
    eligible_cost = models.PositiveIntegerField("対象経費の実支出額（円）")
    total_cost = models.PositiveIntegerField("総事業費（円）")
    other_income = models.PositiveIntegerField("寄付金その他の収入額（円）", default=0)

    scope_paths = through("hub", Hub)

    class Meta:
        verbose_name = "拠点の年度経費"
        verbose_name_plural = "拠点の年度経費"
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "programme", "fiscal_year"], name="hub_year_cost_unique"
            )
        ]

    def __str__(self):
        return f"{self.hub} {self.get_programme_display()} {self.fiscal_year}年度"


class LocalCondition(TenantOwned):
    """A municipality's stricter condition on top of the national rules (e.g. 函館市: the
    concierge opens 週4日以上 and is a 保育士). Shown apart from the national verdict."""

    class Kind(models.TextChoices):
        MIN_DAYS = "min_days", "週あたり開所日数の下限"
        MIN_HOURS = "min_hours", "1日の開所時間の下限"
        QUALIFICATION = "qualification", "専任職員に必要な資格"
        TRAINING = "training", "必ず受講する研修"

    municipality = models.ForeignKey(
        "orgs.Municipality", on_delete=models.CASCADE, related_name="local_conditions"
    )
    service = models.CharField(
        "対象の事業", max_length=20, help_text="hiroba（拠点事業）または実施事業の種別"
    )
    kind = models.CharField("条件", max_length=20, choices=Kind.choices)
    value = models.CharField("値", max_length=50, help_text="日数・時間・資格コード・研修コード")
    first_year = models.PositiveSmallIntegerField("適用開始年度")
    last_year = models.PositiveSmallIntegerField("適用終了年度", null=True, blank=True)
    source = models.CharField("根拠（市町村の要綱・要領）", max_length=200)

    scope_paths = through("municipality", Municipality)

    class Meta:
        verbose_name = "市町村独自の条件"
        verbose_name_plural = "市町村独自の条件"
        ordering = ["municipality", "service", "kind"]

    def __str__(self):
        return f"{self.municipality} {self.get_kind_display()} {self.value}"


class AnnualReport(TenantOwned):
    """A municipality's annual report for one 年度 and where it stands in the prefecture's review.

    While it is 承認済み, the data behind it (usage, schedules, staffing and costs of that
    municipality's hubs for that 年度) is locked: see common/locks.py.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "提出済み（審査中）"
        RETURNED = "returned", "差戻し"
        APPROVED = "approved", "承認済み"

    municipality = models.ForeignKey(
        "orgs.Municipality",
        on_delete=models.PROTECT,
        related_name="annual_reports",
        verbose_name="市町村",
    )
    fiscal_year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状態", max_length=10, choices=Status.choices)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    scope_paths = through("municipality", Municipality)

    class Meta:
        verbose_name = "年次報告"
        verbose_name_plural = "年次報告"
        ordering = ["municipality", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "fiscal_year"], name="annual_report_unique"
            )
        ]

    def __str__(self):
        return f"{self.municipality} {self.fiscal_year}年度 年次報告"

    @property
    def locked(self) -> bool:
        return self.status == self.Status.APPROVED


class Submission(TenantOwned):
    """One submission of an annual report: the values as they were, frozen (a snapshot)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveSmallIntegerField("提出回")
    snapshot = models.JSONField("提出した値")
    contact = models.JSONField("担当", default=dict)
    submitted_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="提出者"
    )
    submitted_at = models.DateTimeField("提出日時", auto_now_add=True)

    scope_paths = through("report", AnnualReport)

    class Meta:
        verbose_name = "年次報告の提出"
        verbose_name_plural = "年次報告の提出"
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="submission_number_unique")
        ]

    def __str__(self):
        return f"{self.report} 第{self.number}回提出"


class ReviewComment(TenantOwned):
    """The prefecture's comment on one item of a submission."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="comments")
    item_key = models.CharField("項目キー", max_length=120)
    item_label = models.CharField("項目", max_length=200)
    text = models.TextField("コメント", max_length=2000)
    author = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="記入者"
    )
    created_at = models.DateTimeField("記入日時", auto_now_add=True)

    scope_paths = through("submission", Submission)

    class Meta:
        verbose_name = "審査コメント"
        verbose_name_plural = "審査コメント"
        ordering = ["submission", "created_at"]

    def __str__(self):
        return f"{self.item_label}: {self.text[:20]}"


class ReviewStep(TenantOwned):
    """One transition of a report (提出, 差戻し, 承認, ロック解除), with who, when and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "提出"
        RETURN = "return", "差戻し"
        APPROVE = "approve", "承認"
        UNLOCK = "unlock", "承認の取消し（ロック解除）"

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="steps")
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="steps", null=True, blank=True
    )
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    reason = models.TextField("理由", blank=True, max_length=2000)
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="操作者"
    )
    at = models.DateTimeField("日時", auto_now_add=True)

    scope_paths = through("report", AnnualReport)

    class Meta:
        verbose_name = "審査の記録"
        verbose_name_plural = "審査の記録"
        ordering = ["report", "at", "pk"]

    def __str__(self):
        return f"{self.report} {self.get_action_display()}"


class RenderBatch(TenantOwned):
    """Rendering every municipality's annual report PDF of a prefecture, in the background.

    The file is written beside its final name and renamed only when every PDF is in it, so a
    failed run never leaves a half-written file to download.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "待機中"
        RUNNING = "running", "作成中"
        DONE = "done", "完了"
        FAILED = "failed", "失敗"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    prefecture = models.ForeignKey(
        "orgs.Prefecture", on_delete=models.CASCADE, related_name="+", verbose_name="都道府県"
    )
    fiscal_year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状態", max_length=10, choices=Status.choices, default="queued")
    total = models.PositiveIntegerField("市町村数", default=0)
    done = models.PositiveIntegerField("作成済み", default=0)
    error = models.TextField("エラー", blank=True)
    attempts = models.PositiveSmallIntegerField("実行回数", default=0)
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="依頼者"
    )
    requested_at = models.DateTimeField("依頼日時", auto_now_add=True)
    updated_at = models.DateTimeField("最終更新", auto_now=True)
    finished_at = models.DateTimeField("完了日時", null=True, blank=True)

    scope_paths = through("prefecture", Prefecture)

    class Meta:
        verbose_name = "PDF一括作成"
        verbose_name_plural = "PDF一括作成"
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.prefecture} {self.fiscal_year}年度 PDF一括作成"

    # A run that has not moved for this long has lost its worker (killed, machine down).
    STALE_AFTER = dt.timedelta(minutes=30)

    @property
    def stale(self) -> bool:
        from django.utils import timezone

        active = self.status in (self.Status.QUEUED, self.Status.RUNNING)
        return active and timezone.now() - self.updated_at > self.STALE_AFTER

    @property
    def retryable(self) -> bool:
        return self.status == self.Status.FAILED or self.stale

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


from .models_records import HubYearRecord, RiyoshaSetting  # noqa: E402,F401  (Django finds them)
