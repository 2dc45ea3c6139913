from django.contrib import admin
from django.urls import include, path

from samverkan.api.main import api
from samverkan.core import views as core_views

handler404 = "samverkan.core.views.page_not_found"
handler500 = "samverkan.core.views.server_error"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("", include("samverkan.places.urls")),
    path("", include("samverkan.emissions.urls")),
    path("", include("samverkan.targets.urls")),
    path("", include("samverkan.networks.urls")),
    path("", include("samverkan.actions.urls")),
    path("", include("samverkan.indicators.urls")),
    path("", include("samverkan.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
