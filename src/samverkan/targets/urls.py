from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("framsteg/", views.overview, name="overview"),
    path("framsteg/metod/", views.method, name="method"),
]
