from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The composition layer: pages that combine several domains, and the loading of the bundled data."""

    name = "samverkan.site"
    label = "site"
    verbose_name = _("Site")
