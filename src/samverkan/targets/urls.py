from django.urls import path

from .views import editing, progress

app_name = "targets"
urlpatterns = [
    path("framsteg/", progress.overview, name="overview"),
    path("framsteg/alla.csv", progress.overview_download, {"fmt": "csv"}, name="overview_csv"),
    path("framsteg/alla.xlsx", progress.overview_download, {"fmt": "xlsx"}, name="overview_xlsx"),
    path("framsteg/metod/", progress.method, name="method"),
    path("organisationer/<int:pk>/mal/nytt/", editing.target_new, name="new"),
    path("mal/<int:pk>/andra/", editing.target_edit, name="edit"),
    path("mal/<int:pk>/radera/", editing.target_delete, name="delete"),
    path("mal/<int:pk>/aterstall/", editing.target_restore, name="restore"),
    path("mal/<int:pk>/historik/", editing.target_history, name="history"),
]
