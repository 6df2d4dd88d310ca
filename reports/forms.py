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
