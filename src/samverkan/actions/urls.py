from django.urls import path

from . import views

app_name = "actions"
urlpatterns = [
    path("atgarder/", views.library, name="library"),
    path("atgarder/<int:pk>/", views.action_detail, name="detail"),
    path("planer/<int:pk>/", views.plan_detail, name="plan"),
]
