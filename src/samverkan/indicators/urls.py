from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("nyckeltal/", views.indicator_list, name="list"),
    path("nyckeltal/<slug:slug>/", views.indicator_detail, name="detail"),
]
