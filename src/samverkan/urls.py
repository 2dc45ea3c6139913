from django.contrib import admin
from django.urls import include, path, re_path

from samverkan.accounts.views import admin_sign_in
from samverkan.api import views as api_views
from samverkan.api.main import api

# JSON under /api/, the site's pages elsewhere.
handler400 = "samverkan.api.views.bad_request"
handler403 = "samverkan.api.views.permission_denied"
handler404 = "samverkan.api.views.not_found"
handler500 = "samverkan.api.views.server_error"

urlpatterns = [
    path("", include("samverkan.site.urls")),
    path("", include("samverkan.places.urls")),
    path("", include("samverkan.emissions.urls")),
    path("", include("samverkan.targets.urls")),
    path("", include("samverkan.reporting.urls")),
    path("", include("samverkan.networks.urls")),
    path("", include("samverkan.actions.urls")),
    path("", include("samverkan.indicators.urls")),
    path("", include("samverkan.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    re_path(r"^api/", api_views.not_found, name="api-not-found"),  # JSON, not the site's 404 page
    path("admin/login/", admin_sign_in),  # before admin's own: its failed sign-ins answer 429 like ours
    path("admin/", admin.site.urls),
]
