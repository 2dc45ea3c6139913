"""The permission vocabulary every app shares: a refusal is logged in English and shown in the reader's language.

Who may do what is decided by QuerySet methods on the records themselves (`editable_by`, `coordinated_by`);
this module only says no, the same way everywhere.
"""

import logging

from django.utils import translation
from django.utils.translation import gettext as _

from .errors import Forbidden

security_log = logging.getLogger("samverkan.security")


def refuse(who, action: str, **params) -> Forbidden:
    """Log a refusal (in English) and return the error to raise (in the reader's language).

    `action` is an untranslated message marked with gettext_noop, e.g. "edit the targets of %(place)s".
    """
    with translation.override("en"):
        logged = action % {name: str(value) for name, value in params.items()}
    security_log.warning("refused: %s may not %s", getattr(who, "email", None) or "anonymous", logged)
    return Forbidden(_("You may not do this: %(action)s.") % {"action": _(action) % params})
