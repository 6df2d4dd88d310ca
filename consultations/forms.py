import datetime as dt

from django import forms
from django.utils import timezone

from accounts.access import within
from common.forms import JapaneseDateField, NormalisedFormMixin
from families.forms import SameFamilyMixin

from .models import (
    Agency,
    CaseConference,
    Child,
    Consent,
    Consideration,
    Consultation,
    Household,
    Referral,
    RegisterEntry,
    SupportEntry,
    SupportPlan,
    Topic,
)


def is_before(cleaned: dict, later: str, earlier: str) -> bool:
    """True when both dates are given and `later` comes before `earlier`."""
    a, b = cleaned.get(later), cleaned.get(earlier)
    return bool(a and b and a < b)


def _not_after(cleaned: dict, later: str, earlier: str) -> bool:
    a, b = cleaned.get(later), cleaned.get(earlier)
    return bool(a and b and a <= b)


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _datetime():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def text_input(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class FamilySearchForm(NormalisedFormMixin, forms.Form):
    kana = forms.CharField(label="ふりがな（姓・名の一部）", max_length=50, required=False)
    birth_date = JapaneseDateField(label="生年月日（子ども・保護者）", required=False)
    phone = forms.CharField(label="電話番号", max_length=20, required=False)

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(k) for k in ("kana", "birth_date", "phone")):
            raise forms.ValidationError("ふりがな・生年月日・電話番号のどれかを入力してください。")
        return cleaned


class MunicipalFamilySearchForm(FamilySearchForm):
    purpose = forms.CharField(
        label="検索の目的（利用目的）",
        max_length=200,
        help_text="監査ログに残ります。例：児童相談所からの照会への対応",
    )


class HouseholdForm(SameFamilyMixin, NormalisedFormMixin, forms.Form):
    family_name = forms.CharField(label="世帯の姓", max_length=50)
    family_name_kana = forms.CharField(label="世帯の姓（ふりがな）", max_length=50)
    phone = forms.CharField(label="電話番号", max_length=20, required=False)
    address_area = forms.CharField(label="住所（地区）", max_length=100, required=False)
    language = forms.CharField(label="家庭で使う言語", max_length=50, initial="日本語")
    considerations = forms.MultipleChoiceField(
        label="配慮が必要な事項",
        choices=Consideration.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consideration_note = forms.CharField(label="配慮の内容", required=False, widget=text_input(2))
    guardian_name = forms.CharField(label="保護者の氏名", max_length=100)
    guardian_kana = forms.CharField(label="保護者のふりがな", max_length=100)
    guardian_relationship = forms.CharField(label="続柄", max_length=20, initial="母")
    guardian_birth_date = JapaneseDateField(label="保護者の生年月日", required=False)
    child_name = forms.CharField(label="子どもの氏名", max_length=100, required=False)
    child_kana = forms.CharField(label="子どものふりがな", max_length=100, required=False)
    child_birth_date = JapaneseDateField(label="子どもの生年月日", required=False)
    child_due_date = JapaneseDateField(label="出産予定日（妊娠中のとき）", required=False)

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("child_name") or cleaned.get("child_kana")) and not (
            cleaned.get("child_birth_date") or cleaned.get("child_due_date")
        ):
            self.add_error("child_birth_date", "子どもの生年月日か出産予定日を入力してください。")
        if cleaned.get("child_birth_date") and cleaned["child_birth_date"] > timezone.localdate():
            self.add_error("child_birth_date", "未来の生年月日は入力できません。")
        return cleaned

    def household_data(self) -> dict:
        keys = ["family_name", "family_name_kana", "phone", "address_area", "language"]
        data = {k: self.cleaned_data[k] for k in keys}
        data["considerations"] = self.cleaned_data["considerations"]
        data["consideration_note"] = self.cleaned_data["consideration_note"]
        return data

    def guardians(self) -> list[dict]:
        c = self.cleaned_data
        return [
            {
                "name": c["guardian_name"],
                "kana": c["guardian_kana"],
                "relationship": c["guardian_relationship"],
                "birth_date": c["guardian_birth_date"],
                "phone": c["phone"],
            }
        ]

    def children(self) -> list[dict]:
        c = self.cleaned_data
        if not (c.get("child_birth_date") or c.get("child_due_date")):
            return []
        return [
            {
                "name": c["child_name"],
                "kana": c["child_kana"],
                "birth_date": c["child_birth_date"],
                "due_date": c["child_due_date"] if not c["child_birth_date"] else None,
            }
        ]


