from django.urls import path

from . import views

app_name = "actions"
urlpatterns = [
    path("atgarder/", views.library, name="library"),
    path("atgarder/<int:pk>/", views.action_detail, name="detail"),
    path("planer/<int:pk>/", views.plan_detail, name="plan"),
    path("atgarder/<int:pk>/redigera/", views.action_edit, name="edit"),
    path("atgarder/<int:pk>/historik/", views.action_history, name="history"),
    path("atgarder/<int:pk>/rad/", views.action_row, name="row"),
    path("atgarder/<int:pk>/lagesrapport/", views.status_update, name="status_update"),
    path("planer/<int:pk>/redigera/", views.plan_edit, name="plan_edit"),
    path("planer/<int:pk>/atgarder.xlsx", views.plan_workbook, name="plan_workbook"),
    path("planer/<int:pk>/importera/", views.plan_import, name="plan_import"),
    path("planer/<int:pk>/importera/tillampa/", views.plan_import_apply, name="plan_import_apply"),
    path("planer/<int:plan_id>/atgarder/ny/", views.action_new, name="new"),
    path("organisationer/<int:organization_id>/planer/ny/", views.plan_new, name="plan_new"),
]
