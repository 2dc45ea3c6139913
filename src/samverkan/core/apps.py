from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from .cache import bump_generation
from .db import register_swedish_collation


def _admin_edit(sender, **kwargs) -> None:
    """Every change in the admin is logged (LogEntry) in its transaction: cached figures are computed anew."""
    bump_generation()


class CoreConfig(AppConfig):
    name = "samverkan.core"
    verbose_name = _("Core")

    def ready(self):
        post_save.connect(_admin_edit, sender="admin.LogEntry", dispatch_uid="samverkan-admin-edit-generation")
        connection_created.connect(register_swedish_collation, dispatch_uid="samverkan-swedish-collation")
