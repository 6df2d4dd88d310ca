"""What every form in Kyoten shares."""

from django import forms

from .japanese import normalize_text


class NormalisedFormMixin:
    """Full-width digits, half-width kana and stray spaces are normalised before validation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                # Never evaluate the queryset here: the form narrows it after this runs.
                if field.empty_label is not None:
                    field.empty_label = "選んでください"
            elif (
                isinstance(field, forms.ChoiceField) and field.choices and field.choices[0][0] == ""
            ):
                field.choices = [("", "選んでください"), *field.choices[1:]]

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = normalize_text(value)
        return cleaned
