"""Forms for the master data officers and hub staff keep in the app: a hub, its services, staff
members and their qualifications, assignments, work experience and training. Text is normalised
as the imports normalise it (NormalisedFormMixin); choices are narrowed to the hub's municipality."""

from typing import cast

from django import forms

from accounts.access import shared, within
from common.forms import NormalisedFormMixin
from orgs.models import Operator, Ward

from .models import (
    Assignment,
    Hub,
    HubService,
    Qualification,
    StaffMember,
    TrainingCourse,
    TrainingExemption,
    TrainingRecord,
    WorkExperience,
)


def _date_input():
    return forms.DateInput(attrs={"type": "date"})


class HubForm(NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = Hub
        fields = [
            "name",
            "kana",
            "hub_type",
            "premises",
            "management",
            "operator",
            "ward",
            "satellite_of",
            "address",
            "phone",
            "capacity_groups",
            "opened_on",
            "closed_on",
        ]
        widgets = {"opened_on": _date_input(), "closed_on": _date_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hub = self.instance
        municipality = hub.municipality
        self.fields["ward"].queryset = within(municipality, Ward).order_by("code")
        self.fields["operator"].queryset = Operator.objects.order_by("name")  # shared by all
        self.fields["satellite_of"].queryset = (
            within(municipality, Hub).exclude(pk=hub.pk).filter(satellite_of__isnull=True)
        )

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        others = within(self.instance.municipality, Hub).exclude(pk=self.instance.pk)
        if name and others.filter(name=name).exists():
            self.add_error("name", "同じ市町村に同じ名前の拠点があります。")
        return cleaned


class HubServiceForm(NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = HubService
        fields = ["kind", "started_on", "ended_on", "contracted_separately", "note"]
        widgets = {"started_on": _date_input(), "ended_on": _date_input()}

    def __init__(self, *args, hub: Hub, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.hub = hub

    def clean(self):
        cleaned = super().clean()
        kind, start = cleaned.get("kind"), cleaned.get("started_on")
        others = within(self.instance.hub, HubService).exclude(pk=self.instance.pk)
        if kind and start and others.filter(kind=kind, started_on=start).exists():
            self.add_error("started_on", "同じ事業が同じ日から登録済みです。")
        return cleaned


class StaffMemberForm(NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = StaffMember
        fields = ["staff_number", "name", "kana", "note"]

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("staff_number")
        others = within(self.instance.municipality, StaffMember).exclude(pk=self.instance.pk)
        if number and others.filter(staff_number=number).exists():
            self.add_error(
                "staff_number",
                "この職員番号は同じ市町村の別の職員に使われています。別の番号にしてください。",
            )
        return cleaned


class AssignmentForm(NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["service", "role", "dedicated", "full_time", "started_on", "ended_on"]
        widgets = {"started_on": _date_input(), "ended_on": _date_input()}

    def __init__(self, *args, hub: Hub, staff: StaffMember, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.hub = hub
        self.instance.staff = staff
        service = cast(forms.ModelChoiceField, self.fields["service"])
        service.queryset = within(hub, HubService).order_by("kind", "started_on")
        service.empty_label = "ひろば（拠点事業）"

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("started_on")
        others = within(self.instance.hub, Assignment).filter(staff=self.instance.staff)
        others = others.exclude(pk=self.instance.pk)
        if start and others.filter(service=cleaned.get("service"), started_on=start).exists():
            self.add_error("started_on", "同じ事業への同じ日からの配置が登録済みです。")
        return cleaned


class NewStaffForm(StaffMemberForm):
    """A new staff member and their first assignment at this hub, in one step."""

    role = forms.ChoiceField(label="職務", choices=Assignment.Role.choices)
    service = forms.ModelChoiceField(
        label="事業", queryset=HubService.objects.none(), required=False
    )
    dedicated = forms.BooleanField(label="専任", required=False, initial=True)
    full_time = forms.BooleanField(label="常勤", required=False)
    started_on = forms.DateField(label="配置開始日", widget=_date_input())

    def __init__(self, *args, hub: Hub, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = hub.municipality
        service = cast(forms.ModelChoiceField, self.fields["service"])
        service.queryset = within(hub, HubService).order_by("kind", "started_on")
        service.empty_label = "ひろば（拠点事業）"


class QualificationForm(NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = Qualification
        fields = ["kind", "obtained_on"]
        widgets = {"obtained_on": _date_input()}

    def __init__(self, *args, staff: StaffMember, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.staff = staff

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        held = self.instance.staff.qualifications.exclude(pk=self.instance.pk)
        if kind and held.filter(kind=kind).exists():
            self.add_error("kind", "この資格は登録済みです。取得日を直すときは登録済みの行から。")
        return cleaned


class WorkExperienceForm(NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = WorkExperience
        fields = [
            "organisation",
            "kind_of_work",
            "started_on",
            "ended_on",
            "counts_as_consultation",
        ]
        widgets = {"started_on": _date_input(), "ended_on": _date_input()}

    def __init__(self, *args, staff: StaffMember, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.staff = staff

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("started_on"), cleaned.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", "終了日は開始日より後にしてください。")
        return cleaned


class TrainingRecordForm(NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["course", "completed_on", "hours", "certificate_number"]
        widgets = {"completed_on": _date_input()}

    def __init__(self, *args, staff: StaffMember, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.staff = staff
        courses = within(staff.municipality, TrainingCourse) | shared(TrainingCourse)
        course = cast(forms.ModelChoiceField, self.fields["course"])
        course.queryset = courses.order_by("category", "name")

    def clean(self):
        cleaned = super().clean()
        course, day = cleaned.get("course"), cleaned.get("completed_on")
        records = self.instance.staff.training.exclude(pk=self.instance.pk)
        if course and day and records.filter(course=course, completed_on=day).exists():
            self.add_error("course", "同じ研修の同じ修了日の記録があります。")
        return cleaned


class TrainingExemptionForm(NormalisedFormMixin, forms.ModelForm):
    """A case of 利用者支援事業実施要綱 4(1)③ア(ア)'s table, with what the municipality checked."""

    class Meta:
        model = TrainingExemption
        fields = ["basis", "evidence"]
        help_texts = {
            "basis": (
                "5(3)(ア)(エ)は基本研修を要しません。「既に従事」「やむを得ない場合」は従事し始めた後に"
                "基本研修・基本型専門研修を受講します（期限は市町村の定め）。"
            )
        }

    def __init__(self, *args, staff: StaffMember, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.staff = staff

    def clean(self):
        cleaned = super().clean()
        basis = cleaned.get("basis")
        held = self.instance.staff.exemptions.exclude(pk=self.instance.pk)
        if basis and held.filter(basis=basis).exists():
            self.add_error("basis", "この場合は登録済みです。")
        return cleaned
