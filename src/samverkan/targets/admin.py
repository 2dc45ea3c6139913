from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Commitment, Target


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en", "slug"]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organization", "commitment", "kind", "base_year", "target_year", "value"]
    list_filter = ["kind", "commitment", "target_year"]
    search_fields = ["name", "name_en", "organization__name"]
    autocomplete_fields = ["organization", "commitment"]
    filter_horizontal = ["sectors"]
    readonly_fields = ["key", "created_at", "updated_at"]
    list_select_related = ["organization", "commitment"]
    fieldsets = [
        (None, {"fields": ["name", "name_en", "organization", "commitment"]}),
        (None, {"fields": ["kind", "sectors", "base_year", "target_year", "value"]}),
        (
            None,
            {"fields": ["decision_body", "decision_body_en", "decision_date", "decision_url", "source", "source_url"]},
        ),
        (None, {"fields": ["note", "note_en", "published", "key", "created_at", "updated_at"]}),
    ]
