from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("nyckeltal/", views.indicator_list, name="list"),
    path("nyckeltal/<slug:slug>/", views.indicator_detail, name="detail"),
    path("nyckeltal/<slug:slug>.csv", views.indicator_download, {"fmt": "csv"}, name="download_csv"),
    path("nyckeltal/<slug:slug>.xlsx", views.indicator_download, {"fmt": "xlsx"}, name="download_xlsx"),
]
