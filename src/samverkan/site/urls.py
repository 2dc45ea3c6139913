from django.urls import path

from . import regional, views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("kommuner/<str:code>/", views.municipality_detail, name="municipality_detail"),
    path("lan/<str:code>/", views.county_detail, name="county_detail"),
    path("sverige/", views.country_detail, name="country_detail"),
    path("organisationer/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("natverk/<slug:slug>/koordinator/<int:pk>/", regional.regional_coordination, name="regional"),
]
