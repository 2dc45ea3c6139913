from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("kommuner/", views.municipality_list, name="municipality_list"),
    path("kommuner/<str:code>/", views.municipality_detail, name="municipality_detail"),
    path("lan/", views.county_list, name="county_list"),
    path("lan/<str:code>/", views.county_detail, name="county_detail"),
    path("sverige/", views.country_detail, name="country_detail"),
    path("organisationer/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organisationer/<int:pk>/andra/", views.organization_edit, name="organization_edit"),
    path("organisationer/<int:pk>/historik/", views.organization_history, name="organization_history"),
]
