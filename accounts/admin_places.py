"""The admin of the places (都道府県, 市町村 with their 区, 運営主体), kept by the system administrator.

`orgs` sits below `accounts` and cannot import the audit log, so its admin screens are registered
here, audited like every other master-data change.
"""

from django.contrib import admin

from orgs import models as org_models
from orgs.resources import MunicipalityAdminResource, OperatorAdminResource, PrefectureAdminResource

from .admin_mixins import AuditedImportExport


@admin.register(org_models.Prefecture)
class PrefectureAdmin(AuditedImportExport):
    resource_classes = [PrefectureAdminResource]
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class WardInline(admin.TabularInline):
    model = org_models.Ward
    extra = 0


@admin.register(org_models.Municipality)
class MunicipalityAdmin(AuditedImportExport):
    resource_classes = [MunicipalityAdminResource]
    list_display = ["code", "name", "prefecture", "is_designated_city"]
    list_filter = ["prefecture", "is_designated_city"]
    search_fields = ["code", "name", "kana"]
    inlines = [WardInline]


@admin.register(org_models.Operator)
class OperatorAdmin(AuditedImportExport):
    resource_classes = [OperatorAdminResource]
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "kana"]
