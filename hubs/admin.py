from django.contrib import admin

from accounts.admin_mixins import AuditedAdminMixin

from . import models


class Audited(AuditedAdminMixin, admin.ModelAdmin):
    pass


class HubServiceInline(admin.TabularInline):
    model = models.HubService
    extra = 0


class ClosureInline(admin.TabularInline):
    model = models.ClosurePeriod
    extra = 0


class ExtraDayInline(admin.TabularInline):
    model = models.ExtraOpeningDay
    extra = 0


@admin.register(models.Hub)
class HubAdmin(Audited):
    list_display = [
        "name",
        "municipality",
        "ward",
        "hub_type",
        "management",
        "operator",
        "closed_on",
    ]
    list_filter = ["hub_type", "management", "municipality__prefecture", "municipality"]
    search_fields = ["name", "kana", "municipality__name"]
    autocomplete_fields = ["municipality", "operator", "satellite_of"]
    readonly_fields = ["public_id"]
    inlines = [HubServiceInline, ClosureInline, ExtraDayInline]


class OpeningHoursInline(admin.TabularInline):
    model = models.OpeningHours
    extra = 0


@admin.register(models.OpeningSchedule)
class OpeningScheduleAdmin(Audited):
    list_display = ["hub", "valid_from", "opens_on_public_holidays"]
    list_filter = ["hub__municipality"]
    search_fields = ["hub__name"]
    autocomplete_fields = ["hub"]
    inlines = [OpeningHoursInline]


class QualificationInline(admin.TabularInline):
    model = models.Qualification
    extra = 0


class AssignmentInline(admin.TabularInline):
    model = models.Assignment
    extra = 0
    autocomplete_fields = ["hub"]


class ExperienceInline(admin.TabularInline):
    model = models.WorkExperience
    extra = 0


class TrainingInline(admin.TabularInline):
    model = models.TrainingRecord
    extra = 0


class ExemptionInline(admin.TabularInline):
    model = models.TrainingExemption
    extra = 0


@admin.register(models.StaffMember)
class StaffMemberAdmin(Audited):
    list_display = ["name", "kana", "staff_number", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name", "kana", "staff_number"]
    readonly_fields = ["public_id"]
    inlines = [
        QualificationInline,
        AssignmentInline,
        ExperienceInline,
        TrainingInline,
        ExemptionInline,
    ]


@admin.register(models.TrainingCourse)
class TrainingCourseAdmin(Audited):
    list_display = ["name", "category", "municipality", "expected_for"]
    list_filter = ["category"]
    search_fields = ["name", "code"]


@admin.register(models.DailyUsage)
class DailyUsageAdmin(Audited):
    list_display = ["hub", "date", "groups", "first_time", "updated_by"]
    list_filter = ["hub__municipality"]
    date_hierarchy = "date"
    search_fields = ["hub__name"]
    raw_id_fields = ["hub", "updated_by"]


@admin.register(models.Event)
class EventAdmin(Audited):
    list_display = ["hub", "date", "title", "kind", "adults", "children"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    raw_id_fields = ["hub"]


class OutreachSessionInline(admin.TabularInline):
    model = models.OutreachSession
    extra = 0


@admin.register(models.OutreachSite)
class OutreachSiteAdmin(Audited):
    list_display = ["name", "hub"]
    raw_id_fields = ["hub"]
    inlines = [OutreachSessionInline]


@admin.register(models.TemporaryCareDay)
class TemporaryCareDayAdmin(Audited):
    list_display = ["hub", "date", "age_0", "age_1", "age_2", "age_3plus"]
    date_hierarchy = "date"
    raw_id_fields = ["hub"]
