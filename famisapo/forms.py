"""Forms of the centre's pages. Input is normalised (full-width digits, kana, spaces)."""

from itertools import pairwise

from django import forms
from django.utils import timezone

from common.forms import NormalisedFormMixin
from families.forms import SameFamilyMixin

from .models import HelperProfile, Member, MemberKind, MemberStatus, SubjectKind

DATE = forms.DateInput(attrs={"type": "date"})


class MemberForm(SameFamilyMixin, NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "kind",
            "number",
            "name",
            "kana",
            "birth_date",
            "phone",
            "address_area",
            "school_district",
            "info_session_on",
            "interviewed_on",
            "id_checked_on",
            "registered_on",
            "valid_until",
            "note",
        ]
        widgets = {
            name: DATE
            for name in [
                "birth_date",
                "info_session_on",
                "interviewed_on",
                "id_checked_on",
                "registered_on",
                "valid_until",
            ]
        } | {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"number": "空欄なら次の番号を付けます。"}

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        self.fields["kind"].choices = [("", "選んでください")] + [
            (k, centre.kind_label(k)) for k in MemberKind.values
        ]
        self.fields["registered_on"].initial = timezone.localdate()

    def validate_unique(self):
        """The service checks the number within the centre and says so in Japanese."""

    def clean_birth_date(self):
        day = self.cleaned_data.get("birth_date")
        if day and day > timezone.localdate():
            raise forms.ValidationError("未来の日付です。")
        return day


class StatusForm(NormalisedFormMixin, forms.Form):
    status = forms.ChoiceField(label="状態", choices=MemberStatus.choices)
    on = forms.DateField(label="日付", widget=DATE)
    reason = forms.CharField(label="理由", max_length=200, required=False)


class TrainingForm(NormalisedFormMixin, forms.Form):
    subject = forms.ChoiceField(label="科目")
    hours = forms.DecimalField(label="時間数", max_digits=4, decimal_places=1, min_value=0.5)
    taken_on = forms.DateField(label="受講日", widget=DATE)
    run_by = forms.CharField(label="講師・実施機関", max_length=100, required=False)

    # Courses taken again outside the curriculum (the 5-yearly safety courses, yearly スキルアップ).
    REFRESHERS = {
        "緊急救命講習（再受講）": SubjectKind.RESCUE,
        "事故防止講習（再受講）": SubjectKind.ACCIDENT,
        "スキルアップ講習": SubjectKind.SKILL_UP,
    }

    def __init__(self, *args, curricula, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = {}
        for curriculum in curricula:
            for subject in curriculum.subjects.all():
                self.kinds.setdefault(subject.name, subject.kind)
        self.kinds.update(self.REFRESHERS)
        self.fields["subject"].choices = [("", "選んでください")] + [(n, n) for n in self.kinds]


WEEKDAYS = "月火水木金土日"
SLOTS_PER_DAY = 2
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class HelperForm(NormalisedFormMixin, forms.ModelForm):
    """What a 提供会員 can do and the weekly times they can help (up to two per weekday)."""

    class Meta:
        model = HelperProfile
        fields = [
            "can_escort",
            "can_care_at_home",
            "can_sick_child",
            "can_siblings",
            "can_overnight",
            "max_children",
            "drives",
            "car_insurance_note",
            "areas",
            "max_km",
        ]

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        by_day: dict[int, list] = {}
        for slot in slots:
            by_day.setdefault(slot.weekday, []).append(slot)
        for day, name in enumerate(WEEKDAYS):
            for n in range(SLOTS_PER_DAY):
                have = by_day.get(day, [])
                slot = have[n] if n < len(have) else None
                for part, label in (("start", "から"), ("end", "まで")):
                    self.fields[f"d{day}_{n}_{part}"] = forms.TimeField(
                        label=f"{name}曜 {n + 1}つ目 {label}",
                        required=False,
                        widget=TIME,
                        initial=getattr(slot, part, None),
                    )

    def slot_rows(self):
        """(weekday label, [(start field, end field), …]) for the template."""
        return [
            (
                f"{name}曜",
                [
                    (self[f"d{day}_{n}_start"], self[f"d{day}_{n}_end"])
                    for n in range(SLOTS_PER_DAY)
                ],
            )
            for day, name in enumerate(WEEKDAYS)
        ]

    def clean(self):
        cleaned = super().clean()
        slots = []
        for day, name in enumerate(WEEKDAYS):
            day_slots = []
            for n in range(SLOTS_PER_DAY):
                start, end = cleaned.get(f"d{day}_{n}_start"), cleaned.get(f"d{day}_{n}_end")
                if start is None and end is None:
                    continue
                if start is None or end is None:
                    self.add_error(
                        f"d{day}_{n}_start", "「から」と「まで」の両方を入れてください。"
                    )
                elif end <= start:
                    self.add_error(f"d{day}_{n}_end", "「まで」は「から」より後にしてください。")
                else:
                    day_slots.append((start, end))
            day_slots.sort()
            for (_, end_a), (start_b, _) in pairwise(day_slots):
                if start_b < end_a:
                    self.add_error(None, f"{name}曜の時間が重なっています。")
            slots.extend((day, start, end) for start, end in day_slots)
        cleaned["slots"] = slots
        return cleaned
