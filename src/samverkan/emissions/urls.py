from django.urls import path

from . import views

app_name = "emissions"
urlpatterns = [
    path("utslapp/", views.ranking, name="ranking"),
    path("utslapp/jamfor/<str:code>/", views.comparison, name="comparison"),
    path("utslapp/<str:code>.csv", views.download, {"fmt": "csv"}, name="download_csv"),
    path("utslapp/<str:code>.xlsx", views.download, {"fmt": "xlsx"}, name="download_xlsx"),
]
