"""Import and export of hub master data and usage, one municipality at a time.

Column names are the Japanese headers officers use; every resource is scoped to the municipality
it was built for, so a row can neither read nor touch another municipality's data.
"""

import re

from django.core.exceptions import ValidationError
from django.db.models import Q
from import_export import fields, resources

from common.importing import (
    CountWidget,
    ImportOptions,
    JapaneseBooleanWidget,
    JapaneseDateWidget,
    LabelChoiceWidget,
    LookupWidget,
    TimeWidget,
    column_field,
)
from common.japanese import normalize_text, parse_date
from common.models import field_label
from orgs.models import Operator, Ward

from .models import (
    Assignment,
    ClosurePeriod,
    DailyUsage,
    Hub,
    HubService,
    OpeningHours,
    OpeningSchedule,
    Qualification,
    StaffMember,
    TrainingCourse,
    TrainingRecord,
    WorkExperience,
)
from .models.schedules import WEEKDAYS

HUB_NOT_FOUND = "この市町村に「{value}」という拠点はありません。先に拠点を登録してください。"
STAFF_NOT_FOUND = "職員番号「{value}」の職員がいません。先に職員を登録してください。"


class MunicipalityResource(resources.ModelResource):
    """Base: rows belong to `self.municipality`; the queryset never leaves it."""

    key_columns: list[str] = []
    required_columns: set[str] = set()
    label = ""

    def __init__(self, municipality, **kwargs):
        super().__init__(**kwargs)
        self.municipality = municipality

    def get_instance(self, instance_loader, row):
        # A bad value in a key column must read as that column's error, like any other.
        errors = {}
        for name in self._meta.import_id_fields:
            field = self.fields[name]
            row.setdefault(field.column_name, "")
            try:
                field.clean(row)
            except ValueError as e:
                errors[name] = str(e)
        if errors:
            raise ValidationError(errors)
        return super().get_instance(instance_loader, row)

    def hubs(self):
        return Hub.objects.filter(municipality=self.municipality)

    def staff(self):
        return StaffMember.objects.filter(municipality=self.municipality)

    def hub_widget(self):
        return LookupWidget(self.hubs, "name", HUB_NOT_FOUND)

    def staff_widget(self):
        return LookupWidget(self.staff, "staff_number", STAFF_NOT_FOUND)


class HubResource(MunicipalityResource):
    label = "拠点"
    key_columns = ["拠点名"]
    required_columns = {"拠点名", "類型", "実施形態", "実施場所"}

    def __init__(self, municipality, **kwargs):
        super().__init__(municipality, **kwargs)
        self.fields = {
            "name": column_field("拠点名", "name"),
            "kana": column_field("よみ", "kana"),
            "ward": column_field(
                "区コード",
                "ward",
                LookupWidget(
                    lambda: Ward.objects.filter(municipality=municipality),
                    "code",
                    "区コード「{value}」はこの市の区にありません。",
                ),
            ),
            "operator": column_field(
                "運営主体",
                "operator",
                LookupWidget(
                    Operator.objects.all,
                    "name",
                    "運営主体「{value}」が登録されていません（管理サイトで登録してください）。",
                ),
            ),
            "management": column_field(
                "実施形態", "management", LabelChoiceWidget(Hub.Management.choices)
            ),
            "hub_type": column_field("類型", "hub_type", LabelChoiceWidget(Hub.HubType.choices)),
            "premises": column_field(
                "実施場所", "premises", LabelChoiceWidget(Hub.Premises.choices)
            ),
            "address": column_field("所在地", "address"),
            "phone": column_field("電話番号", "phone"),
            "capacity_groups": column_field(
                "受入可能組数", "capacity_groups", fields.widgets.IntegerWidget()
            ),
            "opened_on": column_field("開設日", "opened_on", JapaneseDateWidget()),
            "closed_on": column_field("廃止日", "closed_on", JapaneseDateWidget()),
        }

    class Meta(ImportOptions):
        model = Hub
        import_id_fields = ["name"]

    def get_queryset(self):
        return self.hubs()

    def after_init_instance(self, instance, new, row, **kwargs):
        instance.municipality = self.municipality


class ScheduleResource(MunicipalityResource):
    """One row per opening time range: 拠点名, 適用開始日, 曜日, 開所時刻, 閉所時刻, 祝日開所."""

    label = "開所スケジュール"
    key_columns = ["拠点名", "適用開始日", "曜日", "開所時刻"]
    required_columns = {"拠点名", "適用開始日", "曜日", "開所時刻", "閉所時刻"}

    def __init__(self, municipality, **kwargs):
        super().__init__(municipality, **kwargs)
        weekday_choices = [(i, d) for i, d in enumerate(WEEKDAYS)] + [
            (i, f"{d}曜日") for i, d in enumerate(WEEKDAYS)
        ]
        self.fields = {
            "schedule": column_field("拠点名", "schedule", _ScheduleWidget(self)),
            "valid_from": column_field("適用開始日", None, JapaneseDateWidget(), readonly=True),
            "weekday": column_field("曜日", "weekday", _WeekdayWidget(weekday_choices)),
            "opens": column_field("開所時刻", "opens", TimeWidget()),
            "closes": column_field("閉所時刻", "closes", TimeWidget()),
            "holidays": fields.Field(column_name="祝日開所", attribute=None, readonly=True),
        }

    class Meta(ImportOptions):
        model = OpeningHours
        import_id_fields = ["schedule", "weekday", "opens"]

    def get_queryset(self):
        return OpeningHours.objects.filter(
            schedule__hub__municipality=self.municipality
        ).select_related("schedule__hub")

    def dehydrate_valid_from(self, hours):
        return hours.schedule.valid_from.strftime("%Y/%m/%d")

    def dehydrate_holidays(self, hours):
        return "開所" if hours.schedule.opens_on_public_holidays else "休み"


