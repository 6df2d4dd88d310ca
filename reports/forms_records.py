"""The officer's record of a hub's 年度 (HubYearRecord): the facts the 加算 and 基本事業③ need.

Only the parts that apply to the hub are shown: 拠点事業 always, 利用者支援事業 where it runs.
Staff are chosen from those placed at the hub during the 年度.
"""

from typing import cast

from django import forms
from django.db.models import Q

from accounts.access import within
from common.forms import JapaneseDateField, NormalisedFormMixin
from common.japanese import fiscal_year_bounds
from hubs.models import Assignment, StaffMember

from .models_records import (
    KYOTEN_FIELDS,
    RIYOSHA_FIELDS,
    CommunityActivity,
    HubYearRecord,
    InfoMethod,
)

RIYOSHA_SERVICES = {"riyosha_kihon", "riyosha_tokutei", "riyosha_boshi"}


def staff_of_year(hub, fiscal_year: int):
    """The people placed at the hub at some point of the 年度."""
    start, end = fiscal_year_bounds(fiscal_year)
    placed = (
        within(hub, Assignment)
        .filter(started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .values("staff_id")
    )
    return within(hub.municipality, StaffMember).filter(pk__in=placed).order_by("kana")


class HubYearRecordForm(NormalisedFormMixin, forms.ModelForm):
    info_methods = forms.MultipleChoiceField(
        label="情報提供の方法（基本事業③）",
        choices=InfoMethod.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    community_activities = forms.MultipleChoiceField(
        label="継続的に行った地域支援の取組（地域支援の加算 ①〜④）",
        choices=CommunityActivity.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    plan_published_on = JapaneseDateField(
        label="事業計画書・実施状況の公表日（キ(エ)）", required=False
    )
    night_exception_accepted_on = JapaneseDateField(label="市町村が例外と認めた日", required=False)

    class Meta:
        model = HubYearRecord
        fields = [*KYOTEN_FIELDS, *RIYOSHA_FIELDS]
        widgets = {
            "visit_staff": forms.CheckboxSelectMultiple,
            "care_staff": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, hub, fiscal_year: int, services: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.hub = hub
        self.instance.fiscal_year = fiscal_year
        self.runs_riyosha = bool(services & RIYOSHA_SERVICES)
        if not self.runs_riyosha:
            for name in RIYOSHA_FIELDS:
                del self.fields[name]
            return
        self.fields["care_days_per_week"].help_text = "実施していないときは 0 を入力します。"
        self.fields["visit_staff"].help_text = "出張相談支援をしていないときは、だれも選びません。"
        people = staff_of_year(hub, fiscal_year)
        for name in ("visit_staff", "care_staff"):
            field = cast(forms.ModelMultipleChoiceField, self.fields[name])
            field.queryset = people
            field.label_from_instance = lambda s: f"{s.name}（{s.kana}）"

    def kyoten_fields(self):
        return [self[name] for name in KYOTEN_FIELDS]

    def riyosha_fields(self):
        return [self[name] for name in RIYOSHA_FIELDS if name in self.fields]

    def clean(self):
        cleaned = super().clean()
        if self.runs_riyosha:
            reason, accepted = (
                cleaned.get("night_exception"),
                cleaned.get("night_exception_accepted_on"),
            )
            if bool(reason) != bool(accepted):
                self.add_error(
                    "night_exception_accepted_on" if reason else "night_exception",
                    "例外の理由と市町村が認めた日は両方入力してください。",
                )
            if cleaned.get("plan_published_where") and not cleaned.get("plan_published_on"):
                self.add_error("plan_published_on", "公表した日を入力してください。")
            if cleaned.get("plan_published_on") and not cleaned.get("plan_published_where"):
                self.add_error(
                    "plan_published_where",
                    "公表した場所（ウェブサイトのページなど）を入力してください。",
                )
        return cleaned
