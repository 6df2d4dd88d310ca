"""Master lists only. Families and their records are never in the admin: every read of them goes
through the audited, scoped views."""

from django.contrib import admin

from accounts.admin_mixins import AuditedAdminMixin

from .models import Agency, DisposalEntry, RetentionRule, Topic


@admin.register(Topic)
class TopicAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["order", "name", "code", "is_abuse"]
    list_display_links = ["name"]


@admin.register(Agency)
class AgencyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["municipality", "kind", "name", "bound_by_secrecy", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "municipality__name"]


@admin.register(RetentionRule)
class RetentionRuleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["municipality", "record_type", "basis", "years", "authority"]
    list_filter = ["record_type"]


@admin.register(DisposalEntry)
class DisposalEntryAdmin(admin.ModelAdmin):
    """The disposal register is evidence: read-only here."""

    list_display = ["executed_at", "municipality_code", "record_type", "count", "approved_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
