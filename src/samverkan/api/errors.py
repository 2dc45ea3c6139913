"""One error shape for every answer under /api/: a sentence in `detail`, each invalid field in `errors`.

The routers in the apps declare only their successes; this module turns every refusal and failure into the
same JSON and declares it, for each status an operation can answer, in the OpenAPI document.
"""

import logging
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.log import log_response
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from samverkan.core.errors import DataFileError, DomainError

from .parser import NUL
from .schemas import Error

security_log = logging.getLogger("django.security")

CONTENT_TYPE = "application/json; charset=utf-8"


def error_response(status: int, detail: str, errors: list[dict] | None = None, **headers: str) -> JsonResponse:
    response = JsonResponse({"detail": detail, "errors": errors or []}, status=status, content_type=CONTENT_TYPE)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def not_found(request: HttpRequest) -> JsonResponse:
    return error_response(
        404,
        _("There is no API operation at %(path)s. The operations are listed at /api/v1/docs.")
        % {"path": request.path[:200]},
    )


def method_not_allowed(request: HttpRequest, allowed: str) -> JsonResponse:
    return error_response(
        405,
        _("%(path)s does not answer %(method)s; it answers %(allowed)s.")
        % {"path": request.path[:200], "method": request.method, "allowed": allowed},
        Allow=allowed,
    )


def too_large(request: HttpRequest) -> JsonResponse:
    return error_response(
        413,
        _("The request body is larger than the limit of %(limit)s bytes.")
        % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
    )


def malformed(request: HttpRequest, exc: Exception | None) -> JsonResponse:
    if isinstance(exc, RequestDataTooBig):
        return too_large(request)
    security_log.warning("refused a malformed API request to %s: %s", request.path[:200], exc)
    if not str(exc or ""):
        return error_response(400, _("The request is malformed."))
    return error_response(400, _("The request is malformed: %(reason)s") % {"reason": exc})


def server_error(request: HttpRequest, exc: Exception | None = None) -> JsonResponse:
    """A failure of ours: logged once with its traceback (as Django logs a page's), answered without one."""
    response = error_response(500, _("Something went wrong on the server. The error has been logged."))
    if exc is not None:
        log_response("Internal Server Error: %s", request.path, response=response, request=request, exception=exc)
    return response


def _location(error: dict) -> list:
    """Ninja names a body by the view's parameter ("payload"), which the client never sends: leave it out.

    The parser's own refusals (api/parser.py) locate the field in the body as sent.
    """
    loc = list(error["loc"])
    if loc[:1] == ["body"] and len(loc) > 1 and error.get("type") != NUL:
        del loc[1]
    return loc


def _invalid(request: HttpRequest, exc: ValidationError) -> JsonResponse:
    errors = [{"location": _location(e), "message": e["msg"]} for e in exc.errors]
    problems = "; ".join(
        f"{'.'.join(str(part) for part in e['location'][1:]) or e['location'][0]}: {e['message']}" for e in errors
    )
    return error_response(422, _("The request is not valid: %(problems)s.") % {"problems": problems}, errors)


def _domain(request: HttpRequest, exc: DomainError) -> JsonResponse:
    errors = []
    if isinstance(exc, DataFileError):
        errors = [
            {
                "location": [p for p in (problem.file, problem.sheet, problem.row, problem.column) if p is not None],
                "message": str(problem),
            }
            for problem in exc.problems
        ]
    return error_response(exc.status, exc.message, errors)


def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> JsonResponse:
    return error_response(
        401,
        _("This needs an active API token, sent as “Authorization: Bearer <token>”."),
        WWW_Authenticate="Bearer",
    )


def forbidden_message() -> str:
    return _("This API token may not do this.")


def _forbidden(request: HttpRequest, exc: AuthorizationError) -> JsonResponse:
    return error_response(403, forbidden_message())


def _http_error(request: HttpRequest, exc: HttpError) -> JsonResponse:
    if isinstance(exc.__cause__, ValidationError):  # the parser's refusal, wrapped by ninja's body reader
        return _invalid(request, exc.__cause__)
    if exc.status_code == 400:  # ninja's only one: a body that cannot be read as JSON (even nested too deep)
        return error_response(400, _("The request body is not valid JSON."))
    return error_response(exc.status_code, str(exc))


def _nothing_here(request: HttpRequest, exc: Http404) -> JsonResponse:
    return error_response(404, _("There is nothing at %(path)s.") % {"path": request.path[:200]})


def install(api: NinjaAPI) -> None:
    """Every exception an operation can raise becomes the Error shape; the most specific class wins."""
    api.add_exception_handler(Exception, server_error)
    api.add_exception_handler(SuspiciousOperation, malformed)  # RequestDataTooBig among them: 413
    api.add_exception_handler(Http404, _nothing_here)
    api.add_exception_handler(DomainError, _domain)
    api.add_exception_handler(ValidationError, _invalid)
    api.add_exception_handler(AuthenticationError, _unauthenticated)
    api.add_exception_handler(AuthorizationError, _forbidden)
    api.add_exception_handler(HttpError, _http_error)


WHEN = {
    400: "The request is malformed, e.g. a body that is not JSON",
    401: "No API token, or an unknown or revoked one",
    403: "The token is for another organization or network",
    404: "No such record, or no such operation",
    405: "The path does not answer this method (the Allow header lists those it answers)",
    413: "The request body is larger than the limit",
    422: "A parameter or a field of the body is not valid; `errors` names each one",
    500: "A failure on the server; it is logged",
}


def declare(document: dict) -> dict:
    """Add the Error schema, for every status it can answer, to each operation of an OpenAPI document."""
    definition = Error.model_json_schema(ref_template="#/components/schemas/{model}", mode="serialization")
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(definition.pop("$defs", {}))
    schemas["Error"] = definition
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in document["paths"].values():
        for operation in operations.values():
            statuses = [400, 404, 405, 500]
            if operation.get("parameters") or "requestBody" in operation:
                statuses.append(422)
            if "requestBody" in operation:
                statuses.append(413)
            if operation.get("security"):
                statuses += [401, 403]
            for status in sorted(statuses):
                operation["responses"].setdefault(
                    status, {"description": f"{HTTPStatus(status).phrase}: {WHEN[status]}", "content": content}
                )
    return document
