"""Admin changes go to the audit log like every other master-data change."""

from django.contrib import admin
from import_export.admin import ImportExportMixin

from common.services import Actor

from .admin_import import formats_for, read_failure
from .audit import audit_record
from .models import AuditEvent


class AuditedAdminMixin:
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            action=AuditEvent.Action.UPDATE if change else AuditEvent.Action.CREATE,
            actor=Actor.of(request),
            obj=obj,
            detail={"via": "admin", "fields": sorted(form.changed_data)},
        )

    def delete_model(self, request, obj):
        audit_record(
            action=AuditEvent.Action.DELETE,
            actor=Actor.of(request),
            obj=obj,
            detail={"via": "admin"},
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_record(
                action=AuditEvent.Action.DELETE,
                actor=Actor.of(request),
                obj=obj,
                detail={"via": "admin"},
            )
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            audit_record(
                action=AuditEvent.Action.UPDATE,
                actor=Actor.of(request),
                obj=form.instance,
                detail={"via": "admin", "inline": formset.model._meta.label},
            )


class AuditedImportExport(AuditedAdminMixin, ImportExportMixin, admin.ModelAdmin):
    """Admin import and export of shared master data, both written to the audit log. Files are
    read like the officers' imports (accounts.admin_import)."""

    import_error_display = ("message",)

    def get_import_formats(self):
        return formats_for(self.resource_classes[0])

    def add_data_read_fail_error_to_form(self, form, e):
        form.add_error("import_file", read_failure(e))

    def process_result(self, result, request):
        audit_record(
            action=AuditEvent.Action.IMPORT,
            actor=Actor.of(request),
            object_type=self.model._meta.label,
            detail={"via": "admin", "totals": {k: v for k, v in result.totals.items() if v}},
        )
        return super().process_result(result, request)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        audit_record(
            action=AuditEvent.Action.EXPORT,
            actor=Actor.of(request),
            object_type=self.model._meta.label,
            detail={"via": "admin", "format": file_format.get_title(), "rows": queryset.count()},
        )
        return data
