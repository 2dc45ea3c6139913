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
]
