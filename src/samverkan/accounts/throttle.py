"""Limits on failed sign-ins and on password-reset e-mails, counted atomically in the database.

Sign-in has three counters (settings `SIGN_IN_*`):

- per client address: at most `SIGN_IN_LIMIT_PER_ADDRESS` attempts that did not succeed in a window,
  then every attempt from it is refused until the window ends (a whole office shares one address, so
  this limit is generous);
- per account, from every address: after `SIGN_IN_FAILURES_BEFORE_DELAY` of them the account is
  under attack, and every address that fails for it must wait before its next try, the wait doubling
  with each failure (`SIGN_IN_DELAY_SECONDS` up to `SIGN_IN_MAX_DELAY_SECONDS`);
- per account and address: that wait. An address that has not been failing for the account is
  never held back by it, so an attacker who keeps failing for a known administrator delays only
  themselves, never locks the administrator out.

Every password check goes through here: `backends.EmailBackend.authenticate` counts it, so the site's
sign-in page, Django admin's login and anything else that calls `authenticate()` share the limits.

What this does not stop: because the wait is per account *and address*, every address that has not
yet failed for an account gets its first try at once, even while the account is under attack. That is
the price of "the right password from an address that has not been failing still works". An attacker
with N addresses therefore gets N immediate guesses, then one more per address each time its wait
ends (about `SIGN_IN_FAILURES_BEFORE_DELAY` per address per window, since the wait doubles); the hard
bound is the per-address limit, `SIGN_IN_LIMIT_PER_ADDRESS` attempts per address per window, whatever
the accounts. Long, uncommon passwords (the validators in settings) are what makes that number of
guesses useless.

Why the database and not the cache: the counters must be exact under concurrency, and the default
cache (Django's file cache) reads, changes and writes a whole file, so two processes counting at once
lose a count (24 simultaneous wrong passwords got 6 checks against a limit of 5). One
`INSERT … ON CONFLICT DO UPDATE … RETURNING` statement is atomic on SQLite (one writer at a time) and
on PostgreSQL (the row is locked), on every host sharing the database. An attempt is counted *before*
its password is checked and forgiven when it succeeds, so concurrent attempts each see the ones still
being checked; the wait is set in the same statement that lets an attempt through, so no two pass one
gate at once.
"""

import hashlib
import ipaddress
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from .models import AttemptCounter

security_log = logging.getLogger("samverkan.security")


# --- the client's address ------------------------------------------------------------------------------


