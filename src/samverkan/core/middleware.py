"""Swedish first: the language is Swedish unless the visitor has chosen English."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils import translation

from samverkan.core.errors import DomainError


class LanguageMiddleware:
    """Use the language chosen with the switch (a cookie), never the browser's guess."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class DomainErrorMiddleware:
    """A user error raised in a page becomes a page with its message and status, never a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):

        if isinstance(exception, DomainError) and not isinstance(exception, Http404):
            return render(request, "core/error.html", {"message": exception.message}, status=exception.status)
        return None
