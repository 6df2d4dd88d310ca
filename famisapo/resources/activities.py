"""Activity reports of past months, priced by the centre's schedule of their day."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from import_export import fields

from accounts.access import within
from common.importing import (
    CountWidget,
    ImportOptions,
    JapaneseBooleanWidget,
    JapaneseDateWidget,
    LabelChoiceWidget,
    TimeWidget,
    column_field,
)
from common.japanese import normalize_text
from common.services import ServiceError

from ..models import KIND_CHOICES, Activity
from ..selectors import status_on
from ..services_activities import ActivityData, is_closed, price
from .base import ERR_FUTURE, CentreResource, DecimalWidget

_FEE_FIELDS = {"依頼会員の支払": "requester_pays", "市町村の負担": "city_pays"}

ERR_CHILD = "依頼会員 {member} に「{name}」という子どもが登録されていません。先に子どもを取り込んでください。"
ERR_NO_CHILD = "子どもの氏名を一人以上入れてください（読点「、」区切り）。"
ERR_FEE_DIFFERS = (
    "料金表では{computed:,}円ですが、ファイルは{given:,}円です。料金表か金額を確かめてください。"
)


class ActivityResource(CentreResource):
    label = "援助活動"
    key_columns = ["依頼会員の会員番号", "提供会員の会員番号", "日付", "開始"]
    required_columns = {
        "依頼会員の会員番号",
        "提供会員の会員番号",
        "子ども",
        "援助の種類",
        "日付",
        "開始",
        "終了",
        "援助の内容",
    }

    def __init__(self, centre, actor=None, **kwargs):
        super().__init__(centre, actor, **kwargs)
        count = CountWidget
        self.fields = {
            "requester": column_field("依頼会員の会員番号", "requester", self.member_widget()),
            "helper": column_field("提供会員の会員番号", "helper", self.member_widget()),
            "children": fields.Field(column_name="子ども", attribute=None, readonly=True),
            "kind": column_field("援助の種類", "kind", LabelChoiceWidget(KIND_CHOICES)),
            "date": column_field("日付", "date", JapaneseDateWidget()),
            "start": column_field("開始", "start", TimeWidget()),
            "end": column_field("終了", "end", TimeWidget()),
            "done": column_field("援助の内容", "done"),
            "transport_km": column_field("送迎の距離(km)", "transport_km", DecimalWidget()),
            "transport_yen": column_field("交通費(実費)", "transport_yen", count()),
            "meals_yen": column_field("食事・おやつ(実費)", "meals_yen", count()),
            "arranged": column_field(
                "センターの調整",
                "arranged",
                JapaneseBooleanWidget(["調整あり", "あり", ""], ["調整なし", "なし"]),
            ),
            "reported_on": column_field("報告書の受付日", "reported_on", JapaneseDateWidget()),
            "confirmed_on": column_field("依頼会員の確認日", "confirmed_on", JapaneseDateWidget()),
            "requester_pays": fields.Field(
                column_name="依頼会員の支払", attribute=None, readonly=True
            ),
            "city_pays": fields.Field(column_name="市町村の負担", attribute=None, readonly=True),
            "concerns": column_field("気になったこと", "concerns"),
        }

    class Meta(ImportOptions):
        model = Activity
        import_id_fields = ["requester", "helper", "date", "start"]

    disposed_rows = Q(requester__disposed_on__isnull=False) | Q(helper__disposed_on__isnull=False)

    def get_queryset(self):
        return (
            within(self.centre, Activity)
            .select_related("requester", "helper")
            .prefetch_related("children")
            .order_by("date", "start", "id")
        )

    def exported_members(self):
        return self.members().filter(activities_as_requester__isnull=False).distinct()

    def before_import_row(self, row, **kwargs):
        names = [
            normalize_text(n)
            for n in normalize_text(row.get("子ども", "")).replace(",", "、").split("、")
        ]
        row["__children"] = [n for n in names if n]
        for column in ("依頼会員の支払", "市町村の負担"):
            try:
                row[f"__{column}"] = CountWidget().clean(row[column]) if row.get(column) else None
            except ValueError as error:
                raise ValidationError({_FEE_FIELDS[column]: str(error)}) from None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if instance.pk:
            have = sorted(c.name for c in instance.children.all())
            if have != sorted(row["__children"]):
                return False
            for column, attr in (
                ("依頼会員の支払", "requester_pays"),
                ("市町村の負担", "city_pays"),
            ):
                given = row[f"__{column}"]
                if given is not None and given != getattr(instance, attr):
                    return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        row = instance._import_row
        if instance.reported_on is None and instance.date:
            instance.reported_on = instance.date
        if instance.confirmed_on and not instance.confirmation:
            instance.confirmation = Activity.Confirmation.PAPER
        needed = (
            instance.requester_id,
            instance.helper_id,
            instance.date,
            instance.start,
            instance.end,
        )
        if not errors and all(v is not None for v in needed):
            errors.update(self._check(instance, row))
        super().validate_instance(instance, errors, validate_unique)

    def _check(self, instance, row) -> dict:
        """The rules of an activity report; on success, the fee is set on `instance`."""
        if instance.date > timezone.localdate():
            return {"date": ERR_FUTURE}
        if is_closed(self.centre, instance.date):
            return {
                "date": f"{instance.date:%Y年%m月}は締めてあります。締めた月の活動は取り込めません。"
            }
        errors = {}
        for attr, helps, who in (("requester", False, "依頼会員"), ("helper", True, "提供会員")):
            member = getattr(instance, attr)
            if not (member.helps if helps else member.requests_help):
                errors[attr] = f"{member.number} は{who}・両方会員ではありません。"
            elif status_on(list(member.status_changes.all()), instance.date) != "active":
                errors[attr] = f"{member.number} はこの日、活動中ではありません（休会・退会）。"
        if not row["__children"]:
            errors["children"] = ERR_NO_CHILD
        else:
            by_name = {normalize_text(c.name): c for c in instance.requester.children.all()}
            missing = [n for n in row["__children"] if n not in by_name]
            if missing:
                errors["children"] = ERR_CHILD.format(
                    member=instance.requester.number, name="、".join(missing)
                )
            row["__child_objects"] = [by_name.get(n) for n in row["__children"]]
        if errors:
            return errors
        data = ActivityData(
            requester=instance.requester,
            helper=instance.helper,
            children=row["__child_objects"],
            kind=instance.kind,
            date=instance.date,
            start=instance.start,
            end=instance.end,
            done=instance.done,
            reported_on=instance.reported_on,
            transport_km=instance.transport_km,
            transport_yen=instance.transport_yen or 0,
            meals_yen=instance.meals_yen or 0,
        )
        try:
            fee = price(self.centre, data)
        except ServiceError as error:
            return {"requester_pays": str(error)}
        for column, attr, computed in (
            ("依頼会員の支払", "requester_pays", fee.requester_pays),
            ("市町村の負担", "city_pays", fee.city_pays),
        ):
            given = row[f"__{column}"]
            if given is not None and given != computed:
                errors[attr] = ERR_FEE_DIFFERS.format(computed=computed, given=given)
        instance.requester_pays, instance.city_pays = fee.requester_pays, fee.city_pays
        instance.fee_lines = [line.as_dict() for line in fee.lines]
        return errors

    def after_save_instance(self, instance, row, **kwargs):
        instance.children.set(row["__child_objects"])
        self.audit(instance.requester, instance, instance._import_new)

    def dehydrate_children(self, activity):
        return "、".join(c.name for c in activity.children.all())

    def dehydrate_requester_pays(self, activity):
        return activity.requester_pays

    def dehydrate_city_pays(self, activity):
        return activity.city_pays
