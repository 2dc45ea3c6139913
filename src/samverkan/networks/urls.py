from django.urls import path

from .views import applications, coordination, pages

app_name = "networks"
urlpatterns = [
    path("natverk/", pages.network_list, name="list"),
    path("natverk/<slug:slug>/", pages.network_detail, name="detail"),
    path("natverk/<slug:slug>/medlemstest/", applications.assessment, name="assessment"),
    path("natverk/<slug:slug>/ansok/", applications.apply, name="apply"),
    path("natverk/<slug:slug>/ansokningar/", applications.applications, name="applications"),
    path("natverk/<slug:slug>/ansokningar/<int:pk>/", applications.decide, name="decide"),
    path("natverk/<slug:slug>/medlemstest/<int:pk>/", applications.assessment_result, name="assessment_result"),
    path("natverk/<slug:slug>/hantera/", coordination.manage, name="manage"),
    path("natverk/<slug:slug>/redigera/", coordination.network_edit, name="edit"),
    path("natverk/<slug:slug>/historik/", coordination.network_history, name="history"),
    path("natverk/<slug:slug>/grupper/", coordination.group_add, name="group_add"),
    path("natverk/<slug:slug>/grupper/<int:pk>/", coordination.group_add, name="group_edit"),
    path("natverk/<slug:slug>/grupper/<int:pk>/radera/", coordination.group_delete, name="group_delete"),
    path("natverk/<slug:slug>/kriterier/ny/", coordination.criterion_edit, name="criterion_new"),
    path("natverk/<slug:slug>/kriterier/<int:pk>/", coordination.criterion_edit, name="criterion_edit"),
    path("natverk/<slug:slug>/kriterier/<int:pk>/radera/", coordination.criterion_delete, name="criterion_delete"),
    path("natverk/<slug:slug>/rapportering/ny/", coordination.obligation_edit, name="obligation_new"),
    path("natverk/<slug:slug>/rapportering/<int:pk>/", coordination.obligation_edit, name="obligation_edit"),
    path("natverk/<slug:slug>/rapportering/<int:pk>/radera/", coordination.obligation_delete, name="obligation_delete"),
    path("natverk/<slug:slug>/medlemskap/ny/", coordination.membership_edit, name="membership_new"),
    path("natverk/<slug:slug>/medlemskap/<int:pk>/", coordination.membership_edit, name="membership_edit"),
    path(
        "natverk/<slug:slug>/medlemskap/<int:pk>/historik/", coordination.membership_history, name="membership_history"
    ),
]
