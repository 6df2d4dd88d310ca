"""Hubs, their services, closures and weekly schedules."""

from import_export import fields

from accounts.access import within
from common.importing import (
    ImportOptions,
    JapaneseBooleanWidget,
    JapaneseDateWidget,
    LabelChoiceWidget,
    LookupWidget,
    TimeWidget,
    column_field,
)
from common.japanese import normalize_text, parse_date
from orgs.models import Operator, Ward

from ..models import (
    ClosurePeriod,
    Hub,
    HubService,
    OpeningHours,
    OpeningSchedule,
)
from ..models.schedules import WEEKDAYS
from .base import HUB_NOT_FOUND, MunicipalityResource


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
                    lambda: within(municipality, Ward),
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
        return within(self.municipality, OpeningHours).select_related("schedule__hub")

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
        schedule, created = within(hub, OpeningSchedule).get_or_create(
            hub=hub, valid_from=valid_from, defaults={"opens_on_public_holidays": holiday}
        )
        if not created and schedule.opens_on_public_holidays != holiday:
            schedule.opens_on_public_holidays = holiday
            schedule.save(update_fields=["opens_on_public_holidays"])
        return schedule

    def render(self, value, obj=None, **kwargs):
        return value.hub.name if value is not None else ""


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
        return within(self.municipality, HubService).select_related("hub")


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
        return within(self.municipality, ClosurePeriod).select_related("hub")
