"""A limit on failed sign-ins, per account and per address, kept in the shared cache.

Separate limits: an account is locked after a few failures, an address (a whole municipal
office behind one address) only after many. django-axes counts both against one limit,
which would lock an office out after five mistakes, so this is written out here.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

security_log = logging.getLogger("samverkan.security")


def _key(kind: str, value: str) -> str:
    return f"sign-in-failures:{kind}:" + hashlib.sha256(value.lower().encode()).hexdigest()


def client_address(request) -> str:
    """The client's address: the first X-Forwarded-For entry in production behind a proxy."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.PRODUCTION else ""
    return (forwarded.split(",")[0].strip() if forwarded else "") or request.META.get("REMOTE_ADDR", "")


def _entries(email: str, address: str) -> list[tuple[str, int]]:
    return [
        (_key("account", email), settings.SIGN_IN_LIMIT_PER_ACCOUNT),
        (_key("address", address), settings.SIGN_IN_LIMIT_PER_ADDRESS),
    ]


def locked_for(email: str, address: str) -> int:
    """Seconds until sign-in is allowed again for this account or address; 0 when it is allowed."""
    now = time.time()
    waits = []
    for key, limit in _entries(email, address):
        failures = [stamp for stamp in cache.get(key, []) if stamp > now - settings.SIGN_IN_WINDOW_SECONDS]
        if len(failures) >= limit:
            waits.append(int(failures[-limit] + settings.SIGN_IN_WINDOW_SECONDS - now) + 1)
    return max(waits, default=0)


def record_failure(email: str, address: str) -> None:
    now = time.time()
    for key, limit in _entries(email, address):
        failures = [stamp for stamp in cache.get(key, []) if stamp > now - settings.SIGN_IN_WINDOW_SECONDS]
        failures.append(now)
        cache.set(key, failures[-limit:], settings.SIGN_IN_WINDOW_SECONDS)
    security_log.warning("failed sign-in for %s from %s", email[:100], address)


def clear_account(email: str) -> None:
    cache.delete(_key("account", email))
