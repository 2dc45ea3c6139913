"""The JSON API: one NinjaAPI object; each app keeps its router in its own api.py."""

import functools

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from ninja import NinjaAPI

from samverkan.api.actions import router as actions_router
from samverkan.api.emissions import router as emissions_router
from samverkan.api.indicators import router as indicators_router
from samverkan.api.networks import router as networks_router
from samverkan.api.places import router as places_router
from samverkan.api.targets import router as targets_router

from . import errors
from .parser import TextParser


class SamverkanAPI(NinjaAPI):
    """Ninja with one error shape: declared for every operation, and JSON for a method a path does not answer."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        return errors.declare(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            pattern.callback = _json_not_allowed(pattern.callback)
        return patterns, app_name, namespace


def _json_not_allowed(view):
    """Ninja answers a method no operation of the path takes with a plain-text 405: make it the Error shape."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            return errors.method_not_allowed(request, response["Allow"])
        return response

    return wrapped


api = SamverkanAPI(
    title="Samverkan API",
    version="1",
    description=(
        "Open data on Swedish municipalities, counties and their climate work. "
        "Every figure carries its source. Reads need no key. "
        "Every error answers the same JSON: `detail`, a sentence, and `errors`, each invalid field."
    ),
    urls_namespace="api",
    parser=TextParser(),
    docs_url="/docs",
    # Swagger UI (served from the installed package, no CDN) sets inline styles.
    docs_decorator=csp_override({**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}),
)
errors.install(api)

api.add_router("/", places_router)
api.add_router("/", emissions_router)
api.add_router("/", targets_router)
api.add_router("/", networks_router)
api.add_router("/", actions_router)
api.add_router("/", indicators_router)
