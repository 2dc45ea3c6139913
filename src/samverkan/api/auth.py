"""Bearer tokens for the API's writes: one token belongs to one organization or one network.

Tokens are created and revoked by people in `accounts`; here a request's token is found, checked
against what it writes to, and named in the history.
"""

import logging

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja.security import HttpBearer

from samverkan.accounts.models import ApiToken, hash_secret
from samverkan.core.permissions import refuse

security_log = logging.getLogger("samverkan.security")


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`: an organization's or a network's active API token."""

    def authenticate(self, request, token):
        return token_authenticate(token)


def token_reason(token: ApiToken) -> str:
    """What the history says made a change through the API."""
    return _("API token “%(name)s”") % {"name": token.name}


def token_must_write_for(token: ApiToken, *, organization_id=None, network=None, what=None) -> None:
    """Refuse (403) a write with a token of another organization or network than the one written to."""
    if network is not None:
        if token.network_id != network.pk:
            raise refuse(
                token.created_by, gettext_noop("write to %(network)s with a token for another place"), network=network
            )
    elif token.organization_id is None or token.organization_id != organization_id:
        raise refuse(token.created_by, gettext_noop("write %(what)s with a token for another organization"), what=what)


def token_authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret, its last use recorded; None for an unknown or revoked one."""
    token = (
        ApiToken.objects.select_related("organization", "network", "created_by")
        .filter(token_hash=hash_secret(secret or ""), revoked_at=None)
        .first()
    )
    if token is None:
        security_log.warning("refused: an unknown or revoked API token")
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
