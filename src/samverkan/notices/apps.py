"""Notices: e-mail to the right people through the task queue, each message sent once, and each person's choice of
which kinds they receive."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "samverkan.notices"
    verbose_name = _("Notices")

    def ready(self):
        from . import jobs  # noqa: F401, PLC0415  (registers the daily housekeeping once the models are ready)
