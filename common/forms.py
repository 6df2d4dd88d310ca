"""What every form in Kyoten shares."""

from django import forms

from .japanese import normalize_multiline, normalize_text, parse_date


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

    # Fields whose raw input is read as a number, a date or a time: 「２０２５-０４-０１」 and
    # 「９:００」 are normalised before the field parses them, not only after.
    PARSED_FIELDS = (
        forms.DateField,
        forms.TimeField,
        forms.DateTimeField,
        forms.IntegerField,
        forms.DecimalField,
        forms.FloatField,
    )

    def full_clean(self):
        if self.is_bound:
            data = self.data.copy()
            for name, field in self.fields.items():
                key = self.add_prefix(name)
                if not isinstance(field, self.PARSED_FIELDS) or key not in data:
                    continue
                if hasattr(data, "setlist"):
                    data.setlist(key, [normalize_text(v) for v in data.getlist(key)])
                else:
                    data[key] = normalize_text(data[key])
            self.data = data
        super().full_clean()

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                field = self.fields.get(name)
                multiline = field is not None and isinstance(field.widget, forms.Textarea)
                cleaned[name] = normalize_multiline(value) if multiline else normalize_text(value)
        return cleaned


class JapaneseDateField(forms.DateField):
    """A date typed as on paper forms: 2018/5/1, H30.5.1, 平成30年5月1日, full-width digits."""

    widget = forms.TextInput(attrs={"placeholder": "例：2024/4/1、R6.4.1", "inputmode": "text"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_date(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
