from django import forms

from common.japanese import normalize_text

from .models import Event, OutreachSession, TemporaryCareDay


class NormalisedFormMixin:
    """Full-width digits, half-width kana and stray spaces are normalised before validation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField) and field.choices and field.choices[0][0] == "":
                field.choices = [("", "選んでください"), *field.choices[1:]]

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = normalize_text(value)
        return cleaned


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
