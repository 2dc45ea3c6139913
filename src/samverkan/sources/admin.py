from django.contrib import admin

from samverkan.core.admin import ReadOnlyAdminMixin

from .models import Dataset, Release


class ReleaseInline(admin.TabularInline):
    model = Release
    extra = 0
    can_delete = False
    readonly_fields = [
        "slug",
        "label",
        "published_on",
        "file_name",
        "checksum",
        "file_checksum",
        "imported_at",
        "row_count",
        "partial",
    ]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ["name", "publisher", "slug"]
    inlines = [ReleaseInline]


@admin.register(Release)
class ReleaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Releases are written by importers only: read-only here, so nothing is overwritten."""

    list_display = ["label", "dataset", "published_on", "row_count", "partial", "imported_at"]
    list_filter = ["dataset"]
