from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("kommuner/", views.municipality_list, name="municipality_list"),
    path("lan/", views.county_list, name="county_list"),
    path("organisationer/<int:pk>/andra/", views.organization_edit, name="organization_edit"),
    path("organisationer/<int:pk>/historik/", views.organization_history, name="organization_history"),
]
