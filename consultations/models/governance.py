"""The complaints register, retention rules per municipality and the disposal register."""

import uuid

from django.db import models

from common.scoping import TenantOwned

from .families import AT_MUNICIPALITY, AT_MUNICIPALITY_OR_HUB


class Complaint(TenantOwned):
    """苦情・要望 (ガイドライン 6(2)): who received it, who resolves it, the third-party member."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", "苦情"
        REQUEST = "request", "要望"

    public_id = models.UUIDField("公開ID", default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "orgs.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name="市町村"
    )
    hub = models.ForeignKey(
        "hubs.Hub", on_delete=models.SET_NULL, null=True, blank=True, verbose_name="対象の拠点"
    )
    kind = models.CharField("種別", max_length=10, choices=Kind.choices)
    received_on = models.DateField("受付日")
    channel = models.CharField(
        "受付の方法",
        max_length=12,
        choices=[
            ("visit", "来所"),
            ("phone", "電話"),
            ("fax", "FAX"),
            ("email", "Eメール"),
            ("letter", "書面"),
            ("box", "意見箱"),
        ],
    )
    content = models.TextField("内容")
    receiver = models.CharField("苦情受付担当者", max_length=100)
    resolver = models.CharField("苦情解決責任者", max_length=100)
    third_party = models.CharField("第三者委員（関与した場合）", max_length=100, blank=True)
    response = models.TextField("対応の内容", blank=True)
    closed_on = models.DateField("完了日", null=True, blank=True)
    version = models.PositiveIntegerField("版", default=1)

    scope_paths = AT_MUNICIPALITY_OR_HUB

    class Meta:
        verbose_name = "苦情・要望"
        verbose_name_plural = "苦情・要望"
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.received_on:%Y-%m-%d}"


class RecordType(models.TextChoices):
    HOUSEHOLD = "household", "世帯の記録一式（相談・支援・ケース会議・プラン・つなぎ）"
    REGISTER = "register", "支援台帳"
    ANONYMOUS = "anonymous", "匿名の相談記録"
    COMPLAINT = "complaint", "苦情・要望"
    AUDIT = "audit", "監査ログ（閲覧記録）"


class Basis(models.TextChoices):
    AFTER_LAST_ACTIVITY = "after_last_activity", "最後の支援からN年"
    AFTER_RECORD = "after_record", "記録の日からN年"
    AFTER_CLOSED = "after_closed", "完了からN年"
    UNTIL_CHILD_AGE = "until_child_age", "子どもがN歳になるまで"
    PERMANENT = "permanent", "永年保存"


# Which bases make sense for which record type.
ALLOWED_BASES = {
    RecordType.HOUSEHOLD: {Basis.AFTER_LAST_ACTIVITY, Basis.PERMANENT},
    RecordType.REGISTER: {Basis.UNTIL_CHILD_AGE, Basis.PERMANENT},
    RecordType.ANONYMOUS: {Basis.AFTER_RECORD, Basis.PERMANENT},
    RecordType.COMPLAINT: {Basis.AFTER_CLOSED, Basis.PERMANENT},
    RecordType.AUDIT: {Basis.AFTER_RECORD, Basis.PERMANENT},
}


class RetentionRule(TenantOwned):
    """保存年限 for one record type in one municipality (its 文書管理規程 decides)."""

    municipality = models.ForeignKey(
        "orgs.Municipality",
        on_delete=models.CASCADE,
        related_name="retention_rules",
        verbose_name="市町村",
    )
    record_type = models.CharField("記録の種類", max_length=12, choices=RecordType.choices)
    basis = models.CharField("数え方", max_length=20, choices=Basis.choices)
    years = models.PositiveSmallIntegerField("年数（N）", default=0)
    authority = models.CharField("根拠（規程・条文）", max_length=200, blank=True)

    scope_paths = AT_MUNICIPALITY

    class Meta:
        verbose_name = "保存年限"
        verbose_name_plural = "保存年限"
        ordering = ["record_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "record_type"], name="retention_rule_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_record_type_display()}: {self.describe()}"

    def describe(self) -> str:
        if self.basis == Basis.PERMANENT:
            return "永年保存"
        return Basis(self.basis).label.replace("N", str(self.years))

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.basis not in ALLOWED_BASES[RecordType(self.record_type)]:
            raise ValidationError(
                {"basis": f"「{self.get_record_type_display()}」には使えない数え方です。"}
            )
        if self.basis != Basis.PERMANENT and self.years < 1:
            raise ValidationError({"years": "1以上の年数を入力してください。"})


class DisposalEntry(models.Model):
    """廃棄簿: what was destroyed, how many, under which rule, approved by whom. No personal data."""

    run_id = models.UUIDField("廃棄処理ID", default=uuid.uuid4, editable=False)
    municipality_code = models.CharField("市町村コード", max_length=6)
    record_type = models.CharField("記録の種類", max_length=12, choices=RecordType.choices)
    count = models.PositiveIntegerField("件数")
    rule = models.CharField("適用した保存年限", max_length=200)
    cutoff = models.DateField("基準日")
    approved_by = models.CharField("承認した職員", max_length=150)
    approved_at = models.DateTimeField("承認日時")
    executed_at = models.DateTimeField("廃棄日時", auto_now_add=True)
    executed_via = models.CharField("実行の方法", max_length=20)

    class Meta:
        verbose_name = "廃棄簿"
        verbose_name_plural = "廃棄簿"
        ordering = ["-executed_at", "record_type"]

    def __str__(self):
        return f"{self.executed_at:%Y-%m-%d} {self.get_record_type_display()} {self.count}件"
