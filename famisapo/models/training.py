"""The centre's dated curriculum for 提供会員 and the sessions each member attended.

Completion is computed from the sessions (famisapo/training.py), never ticked.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.scoping import TenantOwned, through

from .centres import AT_CENTRE
from .members import AT_MEMBER


class SubjectKind(models.TextChoices):
    BASIC = "basic", "養成講習"
    RESCUE = "rescue", "緊急救命講習"
    ACCIDENT = "accident", "事故防止講習"
    SICK_CHILD = "sick_child", "病児・病後児の講習"
    SKILL_UP = "skill_up", "スキルアップ講習"


# The two courses every helping member takes at least once every 5 years (令和元年9月20日).
SAFETY_KINDS = (SubjectKind.RESCUE, SubjectKind.ACCIDENT)


class Curriculum(TenantOwned):
    """The subjects and hours of the centre's course from `valid_from` (national standard ≈ 24 h)."""

    centre = models.ForeignKey(
        "famisapo.Centre",
        on_delete=models.CASCADE,
        related_name="curricula",
        verbose_name="センター",
    )
    valid_from = models.DateField("適用開始日")
    name = models.CharField("名称", max_length=100, default="提供会員養成講習")
    note = models.CharField("根拠・メモ", max_length=200, blank=True)

    scope_paths = AT_CENTRE

    class Meta:
        verbose_name = "講習のカリキュラム"
        verbose_name_plural = "講習のカリキュラム"
        ordering = ["centre", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "valid_from"], name="famisapo_curriculum_unique"
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.valid_from:%Y-%m-%d}〜）"


class Subject(TenantOwned):
    curriculum = models.ForeignKey(
        Curriculum, on_delete=models.CASCADE, related_name="subjects", verbose_name="カリキュラム"
    )
    name = models.CharField("科目", max_length=100)
    kind = models.CharField("区分", max_length=12, choices=SubjectKind.choices)
    hours = models.DecimalField("時間数", max_digits=4, decimal_places=1)
    order = models.PositiveSmallIntegerField("並び順", default=0)

    scope_paths = through("curriculum", Curriculum)

    class Meta:
        verbose_name = "講習の科目"
        verbose_name_plural = "講習の科目"
        ordering = ["curriculum", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["curriculum", "name"], name="famisapo_subject_unique_name"
            ),
            models.CheckConstraint(
                name="famisapo_subject_hours_positive",
                condition=Q(hours__gt=0),
                violation_error_message="科目の時間数は0より大きくしてください。",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.hours}時間）"


class TrainingRecord(TenantOwned):
    """One session a member attended: subject, hours, date, who ran it."""

    member = models.ForeignKey(
        "famisapo.Member",
        on_delete=models.CASCADE,
        related_name="training_records",
        verbose_name="会員",
    )
    subject = models.CharField("科目", max_length=100)
    kind = models.CharField("区分", max_length=12, choices=SubjectKind.choices)
    hours = models.DecimalField("時間数", max_digits=4, decimal_places=1)
    taken_on = models.DateField("受講日")
    run_by = models.CharField("講師・実施機関", max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("記録日時", auto_now_add=True)

    scope_paths = AT_MEMBER

    class Meta:
        verbose_name = "受講記録"
        verbose_name_plural = "受講記録"
        ordering = ["member", "taken_on", "id"]
        constraints = [
            models.CheckConstraint(
                name="famisapo_training_hours_positive",
                condition=Q(hours__gt=0),
                violation_error_message="受講の時間数は0より大きくしてください。",
            ),
            models.UniqueConstraint(
                fields=["member", "subject", "taken_on"], name="famisapo_training_record_unique"
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.subject} {self.taken_on:%Y-%m-%d}"
