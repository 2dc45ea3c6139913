from django.urls import path

from . import notice_choices, views

app_name = "accounts"
urlpatterns = [
    path("konto/", views.home, name="home"),
    path("konto/logga-in/", views.SignInView.as_view(), name="login"),
    path("konto/logga-ut/", views.SignOutView.as_view(), name="logout"),
    path("konto/losenord/", views.PasswordResetView.as_view(), name="password_reset"),
    path("konto/byt-losenord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("konto/losenord/skickat/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("konto/losenord/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("konto/losenord/klart/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("konto/mina-uppgifter.json", views.my_data, name="my_data"),
    path("konto/meddelanden/", notice_choices.notice_choices, name="notices"),
    path("konto/radera/", views.delete_account, name="delete"),
    path("inbjudan/<str:secret>/", views.accept_invitation, name="accept"),
    path("organisationer/<int:pk>/personer/", views.organization_people, name="organization_people"),
    path("organisationer/<int:pk>/personer/<int:role_id>/", views.organization_role, name="organization_role"),
    path("organisationer/<int:pk>/api-nycklar/", views.organization_tokens, name="organization_tokens"),
    path("natverk/<slug:slug>/personer/", views.network_people, name="network_people"),
    path("natverk/<slug:slug>/api-nycklar/", views.network_tokens, name="network_tokens"),
]
