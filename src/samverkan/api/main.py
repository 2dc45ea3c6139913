"""The JSON API: one NinjaAPI object, a read router (no key) and a write router (a bearer token) per domain."""

import functools

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from ninja import NinjaAPI

from samverkan.api import actions, emissions, indicators, networks, places, reporting, targets

from . import errors
from .parser import TextParser


class SamverkanAPI(NinjaAPI):
    """Ninja with one error shape: declared for every operation, and JSON for a method a path does not answer."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        return errors.declare(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))

    @property
    def urls(self):
        """A path the read and the write router both serve (GET and PATCH /targets/{id}) is one route: each
        router's view is asked in turn, and the method none answers is a 405 listing what they all answer."""
        patterns, app_name, namespace = super().urls
        views: dict[str, list] = {}
        for pattern in patterns:
            views.setdefault(str(pattern.pattern), []).append(pattern.callback)
        for pattern in patterns:
            pattern.callback = _json_not_allowed(views[str(pattern.pattern)])
        return patterns, app_name, namespace


def _json_not_allowed(views: list):
    """Ninja answers a method no operation of the path takes with a plain-text 405: make it the Error shape."""

    @functools.wraps(views[0])
    def wrapped(request, *args, **kwargs):
        allowed = set()
        for view in views:
            response = view(request, *args, **kwargs)
            if not isinstance(response, HttpResponseNotAllowed):
                return response
            allowed.update(method.strip() for method in response["Allow"].split(","))
        return errors.method_not_allowed(request, ", ".join(sorted(allowed)))

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

for router in (
    places.router,
    emissions.router,
    targets.router,
    targets.write_router,
    networks.router,
    networks.write_router,
    actions.router,
    actions.write_router,
    indicators.router,
    reporting.router,
    reporting.rounds_router,
    reporting.rounds_write_router,
):
    api.add_router("/", router)
