"""Error views for the whole site that answer JSON under /api/ and the usual pages everywhere else.

Most API errors never reach these: the API's exception handlers answer them (api/errors.py). These catch what
happens outside an operation: an unknown address, a request refused before it reaches the API.
"""

from django.views import defaults

from samverkan.core import views as core_views

from . import errors


def _api(request) -> bool:
    return request.path_info.startswith("/api/")


def not_found(request, exception=None, **kwargs):
    """Any address under /api/ that no operation answers (also the catch-all route)."""
    if _api(request):
        return errors.not_found(request)
    return core_views.page_not_found(request, exception)


def bad_request(request, exception=None):
    if _api(request):
        return errors.malformed(request, exception)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if _api(request):
        return errors.error_response(403, errors.forbidden_message())
    return defaults.permission_denied(request, exception)


def server_error(request):
    if _api(request):
        return errors.server_error(request)  # Django has logged the exception already
    return core_views.server_error(request)
