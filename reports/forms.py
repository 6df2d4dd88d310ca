from django import forms

from hubs.forms import ScheduleForm
from hubs.models import Qualification, TrainingExemption

SERVICES = [("hiroba", "ひろば（拠点事業）"), ("riyosha_kihon", "利用者支援事業（基本型）")]


class WhatIfForm(ScheduleForm):
    """A draft week and, optionally, one more staff member: nothing is saved."""

    add_staff = forms.BooleanField(label="職員を1名加えてみる", required=False)
    staff_service = forms.ChoiceField(label="配置先", choices=SERVICES, required=False)
    staff_dedicated = forms.BooleanField(label="専任", required=False, initial=True)
    staff_qualification = forms.ChoiceField(
        label="資格", choices=[("", "なし"), *Qualification.Kind.choices], required=False
    )
    staff_trained = forms.BooleanField(
        label="基本研修と専門研修（配置先のもの）を修了", required=False, initial=True
    )
    staff_experience_years = forms.DecimalField(
        label="実務経験（年）", min_value=0, max_value=60, decimal_places=1, required=False
    )
    staff_exemption = forms.ChoiceField(
        label="研修の受講を要しない場合",
        choices=[("", "当たらない"), *TrainingExemption.Basis.choices],
        required=False,
    )
    staff_for_visit = forms.BooleanField(label="出張相談支援に配置する", required=False)
    # The officer's record of the 年度 (starts from what is recorded)
    plan_published = forms.BooleanField(
        label="事業計画書・実施状況を公表した（機能強化 キ(エ)）", required=False
    )
    staffing_recorded = forms.BooleanField(
        label="人員配置の予定と実績を記録している（キ(オ)）", required=False
    )
    visit_planned = forms.BooleanField(
        label="出張相談支援を継続的・計画的に行い、開催日・場所を広報した（カ(イ)(ウ)）",
        required=False,
    )
    multilingual = forms.BooleanField(
        label="通訳の配置または翻訳システムの導入（多言語対応）", required=False
    )
    care_days_per_week = forms.DecimalField(
        label="配慮が必要な家庭への支援の開設日数（週）",
        min_value=0,
        max_value=7,
        decimal_places=1,
        required=False,
    )
    night_exception = forms.BooleanField(
        label="1日6時間以下の開所日を市町村が例外と認める（夜間加算）", required=False
    )

    RECORD_FIELDS = (
        "plan_published",
        "staffing_recorded",
        "visit_planned",
        "multilingual",
        "care_days_per_week",
        "night_exception",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["valid_from"]

    @staticmethod
    def initial_from_record(r) -> dict:
        """The record fields' starting values, from the 利用者支援 facts of the 年度."""
        return {
            "plan_published": bool(r.plan_published_on and r.plan_published_where),
            "staffing_recorded": r.staffing_recorded,
            "visit_planned": r.visit_planned and bool(r.visit_publicity),
            "multilingual": r.interpreter or r.translation_system,
            "care_days_per_week": r.care_days_per_week,
            "night_exception": bool(r.night_exception and r.night_exception_accepted_on),
        }


class SubmitForm(forms.Form):
    """Who answers the prefecture's questions about the report (printed as 担当 on the 様式)."""

    department = forms.CharField(label="担当課", max_length=60, required=False)
    person = forms.CharField(label="担当者", max_length=40, required=False)
    phone = forms.CharField(label="電話番号", max_length=20, required=False)

    def clean(self):
        from common.japanese import normalize_text

        data = super().clean()
        return {k: normalize_text(v) for k, v in data.items()}


class YenField(forms.IntegerField):
    """An amount in 円 as people type it: 「4,000,000」「４００００００円」 all read 4000000."""

    def to_python(self, value):
        from common.japanese import normalize_text

        if isinstance(value, str):
            value = normalize_text(value).replace(",", "").removesuffix("円").strip()
        return super().to_python(value)


class CostForm(forms.Form):
    """A hub's actual costs for one programme and 年度 (実績報告の数字), in 円."""

    programme = forms.ChoiceField(label="事業", widget=forms.HiddenInput)
    eligible_cost = YenField(label="対象経費の実支出額（円）", min_value=0)
    total_cost = YenField(label="総事業費（円）", min_value=0)
    other_income = YenField(
        label="寄付金その他の収入額（円）", min_value=0, initial=0, required=False
    )

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = list(programmes)

    def clean(self):
        data = super().clean()
        data["other_income"] = data.get("other_income") or 0
        total = data.get("total_cost")
        if total is not None and data["other_income"] > total:
            self.add_error("other_income", "寄付金その他の収入額が総事業費を超えています。")
        return data
