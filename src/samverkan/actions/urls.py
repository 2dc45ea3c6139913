from django.urls import path

from .views import editing, pages, workbook

app_name = "actions"
urlpatterns = [
    path("atgarder/", pages.library, name="library"),
    path("atgarder/<int:pk>/", pages.action_detail, name="detail"),
    path("planer/<int:pk>/", pages.plan_detail, name="plan"),
    path("atgarder/<int:pk>/redigera/", editing.action_edit, name="edit"),
    path("atgarder/<int:pk>/historik/", editing.action_history, name="history"),
    path("atgarder/<int:pk>/rad/", editing.action_row, name="row"),
    path("atgarder/<int:pk>/lagesrapport/", editing.status_update, name="status_update"),
    path("planer/<int:pk>/redigera/", editing.plan_edit, name="plan_edit"),
    path("planer/<int:pk>/atgarder.xlsx", workbook.plan_workbook, name="plan_workbook"),
    path("planer/<int:pk>/importera/", workbook.plan_import, name="plan_import"),
    path("planer/<int:pk>/importera/tillampa/", workbook.plan_import_apply, name="plan_import_apply"),
    path("planer/<int:plan_id>/atgarder/ny/", editing.action_new, name="new"),
    path("organisationer/<int:organization_id>/planer/ny/", editing.plan_new, name="plan_new"),
]