def _plain_address(value: str) -> str | None:
    """An IP address as written in a header (`1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]:443`), or None."""
    value = value.strip().strip('"')
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:
        value = value.split(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_address(request) -> str:
    """The client's address, as far as it can be known without trusting what the client wrote.

    With `TRUSTED_PROXIES = 0` the app is reached directly: the socket's address, and X-Forwarded-For
    is ignored (a client can write anything there). With N trusted proxies in front, each appends
    the address it was reached from, so the N-th entry from the right is the one the outermost trusted
    proxy saw; everything left of it was written by the client. When the header has fewer entries
    than that, or the entry is not an address, the request did not come through all the proxies and
    the socket's address is the only one that cannot be forged.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    entries = [entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if len(entries) < proxies:
        return remote
    return _plain_address(entries[-proxies]) or remote


def _address_key(address: str) -> str:
    """IPv6 counts per /64, the block one household or attacker gets; IPv4 per address."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
    return str(parsed)


def _key(kind: str, *parts: str) -> str:
    return f"{kind}:" + hashlib.sha256("\x00".join(parts).lower().encode()).hexdigest()


# --- atomic counters -----------------------------------------------------------------------------------


def _run(sql: str, params: dict) -> list[tuple]:
    table = connection.ops.quote_name(AttemptCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{t}", table), params)
        return cursor.fetchall() if cursor.description else []  # read to the end: SQLite holds the lock until then


def _forget_expired(now: float) -> None:
    _run("DELETE FROM {t} WHERE expires_at < %(now)s", {"now": now})


def _count(key: str, *, now: float, window: float) -> tuple[int, float]:
    """One more attempt under `key` in a window that starts with its first attempt: (attempts, window end)."""
    return _count_until(key, now + window)


def _count_until(key: str, end: float) -> tuple[int, float]:
    rows = _run(
        "INSERT INTO {t} AS c (key, attempts, delay, blocked_until, expires_at) "
        "VALUES (%(key)s, 1, 0, 0, %(end)s) "
        "ON CONFLICT (key) DO UPDATE SET attempts = c.attempts + 1 "
        "RETURNING attempts, expires_at",
        {"key": key, "end": end},
    )
    return rows[0][0], rows[0][1]


def _share_key(counter: str, email: str, address_key: str, window_end: float) -> str:
    """This account-and-address pair's attempts counted by one window of the address or account counter.

    The pair's own row outlives those windows (its wait extends it), so its count cannot say how much
    of the *current* window it made; this row, forgotten with the window, can.
    """
    return _key(f"in-{counter}", email, address_key, f"{window_end:.6f}")


def _uncount(key: str, attempts: int) -> None:
    _run(
        "UPDATE {t} SET attempts = CASE WHEN attempts > %(n)s THEN attempts - %(n)s ELSE 0 END WHERE key = %(key)s",
        {"key": key, "n": attempts},
    )


_NEXT_DELAY = (
    "CASE WHEN (%(attacked)s OR c.attempts + 1 >= %(free)s) THEN "
    "(CASE WHEN c.delay <= 0 THEN %(base)s WHEN c.delay * 2 >= %(cap)s THEN %(cap)s ELSE c.delay * 2 END) "
    "ELSE 0 END"
)


# `{next}`: the next wait, from the wait so far; every SET sees the row as it was before the statement.
_GATE = (
    "INSERT INTO {t} AS c (key, attempts, delay, blocked_until, expires_at) "
    "VALUES (%(key)s, 1, %(first)s, %(first_until)s, %(now)s + %(first)s + %(window)s) "
    "ON CONFLICT (key) DO UPDATE SET attempts = c.attempts + 1, delay = {next}, "
    "blocked_until = CASE WHEN {next} > 0 THEN %(now)s + {next} ELSE c.blocked_until END, "
    "expires_at = %(now)s + {next} + %(window)s "
    "WHERE c.blocked_until <= %(now)s "
    "RETURNING attempts"
).replace("{next}", _NEXT_DELAY)


def _pass_gate(key: str, *, now: float, attacked: bool) -> bool:
    """Let one attempt through the account-and-address gate unless it must still wait; set the next wait.

    The wait is set in the statement that lets the attempt through, so while one attempt holds a
    wait, no other from the same address passes.
    """
    cap = float(settings.SIGN_IN_MAX_DELAY_SECONDS)
    base = min(float(settings.SIGN_IN_DELAY_SECONDS), cap)
    first = base if attacked else 0.0
    window = float(settings.SIGN_IN_WINDOW_SECONDS)
    rows = _run(
        _GATE,
        {
            "key": key,
            "now": now,
            "first": first,
            "first_until": now + first if first else 0.0,
            "window": window,
            "attacked": attacked,
            "free": settings.SIGN_IN_FAILURES_BEFORE_DELAY,
            "base": base,
            "cap": cap,
        },
    )
    return bool(rows)


def _blocked_until(key: str) -> float:
    counter = AttemptCounter.objects.filter(key=key).values_list("blocked_until", flat=True).first()
    return counter or 0.0


# --- sign-in ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is refused without checking its password, and how long until the next try."""

    seconds: int
    per_address: bool  # the address's own limit, rather than this account from this address


def sign_in_begin(email: str, address: str) -> Refusal | None:
    """Count an attempt before its password is checked; a Refusal when it must not be checked now."""
    now = time.time()
    _forget_expired(now)
    address_key = _address_key(address)
    attempts, window_end = _count(_key("address", address_key), now=now, window=settings.SIGN_IN_WINDOW_SECONDS)
    if attempts > settings.SIGN_IN_LIMIT_PER_ADDRESS:
        return Refusal(seconds=max(1, math.ceil(window_end - now)), per_address=True)
    account_key = _key("account", email)
    account_attempts, account_end = _count(account_key, now=now, window=settings.SIGN_IN_WINDOW_SECONDS)
    pair_key = _key("account-address", email, address_key)
    if _pass_gate(pair_key, now=now, attacked=account_attempts >= settings.SIGN_IN_FAILURES_BEFORE_DELAY):
        _count_until(_share_key("address", email, address_key, window_end), window_end)
        _count_until(_share_key("account", email, address_key, account_end), account_end)
        return None
    _uncount(account_key, 1)  # refused before the check: not a failure of the account
    return Refusal(seconds=max(1, math.ceil(_blocked_until(pair_key) - now)), per_address=False)


def sign_in_succeeded(email: str, address: str) -> None:
    """The password was right: this address's failures for this account were its owner's, forgive them.

    Each counter is forgiven only what this pair made in that counter's current window: failures from an
    earlier window are already forgotten there, and forgiving them again would let whoever has one
    account of their own wipe out failures for other accounts from the same address.
    """
    address_key = _address_key(address)
    AttemptCounter.objects.filter(key=_key("account-address", email, address_key)).delete()
    for counter, counter_key in (("address", _key("address", address_key)), ("account", _key("account", email))):
        window_end = AttemptCounter.objects.filter(key=counter_key).values_list("expires_at", flat=True).first()
        if window_end is None:
            continue  # the window has ended and been forgotten: nothing of it to forgive
        share = AttemptCounter.objects.filter(key=_share_key(counter, email, address_key, window_end))
        attempts = share.values_list("attempts", flat=True).first() or 0
        share.delete()
        if attempts:
            _uncount(counter_key, attempts)


def sign_in_failed(email: str, address: str) -> None:
    """Already counted by `sign_in_begin`; logged for the operator."""
    security_log.warning("failed sign-in for %s from %s", email[:100], address)


# --- password-reset e-mails ----------------------------------------------------------------------------


def password_reset_allowed(email: str, address: str) -> bool:
    """Count a request for a reset e-mail, per client address and then per recipient, whether or not
    the account exists; False when either is over its limit. The page answers the same either way."""
    now = time.time()
    _forget_expired(now)
    window = settings.PASSWORD_RESET_WINDOW_SECONDS
    from_address, _end = _count(_key("reset-address", _address_key(address)), now=now, window=window)
    if from_address > settings.PASSWORD_RESET_LIMIT_PER_ADDRESS:
        security_log.warning("refused: password-reset e-mail for %s from %s (address limit)", email[:100], address)
        return False
    for_recipient, _end = _count(_key("reset-recipient", email.strip()), now=now, window=window)
    if for_recipient > settings.PASSWORD_RESET_LIMIT_PER_RECIPIENT:
        security_log.warning("refused: password-reset e-mail for %s from %s (recipient limit)", email[:100], address)
        return False
    return True
