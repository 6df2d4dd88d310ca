"""Staff, their assignments, work experience and training."""

import re

from django.core.exceptions import ValidationError
from import_export import fields

from accounts.access import shared, within
from common.importing import (
    ImportOptions,
    JapaneseBooleanWidget,
    JapaneseDateWidget,
    LabelChoiceWidget,
    LookupWidget,
    column_field,
)
from common.japanese import normalize_text, parse_date

from ..models import (
    Assignment,
    HubService,
    Qualification,
    StaffMember,
    TrainingCourse,
    TrainingRecord,
    WorkExperience,
)
from .base import MunicipalityResource

_QUALIFICATION = re.compile(r"^(?P<label>[^()（）]+)(?:[(（](?P<date>[^)）]+)[)）])?$")


class StaffResource(MunicipalityResource):
    label = "職員"
    key_columns = ["職員番号"]
    required_columns = {"職員番号", "氏名", "ふりがな"}

    def __init__(self, municipality, **kwargs):
        super().__init__(municipality, **kwargs)
        self.fields = {
            "staff_number": column_field("職員番号", "staff_number"),
            "name": column_field("氏名", "name"),
            "kana": column_field("ふりがな", "kana"),
            "note": column_field("備考", "note"),
            "qualifications": fields.Field(column_name="資格", attribute=None, readonly=True),
        }
        self._labels = {
            normalize_text(str(label)): value for value, label in Qualification.Kind.choices
        }

    class Meta(ImportOptions):
        model = StaffMember
        import_id_fields = ["staff_number"]

    def get_queryset(self):
        return self.staff().prefetch_related("qualifications")

    def after_init_instance(self, instance, new, row, **kwargs):
        instance.municipality = self.municipality

    def parse_qualifications(self, text: str) -> list[tuple[str, object]]:
        """Read 「保育士（2005/3/31）、看護師」 into (kind, date) pairs."""
        result = []
        for part in re.split(r"[、,，;；]", normalize_text(text or "")):
            part = part.strip()
            if not part:
                continue
            match = _QUALIFICATION.match(part)
            kind = self._labels.get(match.group("label").strip()) if match else None
            if kind is None:
                raise ValidationError(
                    {
                        "qualifications": f"資格「{part}」は読めません。次の名前で入れてください: {'、'.join(self._labels)}"
                    }
                )
            obtained = None
            if match.group("date"):
                try:
                    obtained = parse_date(match.group("date"))
                except ValueError as e:
                    raise ValidationError({"qualifications": str(e)}) from None
            result.append((kind, obtained))
        return result

    def before_import_row(self, row, **kwargs):
        row["__qualifications"] = self.parse_qualifications(row.get("資格", ""))

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if instance.pk:
            have = {(q.kind, q.obtained_on) for q in instance.qualifications.all()}
            if have != set(row["__qualifications"]):
                return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        wanted = dict(row["__qualifications"])
        instance.qualifications.exclude(kind__in=wanted).delete()
        for kind, obtained in wanted.items():
            instance.qualifications.update_or_create(kind=kind, defaults={"obtained_on": obtained})

    def dehydrate_qualifications(self, staff):
        return "、".join(
            q.get_kind_display() + (f"（{q.obtained_on:%Y/%m/%d}）" if q.obtained_on else "")
            for q in staff.qualifications.all()
        )


class AssignmentResource(MunicipalityResource):
    label = "職員の配置"
    key_columns = ["職員番号", "拠点名", "事業", "配置開始日"]
    required_columns = {"職員番号", "拠点名", "職務", "配置開始日"}

    def __init__(self, municipality, **kwargs):
        super().__init__(municipality, **kwargs)
        self.fields = {
            "staff": column_field("職員番号", "staff", self.staff_widget()),
            "hub": column_field("拠点名", "hub", self.hub_widget()),
            "service": column_field("事業", "service", _ServiceWidget(self)),
            "role": column_field("職務", "role", LabelChoiceWidget(Assignment.Role.choices)),
            "dedicated": column_field(
                "専任・兼任", "dedicated", JapaneseBooleanWidget(["専任"], ["兼任"])
            ),
            "full_time": column_field(
                "常勤・非常勤", "full_time", JapaneseBooleanWidget(["常勤"], ["非常勤"])
            ),
            "started_on": column_field("配置開始日", "started_on", JapaneseDateWidget()),
            "ended_on": column_field("配置終了日", "ended_on", JapaneseDateWidget()),
        }

    class Meta(ImportOptions):
        model = Assignment
        import_id_fields = ["staff", "hub", "service", "started_on"]

    def get_queryset(self):
        return within(self.municipality, Assignment).select_related("staff", "hub", "service")


