"""Members, their children and the helpers' training records."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from import_export import fields, widgets

from accounts.access import within
from common.importing import ImportOptions, JapaneseDateWidget, LabelChoiceWidget, column_field
from common.japanese import normalize_kana, normalize_text
from families import registry

from ..forms import TrainingForm
from ..models import (
    HelperProfile,
    Member,
    MemberChild,
    MemberKind,
    MemberStatus,
    StatusChange,
    SubjectKind,
    TrainingRecord,
)
from ..selectors import curricula, status_on
from ..services import default_valid_until
from .base import ERR_FUTURE, CentreResource, DecimalWidget, number_key

ERR_NOT_HELPER = "提供会員・両方会員の受講記録ではありません（会員の種類を確かめてください）。"
ERR_LEFT_BEFORE = "退会日が登録日より前です。"
ERR_DISPOSED = "この会員番号の記録は保存年限を過ぎて廃棄されています。取り込めません。"
ERR_KIND_CHANGE = (
    "会員の種類は取込では変えられません（{old} → {new}）。画面で登録し直してください。"
)


class SubjectWidget(widgets.CharWidget):
    """A subject of the centre's curricula written as the curriculum writes it (「（再受講）」
    typed with half-width brackets is the same subject); any other name is kept as given."""

    def __init__(self, centre, **kwargs):
        super().__init__(**kwargs)
        names = [s.name for c in curricula(centre) for s in c.subjects.all()]
        self.names = {normalize_text(n): n for n in [*names, *TrainingForm.REFRESHERS]}

    def clean(self, value, row=None, **kwargs):
        text = normalize_text(value or "")
        return self.names.get(text, text)


class MemberResource(CentreResource):
    label = "会員"
    key_columns = ["会員番号"]
    required_columns = {
        "会員番号",
        "会員の種類",
        "氏名",
        "ふりがな",
        "電話番号",
        "住所(町丁目)",
        "登録日",
    }

    def __init__(self, centre, actor=None, **kwargs):
        super().__init__(centre, actor, **kwargs)
        kinds = list(MemberKind.choices) + [(k, centre.kind_label(k)) for k in MemberKind.values]
        date = JapaneseDateWidget
        self.fields = {
            "number": column_field("会員番号", "number"),
            "kind": column_field("会員の種類", "kind", LabelChoiceWidget(kinds)),
            "name": column_field("氏名", "name"),
            "kana": column_field("ふりがな", "kana"),
            "birth_date": column_field("生年月日", "birth_date", date()),
            "phone": column_field("電話番号", "phone"),
            "address_area": column_field("住所(町丁目)", "address_area"),
            "school_district": column_field("学区", "school_district"),
            "info_session_on": column_field("説明会の参加日", "info_session_on", date()),
            "interviewed_on": column_field("面談日", "interviewed_on", date()),
            "id_checked_on": column_field("本人確認の日", "id_checked_on", date()),
            "registered_on": column_field("登録日", "registered_on", date()),
            "valid_until": column_field("登録の有効期限", "valid_until", date()),
            "reduction": column_field("利用料の減免", "reduction"),
            "note": column_field("メモ", "note"),
            "left_on": fields.Field(column_name="退会日", attribute=None, readonly=True),
        }

    class Meta(ImportOptions):
        model = Member
        import_id_fields = ["number"]

    def get_queryset(self):
        return self.members().prefetch_related("status_changes").order_by("number")

    def get_instance(self, instance_loader, row):
        """An existing member by number (0012 found from 12); a new plain number gets its zeros
        back (12 → 0012), like the numbers the centre gives on the screen."""
        number = normalize_text(row.get("会員番号", ""))
        if self._by_number is None:
            self._by_number = {number_key(m.number): m.number for m in self.members()}
        if number_key(number) in self._by_number:
            row["会員番号"] = self._by_number[number_key(number)]
        elif number.isdigit():
            row["会員番号"] = number.zfill(4)
        return super().get_instance(instance_loader, row)

    _by_number: dict | None = None

    def before_import_row(self, row, **kwargs):
        text = row.get("退会日", "")
        try:
            row["__left_on"] = JapaneseDateWidget().clean(text) if text else None
        except ValueError as error:
            raise ValidationError({"left_on": str(error)}) from None

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        instance._import_old_kind = None if new else instance.kind

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.kana = normalize_kana(instance.kana)
        if instance.registered_on and instance.valid_until is None and instance.pk is None:
            instance.valid_until = default_valid_until(self.centre, instance.registered_on)
        # A new 依頼会員's household joins the municipality's register (the one matching row, or
        # a new one; a file with errors is rolled back with it); an existing member keeps the row
        # it has, so a re-import changes nothing.
        if instance.pk is None and instance.requests_help:
            instance.family = registry.matched_or_new(
                self.centre.municipality,
                family_name=instance.name,
                kana=row.get("ふりがな", "") or instance.kana,
                phone=instance.phone,
            )

    def _left_on(self, member):
        changes = list(member.status_changes.all()) if member.pk else []
        left = [c.on for c in changes if c.status == MemberStatus.LEFT]
        return max(left) if left and status_on(changes, dt.date.max) == MemberStatus.LEFT else None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if instance.pk and self._left_on(instance) != row["__left_on"]:
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.disposed_on is not None:
            raise ValidationError({"number": ERR_DISPOSED})
        old = instance._import_old_kind
        if old and instance.kind and old != instance.kind:
            errors["kind"] = ERR_KIND_CHANGE.format(
                old=MemberKind(old).label, new=MemberKind(instance.kind).label
            )
        earlier = [d for d in (instance.info_session_on, instance.interviewed_on) if d]
        if instance.registered_on and earlier and instance.registered_on < max(earlier):
            errors.setdefault("registered_on", "登録日は説明会・面談の日より後にしてください。")
        if instance.registered_on and instance.registered_on > timezone.localdate():
            errors.setdefault("registered_on", ERR_FUTURE)
        left_on = instance._import_row["__left_on"]
        if left_on and instance.registered_on and left_on < instance.registered_on:
            errors.setdefault("left_on", ERR_LEFT_BEFORE)
        if left_on and left_on > timezone.localdate():
            errors.setdefault("left_on", ERR_FUTURE)
        super().validate_instance(instance, errors, validate_unique)

    def after_save_instance(self, instance, row, **kwargs):
        new = instance._import_new
        user = self.actor.user if self.actor else None
        if new:
            StatusChange.objects.create(
                member=instance,
                on=instance.registered_on,
                status=MemberStatus.ACTIVE,
                reason="登録（取込）",
                recorded_by=user,
            )
            if instance.helps:
                HelperProfile.objects.create(member=instance)
        left_on = row["__left_on"]
        if left_on and left_on != self._left_on(instance):
            StatusChange.objects.create(
                member=instance,
                on=left_on,
                status=MemberStatus.LEFT,
                reason="退会（取込）",
                recorded_by=user,
            )
        self.audit(instance, instance, new)

    def dehydrate_left_on(self, member):
        left = self._left_on(member)
        return left.strftime("%Y/%m/%d") if left else ""


class ChildResource(CentreResource):
    label = "依頼会員の子ども"
    key_columns = ["依頼会員の会員番号", "氏名"]
    required_columns = {"依頼会員の会員番号", "氏名", "生年月日"}

    def __init__(self, centre, actor=None, **kwargs):
        super().__init__(centre, actor, **kwargs)
        self.fields = {
            "member": column_field("依頼会員の会員番号", "member", self.member_widget()),
            "name": column_field("氏名", "name"),
            "kana": column_field("ふりがな", "kana"),
            "birth_date": column_field("生年月日", "birth_date", JapaneseDateWidget()),
            "allergies": column_field("アレルギー", "allergies"),
            "health_notes": column_field("健康上の注意", "health_notes"),
            "school": column_field("保育施設・学校", "school"),
        }

    class Meta(ImportOptions):
        model = MemberChild
        import_id_fields = ["member", "name"]

    disposed_rows = Q(member__disposed_on__isnull=False)

    def get_queryset(self):
        return within(self.centre, MemberChild).select_related("member").order_by("member__number")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        member = getattr(instance, "member", None) if instance.member_id else None
        if member is not None and not member.requests_help:
            errors["member"] = "依頼会員・両方会員ではありません。"
        if instance.birth_date and instance.birth_date > timezone.localdate():
            errors.setdefault("birth_date", ERR_FUTURE)
        instance.kana = normalize_kana(instance.kana)
        super().validate_instance(instance, errors, validate_unique)

    def after_save_instance(self, instance, row, **kwargs):
        self.audit(instance.member, instance, instance._import_new)


class TrainingResource(CentreResource):
    label = "提供会員の受講記録"
    key_columns = ["会員番号", "科目", "受講日"]
    required_columns = {"会員番号", "科目", "区分", "時間数", "受講日"}

    def __init__(self, centre, actor=None, **kwargs):
        super().__init__(centre, actor, **kwargs)
        self.fields = {
            "member": column_field("会員番号", "member", self.member_widget()),
            "subject": column_field("科目", "subject", SubjectWidget(centre)),
            "kind": column_field("区分", "kind", LabelChoiceWidget(SubjectKind.choices)),
            "hours": column_field("時間数", "hours", DecimalWidget()),
            "taken_on": column_field("受講日", "taken_on", JapaneseDateWidget()),
            "run_by": column_field("講師・実施機関", "run_by"),
        }

    class Meta(ImportOptions):
        model = TrainingRecord
        import_id_fields = ["member", "subject", "taken_on"]

    disposed_rows = Q(member__disposed_on__isnull=False)

    def get_queryset(self):
        return (
            within(self.centre, TrainingRecord)
            .select_related("member")
            .order_by("member__number", "taken_on", "subject")
        )

    def exported_members(self):
        return self.members().filter(training_records__isnull=False).distinct()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.member_id and not instance.member.helps:
            errors["member"] = ERR_NOT_HELPER
        if instance.taken_on and instance.taken_on > timezone.localdate():
            errors.setdefault("taken_on", ERR_FUTURE)
        super().validate_instance(instance, errors, validate_unique)

    def after_save_instance(self, instance, row, **kwargs):
        self.audit(instance.member, instance, instance._import_new)
