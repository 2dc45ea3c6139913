from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from samverkan.core.admin import ReadOnlyAdminMixin

from .models import County, Municipality, Organization, PopulationValue, Territory


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "authority"]
    list_filter = ["parent"]
    search_fields = ["code", "name", "search_name"]
    readonly_fields = ["kind", "search_name"]
    autocomplete_fields = ["authority"]


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "authority"]
    search_fields = ["code", "name"]
    readonly_fields = ["kind", "search_name"]
    autocomplete_fields = ["authority"]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "territory"]
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["territory"]


@admin.register(PopulationValue)
class PopulationValueAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Imported official figures: read-only, corrected only by a new release."""

    list_display = ["territory", "year", "value", "release"]
    list_filter = ["release", "year"]
    search_fields = ["territory__name", "territory__code"]
    list_select_related = ["territory", "release"]


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    """All territories in one list, for choosing one in other forms."""

    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    readonly_fields = ["search_name"]
