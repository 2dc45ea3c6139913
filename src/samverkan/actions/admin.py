from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, ActionPlan, InterventionArea, StatusUpdate


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organization", "status", "adopted_year", "is_example"]
    list_filter = ["status", "is_example"]
    search_fields = ["title", "organization__name"]
    raw_id_fields = ["organization"]
    filter_horizontal = ["targets", "networks"]


class StatusUpdateInline(admin.TabularInline):
    model = StatusUpdate
    extra = 0
    raw_id_fields = ["by"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "status", "covenant_sector", "effect_t_co2e", "public"]
    list_filter = ["status", "covenant_sector", "public"]
    search_fields = ["title", "plan__organization__name"]
    raw_id_fields = ["plan", "targets"]
    inlines = [StatusUpdateInline]


@admin.register(InterventionArea)
class InterventionAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "covenant_sector", "sector"]
    list_filter = ["covenant_sector"]
    search_fields = ["code", "name", "name_en"]
