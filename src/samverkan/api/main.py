"""The JSON API: one NinjaAPI object; each app keeps its router in its own api.py."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from ninja import NinjaAPI

from samverkan.actions.api import router as actions_router
from samverkan.core.errors import DomainError
from samverkan.emissions.api import router as emissions_router
from samverkan.indicators.api import router as indicators_router
from samverkan.networks.api import router as networks_router
from samverkan.places.api import router as places_router
from samverkan.targets.api import router as targets_router

api = NinjaAPI(
    title="Samverkan API",
    version="1",
    description=(
        "Open data on Swedish municipalities, counties and their climate work. "
        "Every figure carries its source. Reads need no key."
    ),
    urls_namespace="api",
    docs_url="/docs",
    # Swagger UI (served from the installed package, no CDN) sets inline styles.
    docs_decorator=csp_override({**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}),
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, error: DomainError):
    return api.create_response(request, {"detail": error.message}, status=error.status)


api.add_router("/", places_router)
api.add_router("/", emissions_router)
api.add_router("/", targets_router)
api.add_router("/", networks_router)
api.add_router("/", actions_router)
api.add_router("/", indicators_router)
