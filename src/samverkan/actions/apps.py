from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "samverkan.actions"
    verbose_name = _("Action plans and actions")

    def ready(self):
        from .search import connect_signals  # noqa: PLC0415 (models are not ready while apps.py is imported)

        connect_signals()
