from django import forms

from hubs.forms import ScheduleForm
from hubs.models import Qualification

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["valid_from"]


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
