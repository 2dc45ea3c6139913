from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("framsteg/", views.overview, name="overview"),
    path("framsteg/metod/", views.method, name="method"),
    path("organisationer/<int:pk>/mal/nytt/", views.target_new, name="new"),
    path("mal/<int:pk>/andra/", views.target_edit, name="edit"),
    path("mal/<int:pk>/radera/", views.target_delete, name="delete"),
    path("mal/<int:pk>/aterstall/", views.target_restore, name="restore"),
    path("mal/<int:pk>/historik/", views.target_history, name="history"),
]
