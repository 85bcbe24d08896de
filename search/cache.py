"""Search results kept between requests, keyed by the index's generation.

Every write to the index (search/index.py) calls `bump_generation()` in its own transaction,
which gives the one row of `search_generation` a new random token. A search reads the token
first (one primary-key look-up) and looks for its results under it: after any edit the token is
new, so no search can be answered from results computed before the edit. What a search shows
depends on nothing but the index, the lexicon, the synonyms and the label tables the statement
joins (whose writes bump too: `bump_on_change`); never on who asks, so one cached result serves
every user (the page around it, with its user and CSRF token, is rendered per request).

The cache is Django's "search" cache (settings.CACHES): the Redis cache when REDIS_URL is set,
files the workers of one host share when CACHE_DIRECTORY is (faxe_directory/caches.py), otherwise
a small per-process memory cache.
"""

import functools
import hashlib
import pickle
import secrets
import threading
import zlib

from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import connection, connections, router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from search.models import IndexGeneration

CACHE_ALIAS = "search"
# A cached result outlives its generation only until the cache drops it; this bounds that too.
TIMEOUT = 600


# Within one request the token is read once (the ETag and the search share it), unless the
# request itself writes to the index.
_request = threading.local()


def current_generation() -> int:
    """The index's token as this transaction sees it (0 before any write), read from the database
    the request reads its data from: with a read replica (faxe_directory/db_router.py) a reader of
    the lagging replica gets the replica's token, so that nothing read from the primary (a writer's
    own pages) is kept under it, nor anything from the replica under the primary's newer token."""
    token = getattr(_request, "token", None)
    if token is not None:
        return token
    with connections[router.db_for_read(IndexGeneration)].cursor() as cursor:
        cursor.execute("SELECT token FROM search_generation WHERE id = 1")
        row = cursor.fetchone()
    token = row[0] if row else 0
    if getattr(_request, "active", False):
        _request.token = token
    return token


def bump_generation() -> None:
    """Give the index a new token: call in the transaction of any write to the index."""
    _request.token = None
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO search_generation (id, token) VALUES (1, %s) "
            "ON CONFLICT (id) DO UPDATE SET token = excluded.token",
            [secrets.randbits(62)],
        )


@receiver(request_started)
def _request_started(**kwargs):
    _request.active, _request.token = True, None


@receiver(request_finished)
def _request_finished(**kwargs):
    _request.active, _request.token = False, None


def bumps_generation(function):
    """Run `function` (a write to the index) in a transaction that also bumps the generation,
    first, so that index writers always take the generation's row lock before any entry's."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with transaction.atomic():
            bump_generation()
            return function(*args, **kwargs)

    return wrapper


def bump_on_change(model) -> None:
    """Bump the generation whenever a row of `model` is saved or deleted (tables the search
    statement reads besides the index: facet labels, synonyms, the shown objects; and what the
    page parts kept per generation show besides the index: search/templatetags/generation.py).
    For a many-to-many table (`Model.field.through`), whenever its links change."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_bump_on_signal, sender=model, dispatch_uid=f"search-generation-{model._meta.label}")


def _bump_on_signal(sender, action=None, **kwargs):
    if action is None or action.startswith("post_"):  # m2m_changed: once the links have changed
        bump_generation()


def key(*parts) -> str:
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"search:{digest}"


def get(generation: int, *parts):
    stored = caches[CACHE_ALIAS].get(key(generation, *parts))
    return None if stored is None else pickle.loads(zlib.decompress(stored))


def put(generation: int, *parts, value) -> None:
    # Compressed (a rendered result page: ~20 kB, ~4 kB compressed, 0.1 ms): the cache's entries
    # stay within a worker's memory budget (settings.CACHES, docs/performance.md).
    stored = zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1)
    caches[CACHE_ALIAS].set(key(generation, *parts), stored, TIMEOUT)


def clear() -> None:
    caches[CACHE_ALIAS].clear()
