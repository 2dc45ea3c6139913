from django.urls import path

from . import views

app_name = "networks"
urlpatterns = [
    path("natverk/", views.network_list, name="list"),
    path("natverk/<slug:slug>/", views.network_detail, name="detail"),
    path("natverk/<slug:slug>/medlemstest/", views.assessment, name="assessment"),
    path("natverk/<slug:slug>/ansok/", views.apply, name="apply"),
    path("natverk/<slug:slug>/ansokningar/", views.applications, name="applications"),
    path("natverk/<slug:slug>/ansokningar/<int:pk>/", views.decide, name="decide"),
    path("natverk/<slug:slug>/medlemstest/<int:pk>/", views.assessment_result, name="assessment_result"),
    path("natverk/<slug:slug>/hantera/", views.manage, name="manage"),
    path("natverk/<slug:slug>/redigera/", views.network_edit, name="edit"),
    path("natverk/<slug:slug>/historik/", views.network_history, name="history"),
    path("natverk/<slug:slug>/grupper/", views.group_add, name="group_add"),
    path("natverk/<slug:slug>/grupper/<int:pk>/", views.group_add, name="group_edit"),
    path("natverk/<slug:slug>/grupper/<int:pk>/radera/", views.group_delete, name="group_delete"),
    path("natverk/<slug:slug>/kriterier/ny/", views.criterion_edit, name="criterion_new"),
    path("natverk/<slug:slug>/kriterier/<int:pk>/", views.criterion_edit, name="criterion_edit"),
    path("natverk/<slug:slug>/kriterier/<int:pk>/radera/", views.criterion_delete, name="criterion_delete"),
    path("natverk/<slug:slug>/rapportering/ny/", views.obligation_edit, name="obligation_new"),
    path("natverk/<slug:slug>/rapportering/<int:pk>/", views.obligation_edit, name="obligation_edit"),
    path("natverk/<slug:slug>/rapportering/<int:pk>/radera/", views.obligation_delete, name="obligation_delete"),
    path("natverk/<slug:slug>/medlemskap/ny/", views.membership_edit, name="membership_new"),
    path("natverk/<slug:slug>/medlemskap/<int:pk>/", views.membership_edit, name="membership_edit"),
    path("natverk/<slug:slug>/medlemskap/<int:pk>/historik/", views.membership_history, name="membership_history"),
]
