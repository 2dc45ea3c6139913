from django.urls import path

from . import views

app_name = "networks"
urlpatterns = [
    path("natverk/", views.network_list, name="list"),
    path("natverk/<slug:slug>/", views.network_detail, name="detail"),
]