class _ServiceWidget(LabelChoiceWidget):
    """A service of the row's hub, by its kind's label; blank for the ひろば itself."""

    def __init__(self, resource):
        super().__init__(HubService.Kind.choices, allow_blank=True)
        self.resource = resource

    def clean(self, value, row=None, **kwargs):
        kind = super().clean(value, row, **kwargs)
        if not kind:
            return None
        hub = (
            self.resource.hubs().filter(name=normalize_text((row or {}).get("拠点名", ""))).first()
        )
        service = hub.services.filter(kind=kind).order_by("-started_on").first() if hub else None
        if service is None:
            raise ValueError(
                f"この拠点では「{value}」を実施していません。先に実施事業を登録してください。"
            )
        return service

    def render(self, value, obj=None, **kwargs):
        return value.get_kind_display() if value is not None else ""


class TrainingRecordResource(MunicipalityResource):
    label = "研修受講記録"
    key_columns = ["職員番号", "研修", "修了日"]
    required_columns = {"職員番号", "研修", "修了日"}

    def __init__(self, municipality, **kwargs):
        super().__init__(municipality, **kwargs)

        def courses():
            return within(municipality, TrainingCourse) | shared(TrainingCourse)

        self.fields = {
            "staff": column_field("職員番号", "staff", self.staff_widget()),
            "course": column_field("研修", "course", _CourseWidget(courses)),
            "completed_on": column_field("修了日", "completed_on", JapaneseDateWidget()),
            "hours": column_field("時間数", "hours", fields.widgets.DecimalWidget()),
            "certificate_number": column_field("修了証番号", "certificate_number"),
        }

    class Meta(ImportOptions):
        model = TrainingRecord
        import_id_fields = ["staff", "course", "completed_on"]

    def get_queryset(self):
        return within(self.municipality, TrainingRecord).select_related("staff", "course")


class _CourseWidget(LookupWidget):
    """A course by its code or its full name."""

    def __init__(self, queryset_factory):
        super().__init__(
            queryset_factory, "name", "研修「{value}」が登録されていません。", list_choices=True
        )

    def candidates(self, obj) -> list[str]:
        return [obj.code, obj.name]


class ExperienceResource(MunicipalityResource):
    """職歴: the 利用者支援 rules count 相談・コーディネート work (seed 003)."""

    label = "職歴"
    key_columns = ["職員番号", "勤務先", "開始日"]
    required_columns = {"職員番号", "勤務先", "業務内容", "開始日"}

    def __init__(self, municipality, **kwargs):
        super().__init__(municipality, **kwargs)
        self.fields = {
            "staff": column_field("職員番号", "staff", self.staff_widget()),
            "organisation": column_field("勤務先", "organisation"),
            "kind_of_work": column_field("業務内容", "kind_of_work"),
            "started_on": column_field("開始日", "started_on", JapaneseDateWidget()),
            "ended_on": column_field("終了日", "ended_on", JapaneseDateWidget()),
            "counts_as_consultation": column_field(
                "相談・コーディネート業務",
                "counts_as_consultation",
                JapaneseBooleanWidget(["該当", "○", "はい"], ["", "×", "いいえ", "非該当"]),
            ),
        }

    class Meta(ImportOptions):
        model = WorkExperience
        import_id_fields = ["staff", "organisation", "started_on"]

    def get_queryset(self):
        return within(self.municipality, WorkExperience).select_related("staff")
