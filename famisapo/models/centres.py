"""A ファミリー・サポート・センター, its dated rules and its dated fee schedules."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from common.scoping import TenantOwned, through

from ..fees import FeeInputError, FeeSchedule, read_schedule


class Centre(TenantOwned):
    """A centre of one municipality; it may sit at a hub (Yokohama's ward desks, seed 000)."""

    public_id = models.UUIDField("公開ID", default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "orgs.Municipality",
        on_delete=models.PROTECT,
        related_name="famisapo_centres",
        verbose_name="市町村",
    )
    hub = models.ForeignKey(
        "hubs.Hub",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="famisapo_centres",
        verbose_name="置かれている拠点",
    )
    name = models.CharField("センター名", max_length=100)
    operator_name = models.CharField("運営（委託先）", max_length=100, blank=True)
    phone = models.CharField("電話番号", max_length=20, blank=True)
    # The centre's own words for the three kinds (おねがい会員 / まかせて会員 / どっちも会員 …).
    requester_label = models.CharField("依頼会員の呼び名", max_length=20, default="依頼会員")
    helper_label = models.CharField("提供会員の呼び名", max_length=20, default="提供会員")
    both_label = models.CharField("両方会員の呼び名", max_length=20, default="両方会員")

    scope_paths = {
        "centre": "pk",
        "municipality": "municipality",
        "prefecture": "municipality__prefecture",
    }

    class Meta:
        verbose_name = "ファミリー・サポート・センター"
        verbose_name_plural = "ファミリー・サポート・センター"
        ordering = ["municipality__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="famisapo_centre_unique_name"
            )
        ]

    def __str__(self):
        return self.name

    def kind_label(self, kind: str) -> str:
        return {"requester": self.requester_label, "helper": self.helper_label}.get(
            kind, self.both_label
        )


AT_CENTRE = through("centre", Centre)


class CentreRules(TenantOwned):
    """The centre's own rules from `valid_from` until the next row starts (dated data)."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="rules", verbose_name="センター"
    )
    valid_from = models.DateField("適用開始日")
    child_min_months = models.PositiveSmallIntegerField("対象の子ども: 下限（月齢）", default=6)
    child_max_school_year = models.PositiveSmallIntegerField(
        "対象の子ども: 上限（学年）",
        default=6,
        help_text="小学1年＝1 … 小学6年＝6、中学3年＝9。その学年の3月31日まで。",
    )
    renews_yearly = models.BooleanField("会員登録を毎年度更新する", default=False)
    meeting_each_fiscal_year = models.BooleanField(
        "年度が替わったら事前打合せをやり直す", default=True
    )
    meeting_each_kind = models.BooleanField(
        "援助の種類が替わったら事前打合せをやり直す", default=True
    )
    report_deadline_day = models.PositiveSmallIntegerField(
        "活動報告の締切（翌月の日）", default=10, help_text="0 は月末（当月中）。"
    )
    safety_course_years = models.PositiveSmallIntegerField(
        "緊急救命・事故防止講習の受講間隔（年）",
        default=5,
        help_text="国の基準は5年に1回以上（令和元年9月20日の改正）。より短くできます。",
    )
    request_lead_hours = models.PositiveSmallIntegerField(
        "依頼の締切（活動の何時間前まで）", default=24
    )
    member_retention_years = models.PositiveSmallIntegerField(
        "退会した会員の記録の保存年限（年）",
        null=True,
        blank=True,
        help_text="市町村の文書管理規程の定め（退会の日から）。空欄のあいだは廃棄しません。",
    )
    note = models.CharField("根拠・メモ", max_length=200, blank=True)

    scope_paths = AT_CENTRE

    class Meta:
        verbose_name = "センターの運用ルール"
        verbose_name_plural = "センターの運用ルール"
        ordering = ["centre", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "valid_from"], name="famisapo_centre_rules_unique"
            ),
            models.CheckConstraint(
                name="centre_rules_safety_at_most_5_years",
                violation_error_message="緊急救命・事故防止講習の受講間隔は1〜5年にしてください（国の基準は5年に1回以上）。",
                condition=models.Q(safety_course_years__gte=1, safety_course_years__lte=5),
            ),
            models.CheckConstraint(
                name="famisapo_centre_rules_school_year_range",
                violation_error_message="対象の子どもの上限の学年は1〜9（小学1年〜中学3年）にしてください。",
                condition=models.Q(child_max_school_year__gte=1, child_max_school_year__lte=9),
            ),
            models.CheckConstraint(
                name="famisapo_centre_rules_deadline_day",
                violation_error_message="活動報告の締切は翌月の1〜28日（0は月末）にしてください。",
                condition=models.Q(report_deadline_day__lte=28),
            ),
        ]

    def __str__(self):
        return f"{self.centre} {self.valid_from:%Y-%m-%d}〜"


class FeeScheduleRow(TenantOwned):
    """A centre's fee schedule from `valid_from`, in the format of docs/famisapo.md."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="fee_schedules", verbose_name="センター"
    )
    valid_from = models.DateField("適用開始日")
    data = models.JSONField("料金表", help_text="docs/famisapo.md の形式（valid_from を除く）。")

    scope_paths = AT_CENTRE

    class Meta:
        verbose_name = "利用料金表"
        verbose_name_plural = "利用料金表"
        ordering = ["centre", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "valid_from"], name="famisapo_fee_schedule_unique"
            )
        ]

    def __str__(self):
        return f"{self.centre} 料金表 {self.valid_from:%Y-%m-%d}〜"

    def schedule(self) -> FeeSchedule:
        data = {k: v for k, v in self.data.items() if k != "valid_from"}
        return read_schedule(data | {"valid_from": self.valid_from.isoformat()}, "料金表")

    def clean(self):
        if not isinstance(self.data, dict):
            raise ValidationError({"data": "料金表はオブジェクト（{…}）で書いてください。"})
        if self.valid_from is None:
            return
        try:
            self.schedule()
        except FeeInputError as error:
            raise ValidationError({"data": str(error)}) from None


class AreaPoint(TenantOwned):
    """A representative point of one 町丁目 (or 町名) of the centre's area, for the distance
    between members' homes. A centre that wants distances loads its municipality's table (e.g.
    the 代表点 of e-Stat's 町丁目 boundaries, an offline file); without it, matching compares the
    area names only."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="area_points", verbose_name="センター"
    )
    name = models.CharField("町丁目（または町名）", max_length=100)
    latitude = models.DecimalField("緯度", max_digits=9, decimal_places=6)
    longitude = models.DecimalField("経度", max_digits=9, decimal_places=6)

    scope_paths = AT_CENTRE

    class Meta:
        verbose_name = "町丁目の位置"
        verbose_name_plural = "町丁目の位置"
        ordering = ["centre", "name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "name"], name="famisapo_area_point_unique"),
            models.CheckConstraint(
                name="famisapo_area_point_in_japan",
                condition=Q(latitude__gte=20, latitude__lte=46, longitude__gte=122)
                & Q(longitude__lte=154),
                violation_error_message="緯度は20〜46、経度は122〜154（日本の範囲）で入力してください。",
            ),
        ]

    def __str__(self):
        return self.name
