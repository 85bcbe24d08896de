"""Conditional GET for pages whose content is the index's and the reader's: the search page and
its suggestions. The ETag is computed before any work, from everything the page shows:

- the index's generation (search/cache.py), new with every edit, so a 304 never hides an edit;
- the address with its query, the language, and this release of the templates and translations;
- who reads it: the session (user) and the CSRF cookie, whose secret the page's forms carry, so a
  browser keeps a page with valid forms and a different user never gets another's page.

A page with messages waiting is never conditional (showing them is what consumes them). Every
response says `Cache-Control: private, no-cache`: the browser keeps it but asks each time.
"""

import functools
import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.messages import get_messages
from django.views.decorators.cache import patch_cache_control
from django.views.decorators.http import condition

from search.cache import current_generation


@cache
def release() -> str:
    """What changes with a deploy: the newest template or translation file (read once)."""
    roots = [Path(settings.BASE_DIR) / "templates", *map(Path, settings.LOCALE_PATHS)]
    newest = max((f.stat().st_mtime_ns for root in roots for f in root.rglob("*") if f.is_file()), default=0)
    return f"{newest}:{settings.SECRET_KEY[:8]}"


def has_messages(request) -> bool:
    storage = get_messages(request)
    return bool(getattr(storage, "_loaded_messages", None) or getattr(storage, "_queued_messages", None))


def page_etag(request) -> str | None:
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    # Without the cookie the page sets a new one: its forms would not match the next request's.
    if not csrf_cookie or has_messages(request):
        return None
    session = getattr(request, "session", None)
    parts = [
        current_generation(),
        request.get_full_path(),
        getattr(request, "LANGUAGE_CODE", ""),
        release(),
        session.session_key if session is not None else "",
        request.user.pk if request.user.is_authenticated else "",
        csrf_cookie,
    ]
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def conditional_page(view):
    """The view with an ETag (a 304 when the browser's copy is current) and a private cache."""
    conditional = condition(etag_func=page_etag)(view)

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = conditional(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_cache=True)
        return response

    return wrapped
