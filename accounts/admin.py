from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import admin_places  # noqa: F401  (registers the places' admin screens)
from .admin_mixins import AuditedAdminMixin
from .models import AuditEvent, RoleAssignment, User
from .two_factor import is_verified, verify_url

# The admin is the system administrator's tool: superusers only, after the second factor (a
# superuser can reach everything). Officers work in the app. Records about families are not in
# the admin at all: they are read only through the audited views.
admin.site.has_permission = lambda request: (
    request.user.is_active and request.user.is_superuser and is_verified(request.user)
)


def _admin_login(request, extra_context=None):
    """Sign in (and enter the code) through Kyoten's own login, then come back to the admin."""
    next_url = request.GET.get("next") or reverse("admin:index")
    if request.user.is_authenticated and request.user.is_superuser:
        return redirect(verify_url(request.user, next_url))
    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': next_url})}")


admin.site.login = _admin_login


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