class ConsentForm(NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = Consent
        fields = [
            "given_by",
            "method",
            "given_on",
            "valid_until",
            "covers_records",
            "covers_reading",
            "covers_sharing",
            "agencies",
        ]
        widgets = {
            "given_on": date_input(),
            "valid_until": date_input(),
            "agencies": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = within(municipality, Agency).filter(active=True)
        self.fields["given_on"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(k) for k in ("covers_records", "covers_reading", "covers_sharing")):
            raise forms.ValidationError("承諾の範囲を一つ以上選んでください。")
        if cleaned.get("agencies") and not cleaned.get("covers_sharing"):
            self.add_error(
                "covers_sharing", "関係機関を選ぶときは「関係機関との共有」も選んでください。"
            )
        if is_before(cleaned, "valid_until", "given_on"):
            self.add_error("valid_until", "有効期限は承諾日より後にしてください。")
        return cleaned


class ConsentWithdrawForm(NormalisedFormMixin, forms.Form):
    withdrawn_on = forms.DateField(label="撤回日", widget=date_input())
    note = forms.CharField(label="撤回の内容", max_length=200, required=False)


class VersionedForm(forms.ModelForm):
    """Carries the version the editor opened, for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def record_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ConsultationForm(NormalisedFormMixin, VersionedForm):
    topics = forms.ModelMultipleChoiceField(
        label="相談内容",
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Consultation
        fields = [
            "held_at",
            "service",
            "channel",
            "minutes",
            "topics",
            "situation",
            "request",
            "wishes",
            "direction",
            "follow_up_on",
            "abuse_suspected",
        ]
        widgets = {
            "held_at": _datetime(),
            "follow_up_on": date_input(),
            "situation": text_input(),
            "request": text_input(),
            "wishes": text_input(2),
            "direction": text_input(2),
        }
        help_texts = {
            "abuse_suspected": "付けると市町村の担当者にすぐ通知され、児童相談所か福祉事務所へのつなぎの記録が必要になります。"
        }

    def __init__(self, *args, anonymous: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if anonymous:
            for name in (
                "situation",
                "request",
                "wishes",
                "direction",
                "follow_up_on",
                "abuse_suspected",
            ):
                del self.fields[name]
        if not self.instance.pk:
            self.fields["held_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean_held_at(self):
        held_at = self.cleaned_data["held_at"]
        if held_at > timezone.now() + dt.timedelta(minutes=5):
            raise forms.ValidationError("未来の日時には記録できません。")
        return held_at

    def record_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("topics", "version")}


class SupportEntryForm(NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = SupportEntry
        fields = ["written_on", "progress", "view"]
        widgets = {"written_on": date_input(), "progress": text_input(4), "view": text_input(3)}


class ConferenceForm(NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = CaseConference
        fields = [
            "held_at",
            "place",
            "participants",
            "wishes",
            "state_and_problems",
            "goals",
            "concrete_support",
            "roles",
            "next_on",
        ]
        widgets = {
            "held_at": _datetime(),
            "next_on": date_input(),
            "participants": text_input(4),
            "wishes": text_input(2),
            "state_and_problems": text_input(4),
            "goals": text_input(2),
            "concrete_support": text_input(3),
            "roles": text_input(3),
        }


class PlanForm(NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = SupportPlan
        fields = ["made_on", "goals", "support", "review_on"]
        widgets = {
            "made_on": date_input(),
            "review_on": date_input(),
            "goals": text_input(3),
            "support": text_input(4),
        }

    def clean(self):
        cleaned = super().clean()
        if _not_after(cleaned, "review_on", "made_on"):
            self.add_error("review_on", "見直しの予定日は作成日より後にしてください。")
        return cleaned


class RegisterEntryForm(NormalisedFormMixin, forms.ModelForm):
    class Meta:
        model = RegisterEntry
        fields = ["mother", "registered_on", "due_date", "child_birth_date", "situation", "risk"]
        widgets = {
            "registered_on": date_input(),
            "due_date": date_input(),
            "child_birth_date": date_input(),
            "situation": text_input(3),
        }

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mother"].queryset = household.guardians.all()
        self.fields["registered_on"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("due_date") or cleaned.get("child_birth_date")):
            raise forms.ValidationError("出産予定日か出生日を入力してください。")
        return cleaned


class ReferralForm(NormalisedFormMixin, forms.ModelForm):
    share = forms.BooleanField(
        label="相談記録をこの機関と共有する",
        required=False,
        help_text="世帯がこの機関との共有を承諾していることが必要です。",
    )
    override_reason = forms.CharField(
        label="承諾なしで共有する理由",
        max_length=300,
        required=False,
        help_text="子どもの安全のためなど、承諾を得られないまま共有するときだけ。権限のある職員のみ。",
    )

    class Meta:
        model = Referral
        fields = ["agency", "referred_on", "content", "status", "follow_up_on"]
        widgets = {
            "referred_on": date_input(),
            "follow_up_on": date_input(),
            "content": text_input(3),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = within(municipality, Agency).filter(active=True)
        self.fields["referred_on"].initial = timezone.localdate()

    def record_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("share", "override_reason")}


class ReferralUpdateForm(NormalisedFormMixin, VersionedForm):
    class Meta:
        model = Referral
        fields = ["status", "follow_up_on"]
        widgets = {"follow_up_on": date_input()}


class PurposeForm(NormalisedFormMixin, forms.Form):
    purpose = forms.CharField(
        label="閲覧の目的（利用目的）",
        max_length=200,
        help_text="監査ログに残ります。例：ケース会議の準備、関係機関からの照会への対応",
    )
    override = forms.BooleanField(
        label="閲覧の承諾がないことを確認したうえで閲覧する",
        required=False,
    )


class LegalHoldForm(NormalisedFormMixin, forms.Form):
    hold = forms.BooleanField(label="廃棄を止める", required=False)
    reason = forms.CharField(label="理由", max_length=200, required=False)


class HouseholdEditForm(NormalisedFormMixin, VersionedForm):
    class Meta:
        model = Household
        fields = [
            "family_name",
            "family_name_kana",
            "phone",
            "address_area",
            "language",
            "considerations",
            "consideration_note",
            "yotaikyo_case",
        ]
        widgets = {"consideration_note": text_input(2)}

    considerations = forms.MultipleChoiceField(
        label="配慮が必要な事項",
        choices=Consideration.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, case_worker: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not case_worker:
            # Whether 要対協 handles the case is for the case workers to say.
            del self.fields["yotaikyo_case"]


class PersonForm(NormalisedFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="追加する人", choices=[("child", "子ども（出産予定を含む）"), ("guardian", "保護者")]
    )
    name = forms.CharField(label="氏名", max_length=100, required=False)
    kana = forms.CharField(label="ふりがな", max_length=100, required=False)
    relationship = forms.CharField(label="続柄（保護者）", max_length=20, required=False)
    birth_date = JapaneseDateField(label="生年月日", required=False)
    due_date = JapaneseDateField(label="出産予定日（妊娠中のとき）", required=False)
    phone = forms.CharField(label="電話番号（保護者）", max_length=20, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == "guardian" and not (cleaned.get("name") and cleaned.get("kana")):
            raise forms.ValidationError("保護者の氏名とふりがなを入力してください。")
        if cleaned.get("birth_date") and cleaned["birth_date"] > timezone.localdate():
            self.add_error("birth_date", "未来の生年月日は入力できません。")
        return cleaned


class ChildForm(NormalisedFormMixin, forms.ModelForm):
    birth_date = JapaneseDateField(label="生年月日", required=False)
    due_date = JapaneseDateField(label="出産予定日", required=False)

    class Meta:
        model = Child
        fields = ["name", "kana", "birth_date", "due_date"]


class PlanReviewForm(NormalisedFormMixin, VersionedForm):
    class Meta:
        model = SupportPlan
        fields = ["reviewed_on", "review_note", "review_on"]
        widgets = {
            "reviewed_on": date_input(),
            "review_on": date_input(),
            "review_note": text_input(3),
        }
        labels = {"review_on": "次の見直しの予定日"}

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("reviewed_on"):
            self.add_error("reviewed_on", "見直しをした日を入力してください。")
        if _not_after(cleaned, "review_on", "reviewed_on"):
            self.add_error("review_on", "次の見直しの予定日は見直しをした日より後にしてください。")
        return cleaned
