from django.contrib import admin

from .models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "unit", "direction", "minimum", "maximum", "kolada_id"]
    search_fields = ["slug", "name", "name_en"]

    # The catalogue is data/indicators/indicators.csv, loaded again on every start: edits here would not last.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
