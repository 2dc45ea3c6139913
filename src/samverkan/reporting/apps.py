from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "samverkan.reporting"
    verbose_name = _("Reporting")

    def ready(self):
        from . import mail  # noqa: PLC0415 (models are not ready while apps.py is imported)

        mail.connect()
