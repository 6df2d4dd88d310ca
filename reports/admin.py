from django.contrib import admin
from import_export import resources

from accounts.admin_mixins import AuditedAdminMixin, AuditedImportExport

from .models import (
    CostShare,
    HubYearCost,
    HubYearRecord,
    LocalCondition,
    MunicipalityYear,
    RiyoshaSetting,
    UnitPrice,
)


@admin.register(MunicipalityYear)
class MunicipalityYearAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "municipality",
        "year",
        "population_0_5",
        "nursery_occupancy",
        "nurseries",
        "waiting_children",
        "emergency_measures",
        "former_tokutei",
    ]
    list_filter = ["year"]
    search_fields = ["municipality__name", "municipality__code"]


class UnitPriceResource(resources.ModelResource):
    class Meta:
        model = UnitPrice
        import_id_fields = ["programme", "key", "first_year"]
        fields = [
            "programme",
            "key",
            "label",
            "first_year",
            "last_year",
            "amount",
            "confirmed",
            "source",
        ]
        skip_unchanged = True


@admin.register(UnitPrice)
class UnitPriceAdmin(AuditedImportExport):
    """Officers enter the 別表 values per 年度, or import them from a spreadsheet."""

    resource_classes = [UnitPriceResource]
    list_display = ["programme", "label", "first_year", "last_year", "amount", "confirmed"]
    list_filter = ["programme", "confirmed"]
    list_editable = ["amount", "confirmed"]


@admin.register(CostShare)
class CostShareAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "programme",
        "first_year",
        "last_year",
        "national",
        "prefecture",
        "municipality",
        "confirmed",
    ]


@admin.register(HubYearCost)
class HubYearCostAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "hub",
        "programme",
        "fiscal_year",
        "eligible_cost",
        "total_cost",
        "other_income",
    ]
    list_filter = ["fiscal_year", "programme"]
    search_fields = ["hub__name"]


@admin.register(LocalCondition)
class LocalConditionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["municipality", "service", "kind", "value", "first_year", "last_year", "source"]
    search_fields = ["municipality__name"]


@admin.register(RiyoshaSetting)
class RiyoshaSettingAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The periods 利用者支援事業実施要綱 4(1)③ア leaves to the municipality, by 年度."""

    list_display = [
        "municipality",
        "first_year",
        "last_year",
        "training_deadline_months",
        "experience_months_licensed",
        "experience_months_other",
        "source",
    ]
    search_fields = ["municipality__name"]


@admin.register(HubYearRecord)
class HubYearRecordAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["hub", "fiscal_year"]
    list_filter = ["fiscal_year"]
    search_fields = ["hub__name"]
    filter_horizontal = ["visit_staff", "care_staff"]
