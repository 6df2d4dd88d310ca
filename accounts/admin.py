from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .admin_mixins import AuditedAdminMixin
from .models import AuditEvent, RoleAssignment, User

# The admin is the system administrator's tool: superusers only. Officers work in the app.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["hub", "municipality"]


@admin.register(User)
class KyotenUserAdmin(AuditedAdminMixin, UserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "display_name", "is_active", "is_superuser", "last_login"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("Kyoten", {"fields": ["display_name"]}),
    ]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_username", "action", "object_type", "object_repr", "ip_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_username", "object_id", "object_repr"]
    date_hierarchy = "at"

    # Append-only: the database refuses changes anyway; the admin does not offer them.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
