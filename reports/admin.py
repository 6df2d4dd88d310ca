from django.contrib import admin

from accounts.admin_mixins import AuditedAdminMixin

from .models import MunicipalityYear


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
    ]
    list_filter = ["year"]
    search_fields = ["municipality__name", "municipality__code"]
