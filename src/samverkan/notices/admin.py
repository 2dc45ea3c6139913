from django.contrib import admin

from samverkan.core.admin import ReadOnlyAdminMixin

from .models import Notice


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Recorded by `notices.services.notify` and sent by the worker: here to see what failed and why."""

    list_display = ["kind", "key", "recipient", "created_at", "sent_at", "attempts", "last_error"]
    list_filter = ["kind"]
    search_fields = ["key", "recipient"]
    exclude = ["body", "html"]
