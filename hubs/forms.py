from django import forms

from common.forms import NormalisedFormMixin
from common.japanese import normalize_text

from .models import ClosurePeriod, Event, OutreachSession, TemporaryCareDay
from .models.schedules import WEEKDAYS


def _date_input():
    return forms.DateInput(attrs={"type": "date"})


class EventForm(NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = ["date", "title", "kind", "adults", "children"]
        widgets = {"date": _date_input()}


class OutreachSessionForm(NormalisedFormMixin, forms.ModelForm):
    site_name = forms.CharField(
        label="会場", max_length=100, help_text="初めての会場は名前を入れると登録されます。"
    )

    class Meta:
        model = OutreachSession
        fields = ["date", "starts", "ends", "groups", "adults", "children"]
        widgets = {
            "date": _date_input(),
            "starts": forms.TimeInput(attrs={"type": "time"}),
            "ends": forms.TimeInput(attrs={"type": "time"}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts") and cleaned.get("ends") and cleaned["ends"] <= cleaned["starts"]:
            self.add_error("ends", "終了時刻は開始時刻より後にしてください。")
        return cleaned


class TemporaryCareForm(forms.ModelForm):
    class Meta:
        model = TemporaryCareDay
        fields = [*TemporaryCareDay.AGE_FIELDS, *TemporaryCareDay.REASON_FIELDS]

    def __init__(self, data=None, **kwargs):
        # A blank cell is 0, and full-width digits count as digits.
        if data is not None:
            data = {k: normalize_text(v) for k, v in data.items()}
        super().__init__(data, **kwargs)
        for field in self.fields.values():
            field.required = False

    def clean(self):
        cleaned = super().clean()
        ages = sum(cleaned.get(f) or 0 for f in TemporaryCareDay.AGE_FIELDS)
        reasons = sum(cleaned.get(f) or 0 for f in TemporaryCareDay.REASON_FIELDS)
        if ages != reasons:
            raise forms.ValidationError(
                f"年齢別の合計（{ages}人）と理由別の合計（{reasons}人）が合いません。同じ子どもを2通りに数えてください。"
            )
        return cleaned


class ScheduleForm(forms.Form):
    """A new weekly schedule from a date: up to two time ranges per weekday."""

    valid_from = forms.DateField(label="適用開始日", widget=forms.DateInput(attrs={"type": "date"}))
    opens_on_public_holidays = forms.BooleanField(label="祝日も開所する", required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for day, name in enumerate(WEEKDAYS):
            for n in (1, 2):
                for part, label in (("opens", "開所"), ("closes", "閉所")):
                    self.fields[f"d{day}_{part}{n}"] = forms.TimeField(
                        label=f"{name}曜日 {label}{n}",
                        required=False,
                        widget=forms.TimeInput(attrs={"type": "time"}),
                    )

    @staticmethod
    def initial_from(pattern) -> dict:
        """Form values that show an existing weekly pattern."""
        initial: dict = {}
        if pattern is None:
            return initial
        initial["opens_on_public_holidays"] = pattern.opens_on_public_holidays
        for day, ranges in pattern.ranges.items():
            for n, (opens, closes) in enumerate(ranges[:2], start=1):
                initial[f"d{day}_opens{n}"] = opens
                initial[f"d{day}_closes{n}"] = closes
        return initial

    def weekday_rows(self):
        """Yield (weekday name, [bound fields]) for the table layout."""
        for day, name in enumerate(WEEKDAYS):
            yield name, [self[f"d{day}_{p}{n}"] for n in (1, 2) for p in ("opens", "closes")]

    def clean(self):
        cleaned = super().clean()
        ranges: dict[int, list] = {}
        for day, name in enumerate(WEEKDAYS):
            day_ranges = []
            for n in (1, 2):
                opens, closes = cleaned.get(f"d{day}_opens{n}"), cleaned.get(f"d{day}_closes{n}")
                if (opens is None) != (closes is None):
                    self.add_error(
                        f"d{day}_closes{n}", f"{name}曜日: 開所と閉所の両方を入れてください。"
                    )
                elif opens is not None and closes <= opens:
                    self.add_error(
                        f"d{day}_closes{n}", f"{name}曜日: 閉所時刻は開所時刻より後にしてください。"
                    )
                elif opens is not None:
                    day_ranges.append((opens, closes))
            day_ranges.sort()
            if len(day_ranges) == 2 and day_ranges[1][0] < day_ranges[0][1]:
                self.add_error(f"d{day}_opens2", f"{name}曜日: 2つの時間帯が重なっています。")
            if day_ranges:
                ranges[day] = day_ranges
        if not ranges and not self.errors:
            raise forms.ValidationError("少なくとも1つの曜日に開所時間を入れてください。")
        cleaned["ranges"] = ranges
        return cleaned


class ClosureForm(NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = ClosurePeriod
        fields = ["starts_on", "ends_on", "kind", "note"]
        widgets = {"starts_on": _date_input(), "ends_on": _date_input()}

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("starts_on")
            and cleaned.get("ends_on")
            and cleaned["ends_on"] < cleaned["starts_on"]
        ):
            self.add_error("ends_on", "終了日は開始日以降にしてください。")
        return cleaned