class _WeekdayWidget(LabelChoiceWidget):
    def clean(self, value, row=None, **kwargs):
        return int(super().clean(value, row, **kwargs))

    def render(self, value, obj=None, **kwargs):
        return WEEKDAYS[value] if value is not None else ""


class _ScheduleWidget(LookupWidget):
    """The schedule a row belongs to: (拠点名, 適用開始日), created on first use."""

    def __init__(self, resource):
        super().__init__(resource.hubs, "name", HUB_NOT_FOUND)
        self.resource = resource

    def clean(self, value, row=None, **kwargs):
        hub = super().clean(value, row, **kwargs)
        if hub is None:
            raise ValueError("拠点名を入れてください。")
        raw_from = (row or {}).get("適用開始日", "")
        try:
            valid_from = parse_date(raw_from)
        except ValueError as e:
            raise ValueError(f"適用開始日: {e}") from None
        holiday = normalize_text((row or {}).get("祝日開所", "")) in {
            "開所",
            "する",
            "○",
            "はい",
            "1",
            "true",
            "TRUE",
        }
        schedule, created = OpeningSchedule.objects.get_or_create(
            hub=hub, valid_from=valid_from, defaults={"opens_on_public_holidays": holiday}
        )
        if not created and schedule.opens_on_public_holidays != holiday:
            schedule.opens_on_public_holidays = holiday
            schedule.save(update_fields=["opens_on_public_holidays"])
        return schedule

    def render(self, value, obj=None, **kwargs):
        return value.hub.name if value is not None else ""


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
            Qualification.objects.update_or_create(
                staff=instance, kind=kind, defaults={"obtained_on": obtained}
            )

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
        return Assignment.objects.filter(hub__municipality=self.municipality).select_related(
            "staff", "hub", "service"
        )


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
            return TrainingCourse.objects.filter(
                Q(municipality__isnull=True) | Q(municipality=municipality)
            )

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
        return TrainingRecord.objects.filter(staff__municipality=self.municipality).select_related(
            "staff", "course"
        )


class _CourseWidget(LookupWidget):
    """A course by its code or its full name."""

    def __init__(self, queryset_factory):
        super().__init__(queryset_factory, "name", "研修「{value}」が登録されていません。")

    def candidates(self, obj) -> list[str]:
        return [obj.code, obj.name]


class DailyUsageResource(MunicipalityResource):
    label = "日別利用実績"
    key_columns = ["拠点名", "日付"]
    required_columns = {"拠点名", "日付"}

    def __init__(self, municipality, **kwargs):
        super().__init__(municipality, **kwargs)
        self.fields = {
            "hub": column_field("拠点名", "hub", self.hub_widget()),
            "date": column_field("日付", "date", JapaneseDateWidget()),
            **{
                f: column_field(field_label(DailyUsage, f), f, CountWidget())
                for f in DailyUsage.COUNT_FIELDS
            },
            "note": column_field("備考", "note"),
        }

    class Meta(ImportOptions):
        model = DailyUsage
        import_id_fields = ["hub", "date"]
        use_bulk = False

    def get_queryset(self):
        return DailyUsage.objects.filter(hub__municipality=self.municipality).select_related("hub")


class ServiceResource(MunicipalityResource):
    label = "実施事業"
    key_columns = ["拠点名", "事業", "開始日"]
    required_columns = {"拠点名", "事業", "開始日"}

    def __init__(self, municipality, **kwargs):
        super().__init__(municipality, **kwargs)
        self.fields = {
            "hub": column_field("拠点名", "hub", self.hub_widget()),
            "kind": column_field("事業", "kind", LabelChoiceWidget(HubService.Kind.choices)),
            "started_on": column_field("開始日", "started_on", JapaneseDateWidget()),
            "ended_on": column_field("終了日", "ended_on", JapaneseDateWidget()),
            "contracted_separately": column_field(
                "個別委託",
                "contracted_separately",
                JapaneseBooleanWidget(["個別委託", "○"], ["", "×"]),
            ),
            "note": column_field("備考", "note"),
        }

    class Meta(ImportOptions):
        model = HubService
        import_id_fields = ["hub", "kind", "started_on"]

    def get_queryset(self):
        return HubService.objects.filter(hub__municipality=self.municipality).select_related("hub")


class ClosureResource(MunicipalityResource):
    label = "休館期間"
    key_columns = ["拠点名", "開始日"]
    required_columns = {"拠点名", "開始日", "終了日", "種別"}

    def __init__(self, municipality, **kwargs):
        super().__init__(municipality, **kwargs)
        self.fields = {
            "hub": column_field("拠点名", "hub", self.hub_widget()),
            "starts_on": column_field("開始日", "starts_on", JapaneseDateWidget()),
            "ends_on": column_field("終了日", "ends_on", JapaneseDateWidget()),
            "kind": column_field("種別", "kind", LabelChoiceWidget(ClosurePeriod.Kind.choices)),
            "note": column_field("理由", "note"),
        }

    class Meta(ImportOptions):
        model = ClosurePeriod
        import_id_fields = ["hub", "starts_on"]

    def get_queryset(self):
        return ClosurePeriod.objects.filter(hub__municipality=self.municipality).select_related(
            "hub"
        )


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
        return WorkExperience.objects.filter(staff__municipality=self.municipality).select_related(
            "staff"
        )


IMPORT_KINDS = {
    "hubs": HubResource,
    "services": ServiceResource,
    "closures": ClosureResource,
    "schedules": ScheduleResource,
    "staff": StaffResource,
    "assignments": AssignmentResource,
    "experience": ExperienceResource,
    "training": TrainingRecordResource,
    "usage": DailyUsageResource,
}
