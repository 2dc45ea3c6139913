from django.contrib import admin

from .models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "unit", "direction", "kolada_id"]
    search_fields = ["slug", "name", "name_en"]
