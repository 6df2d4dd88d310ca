"""Forms of the municipality's own registers: 関係機関, 苦情・要望, 保存年限 and the 漏えい等報告."""

from django import forms

from common.forms import NormalisedFormMixin

from .forms import VersionedForm, date_input, is_before, text_input
from .models import Agency, Complaint, RetentionRule


class AgencyForm(NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["kind", "name", "phone", "bound_by_secrecy", "active"]


class ComplaintForm(NormalisedFormMixin, VersionedForm):
    class Meta:
        model = Complaint
        fields = [
            "kind",
            "received_on",
            "channel",
            "hub",
            "content",
            "receiver",
            "resolver",
            "third_party",
            "response",
            "closed_on",
        ]
        widgets = {
            "received_on": date_input(),
            "closed_on": date_input(),
            "content": text_input(4),
            "response": text_input(4),
        }

    def __init__(self, *args, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("closed_on") and not cleaned.get("response"):
            self.add_error("response", "完了にするときは対応の内容を入力してください。")
        if is_before(cleaned, "closed_on", "received_on"):
            self.add_error("closed_on", "完了日は受付日より後にしてください。")
        return cleaned


class RetentionRuleForm(NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = RetentionRule
        fields = ["record_type", "basis", "years", "authority"]


class BreachReportForm(NormalisedFormMixin, forms.Form):
    username = forms.CharField(label="アカウント（ユーザー名）", max_length=150)
    since = forms.DateField(label="期間の始め", widget=date_input())
    until = forms.DateField(label="期間の終わり", widget=date_input())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("since") and cleaned.get("until") and cleaned["until"] < cleaned["since"]:
            self.add_error("until", "期間の終わりは始めより後にしてください。")
        return cleaned
