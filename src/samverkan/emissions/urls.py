from django.urls import path

from . import views

app_name = "emissions"
urlpatterns = [
    path("utslapp/", views.ranking, name="ranking"),
    path("utslapp/jamfor/<str:code>/", views.comparison, name="comparison"),
    path("utslapp/jamfor/<str:code>.csv", views.comparison_download, {"fmt": "csv"}, name="comparison_csv"),
    path("utslapp/jamfor/<str:code>.xlsx", views.comparison_download, {"fmt": "xlsx"}, name="comparison_xlsx"),
    path("utslapp/alla.csv", views.ranking_download, {"fmt": "csv"}, name="ranking_csv"),
    path("utslapp/alla.xlsx", views.ranking_download, {"fmt": "xlsx"}, name="ranking_xlsx"),
    path("utslapp/<str:code>.csv", views.download, {"fmt": "csv"}, name="download_csv"),
    path("utslapp/<str:code>.xlsx", views.download, {"fmt": "xlsx"}, name="download_xlsx"),
]
