"""Forms from request to activity. The services check what concerns more than one field."""

from django import forms

from common.forms import NormalisedFormMixin

from .models import KIND_CHOICES, Activity, Member, MemberChild, PreMeeting, Request

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ChildForm(NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = MemberChild
        fields = ["name", "kana", "birth_date", "allergies", "health_notes", "school"]
        widgets = {"birth_date": DATE}


class _ChildrenMixin:
    def limit_children(self, children):
        """Only the requester's children, as tick boxes."""
        field = self.fields["children"]
        field.queryset = children
        field.widget = forms.CheckboxSelectMultiple()
        field.widget.choices = field.choices


class RequestForm(_ChildrenMixin, NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = Request
        fields = ["kind", "date", "start", "end", "children", "place", "recurrence", "notes"]
        widgets = {
            "date": DATE,
            "start": TIME,
            "end": TIME,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_children(children)


class MeetingForm(_ChildrenMixin, NormalisedFormMixin, forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label="援助の種類", choices=KIND_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = PreMeeting
        fields = ["held_on", "place", "attendees", "children", "kinds", "allergies", "agreed"]
        widgets = {"held_on": DATE, "agreed": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_children(children)


class ActivityForm(_ChildrenMixin, NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "date",
            "start",
            "end",
            "kind",
            "children",
            "done",
            "transport_km",
            "transport_yen",
            "meals_yen",
            "concerns",
            "reported_on",
            "cancelled_at",
            "cancelled_without_notice",
        ]
        widgets = {
            "date": DATE,
            "reported_on": DATE,
            "start": TIME,
            "end": TIME,
            "cancelled_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "done": forms.Textarea(attrs={"rows": 2}),
            "concerns": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_children(children)
        self.fields["transport_yen"].required = False
        self.fields["meals_yen"].required = False

    def clean(self):
        cleaned = super().clean()
        for name in ("transport_yen", "meals_yen"):
            cleaned[name] = cleaned.get(name) or 0
        if cleaned.get("cancelled_at") and cleaned.get("cancelled_without_notice"):
            self.add_error(
                "cancelled_without_notice", "連絡の日時と「連絡なし」は一緒に選べません。"
            )
        return cleaned


class UnarrangedActivityForm(ActivityForm):
    """An activity the members arranged between themselves: the helper is chosen here."""

    helper = forms.ModelChoiceField(label="提供会員", queryset=Member.objects.none())

    def __init__(self, *args, helpers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helper"].queryset = helpers
        self.fields["helper"].label_from_instance = lambda m: f"{m.number} {m.name}"
        self.order_fields(["helper"])


class ConfirmForm(NormalisedFormMixin, forms.Form):
    on = forms.DateField(label="確認日（署名入りの報告書を受け取った日）", widget=DATE)
    method = forms.ChoiceField(label="確認の方法", choices=Activity.Confirmation.choices)


class CloseRequestForm(NormalisedFormMixin, forms.Form):
    state = forms.ChoiceField(
        label="結果",
        choices=[
            (Request.State.CANCELLED, "取消（依頼会員から）"),
            (Request.State.UNMATCHED, "調整できず"),
        ],
    )
    note = forms.CharField(label="メモ", max_length=200, required=False)
