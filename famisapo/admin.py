from django.contrib import admin

from .models import Centre, CentreRules, Curriculum, FeeScheduleRow, Subject


class RulesInline(admin.TabularInline):
    model = CentreRules
    extra = 0


class FeeScheduleInline(admin.StackedInline):
    model = FeeScheduleRow
    extra = 0


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "hub"]
    search_fields = ["name"]
    autocomplete_fields = ["municipality", "hub"]
    inlines = [RulesInline, FeeScheduleInline]


class SubjectInline(admin.TabularInline):
    model = Subject
    extra = 0


@admin.register(Curriculum)
class CurriculumAdmin(admin.ModelAdmin):
    list_display = ["name", "centre", "valid_from"]
    inlines = [SubjectInline]
