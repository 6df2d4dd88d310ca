import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from .roles import ROLE_CHOICES, ROLES


class User(AbstractUser):
    """A person who signs in to Kyoten. What they may see comes from their role assignments."""

    public_id = models.UUIDField("公開ID", default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField("表示名", max_length=100, blank=True)

    class Meta:
        verbose_name = "利用者"
        verbose_name_plural = "利用者"

    def __str__(self):
        return self.display_name or self.username


class RoleAssignment(models.Model):
    """One role of a user, bound to exactly one hub, ファミサポ centre, municipality or prefecture."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name="利用者"
    )
    role = models.CharField("役割", max_length=40, choices=ROLE_CHOICES)
    hub = models.ForeignKey(
        "hubs.Hub", on_delete=models.CASCADE, null=True, blank=True, verbose_name="拠点"
    )
    centre = models.ForeignKey(
        "famisapo.Centre",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name="ファミリー・サポート・センター",
    )
    municipality = models.ForeignKey(
        "orgs.Municipality", on_delete=models.CASCADE, null=True, blank=True, verbose_name="市町村"
    )
    prefecture = models.ForeignKey(
        "orgs.Prefecture", on_delete=models.CASCADE, null=True, blank=True, verbose_name="都道府県"
    )

    class Meta:
        verbose_name = "役割の割当"
        verbose_name_plural = "役割の割当"
        constraints = [
            models.CheckConstraint(
                name="role_assignment_exactly_one_scope",
                violation_error_message="役割は拠点・センター・市町村・都道府県のどれか1つに割り当ててください。",
                condition=Q(
                    Q(
                        hub__isnull=False,
                        centre__isnull=True,
                        municipality__isnull=True,
                        prefecture__isnull=True,
                    )
                    | Q(
                        hub__isnull=True,
                        centre__isnull=False,
                        municipality__isnull=True,
                        prefecture__isnull=True,
                    )
                    | Q(
                        hub__isnull=True,
                        centre__isnull=True,
                        municipality__isnull=False,
                        prefecture__isnull=True,
                    )
                    | Q(
                        hub__isnull=True,
                        centre__isnull=True,
                        municipality__isnull=True,
                        prefecture__isnull=False,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "hub", "centre", "municipality", "prefecture"],
                nulls_distinct=False,
                name="role_assignment_unique",
            ),
        ]

    def __str__(self):
        return f"{self.user} / {self.get_role_display()} / {self.scope_object}"

    @property
    def scope_object(self):
        return self.hub or self.centre or self.municipality or self.prefecture

    def clean(self):
        from django.core.exceptions import ValidationError

        role = ROLES.get(self.role)
        if role and getattr(self, f"{role.scope.value}_id") is None:
            raise ValidationError(f"「{role.label}」には{role.scope.label}を指定してください。")


class AuditEvent(models.Model):
    """An append-only record of who did what, where and when (UTC).

    A PostgreSQL trigger refuses UPDATE and DELETE on this table (migration 0003). Only a disposal
    run under the municipality's retention rule may delete, inside its own transaction
    (`consultations.disposal`, which sets `kyoten.audit_disposal`; migration 0005).
    """

    class Action(models.TextChoices):
        LOGIN = "login", "ログイン"
        LOGIN_FAILED = "login_failed", "ログイン失敗"
        LOCKED_OUT = "locked_out", "ロックアウト"
        LOGOUT = "logout", "ログアウト"
        CREATE = "create", "作成"
        UPDATE = "update", "更新"
        DELETE = "delete", "削除"
        IMPORT = "import", "取込"
        EXPORT = "export", "出力"
        VIEW = "view", "閲覧"
        DENIED = "denied", "拒否"
        SHARE = "share", "関係機関への共有"
        OTP_FAILED = "otp_failed", "二要素認証の失敗"
        OTP_SETUP = "otp_setup", "二要素認証の登録"
        DISPOSE = "dispose", "廃棄"
        REVIEW = "review", "年次報告の提出・審査"

    at = models.DateTimeField("日時（UTC）", auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField("利用者ID", null=True, blank=True)
    actor_username = models.CharField("利用者名", max_length=150, blank=True)
    roles = models.CharField("役割", max_length=200, blank=True)
    scope = models.CharField("範囲", max_length=200, blank=True)
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    object_type = models.CharField("対象の種類", max_length=100, blank=True)
    object_id = models.CharField("対象ID", max_length=100, blank=True)
    object_repr = models.CharField("対象", max_length=200, blank=True)
    detail = models.JSONField("詳細", default=dict, blank=True)
    # Reads of personal records: whose records (the household's public id, never a name), in which
    # municipality, and the purpose given (利用目的). The breach report and "who looked" read these.
    subject_id = models.UUIDField("対象世帯", null=True, blank=True)
    municipality_code = models.CharField("市町村コード", max_length=6, blank=True)
    purpose = models.CharField("利用目的", max_length=200, blank=True)
    ip_address = models.GenericIPAddressField("接続元", null=True, blank=True)

    class Meta:
        verbose_name = "監査ログ"
        verbose_name_plural = "監査ログ"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["actor_id", "at"], name="audit_actor_at"),
            models.Index(fields=["subject_id", "at"], name="audit_subject_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.get_action_display()}"
