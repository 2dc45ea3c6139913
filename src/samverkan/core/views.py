"""The error pages."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from samverkan.core.errors import NotFound


def page_not_found(request, exception=None):
    message = exception.message if isinstance(exception, NotFound) else _("There is no page at this address.")
    return render(request, "core/404.html", {"message": message}, status=404)


def server_error(request):
    return render(request, "core/500.html", status=500)
