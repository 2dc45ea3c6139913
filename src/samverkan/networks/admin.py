from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AssessmentArea, AssessmentQuestion, Criterion, Membership, Network, WorkingGroup


class WorkingGroupInline(admin.TabularInline):
    model = WorkingGroup
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    autocomplete_fields = ["commitment"]


@admin.register(Network)
class NetworkAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["coordinating_organizations"]
    inlines = [WorkingGroupInline, CriterionInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "network", "role", "status", "since", "until"]
    list_filter = ["network", "role", "status"]
    search_fields = ["organization__name", "network__name", "representative"]
    autocomplete_fields = ["organization", "network", "coordinator"]
    raw_id_fields = ["assessment"]
    filter_horizontal = ["commitments", "groups"]
    list_select_related = ["organization", "network"]


class AssessmentQuestionInline(admin.TabularInline):
    model = AssessmentQuestion
    extra = 0


@admin.register(AssessmentArea)
class AssessmentAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "network", "max_points", "position"]
    list_filter = ["network"]
    inlines = [AssessmentQuestionInline]
