"""Cache keys, and the data generation that every figure cached from the database is stored under.

A figure computed from the data (a ranking, the progress overview, a plan's gaps) is cached under `data_key`:
its parameters, the page's language and the current data generation. Every import
(sources.importing.release_import) and every public edit (core.validation.save_validated,
core.history.save_with_links, the targets' writes, any change in the admin) calls `bump_generation`, so the
next request computes the figure anew; entries of earlier generations are never read again and expire.
A rendered chart is cached under `content_key`: its inputs are the figures themselves.

The generation is kept in the cache itself, so every app-server process that shares the cached figures
(the file cache on one host, Redis across hosts) shares the generation too. It is a random token rather
than a counter: a token lost to a cleared or culled cache is replaced by a new one that no entry was
stored under, so nothing old is ever read as new.
"""

import hashlib
import uuid

from django.core.cache import cache
from django.db import connection, transaction
from django.utils.translation import get_language

GENERATION_KEY = "data-generation"
TIMEOUT = 60 * 60 * 24  # a cached figure is computed anew at least once a day


def generation() -> str:
    """The current data generation: the same token in every process until the data changes."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        cache.add(GENERATION_KEY, token, timeout=None)  # two processes starting at once: the first one wins
        token = cache.get(GENERATION_KEY) or token
    return token


def _new_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def bump_generation() -> None:
    """The data changed: every key built from now on differs from the ones built before.

    Inside a transaction the generation changes at once (so the writer's own later reads see the change) and
    again when the transaction commits: a request that read the data still uncommitted (the old data) in
    between must not leave its figure under the generation that follows the commit.
    """
    _new_generation()
    if connection.in_atomic_block and not any(entry[1] is _new_generation for entry in connection.run_on_commit):
        transaction.on_commit(_new_generation)


def _digest(parts: tuple) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def data_key(prefix: str, *parameters) -> str:
    """The key of a figure computed from the data: its parameters, the language and the data generation."""
    return f"{prefix}:{_digest((*parameters, get_language(), generation()))}"


def content_key(prefix: str, *parameters) -> str:
    """The key of something determined by its parameters alone (a chart drawn from the figures it is given)."""
    return f"{prefix}:{_digest(parameters)}"
