"""Production settings that need more than one line: the secret key's checks, e-mail from one URL and
PostgreSQL's prepared statements (tests/test_deployment.py)."""

from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "submission": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}
TRUE_WORDS = {"1", "true", "yes", "on"}

# Django's own deploy check (security.W009) warns below 50 characters; fewer than 10 different
# characters is no random key (a hex key has 16).
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 10
MAKE_A_KEY = 'Make one: python3 -c "import secrets; print(secrets.token_urlsafe(50))"'


def secret_key(value, *, debug, development_key):
    """The SECRET_KEY to run with, or ImproperlyConfigured when production would run with a key anyone
    can guess: none, empty, the development key, startproject's, too short or too uniform.

    An empty key must stop the start like a missing one: Django would start and then answer every
    request with a server error. Development (DEBUG on) without a key uses `development_key`.
    """
    value = (value or "").strip()
    if debug:
        return value or development_key
    if not value or value == development_key or value.startswith("django-insecure-"):
        raise ImproperlyConfigured(f"Set SECRET_KEY when DEBUG is off. {MAKE_A_KEY}")
    if len(value) < SECRET_KEY_MIN_LENGTH or len(set(value)) < SECRET_KEY_MIN_DISTINCT:
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak: use at least {SECRET_KEY_MIN_LENGTH} random characters "
            f"(this one has {len(value)}, {len(set(value))} different). {MAKE_A_KEY}"
        )
    return value


def parse_email_url(url):
    """Django's EMAIL_* settings from one URL such as `smtp://user:password@mail.example.dk:587?tls=1`.

    `smtp://` (port 25, or STARTTLS with `?tls=1`), `submission://` (port 587, STARTTLS), `smtps://`
    (port 465, TLS from the start), `console://`, `locmem://`, `dummy://`. User and password may be
    percent-encoded. Twenty lines here instead of the dj-email-url package: it covers only this and has
    had no release for years, and an unknown scheme should stop the start-up, not fall back silently.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in EMAIL_BACKENDS:
        raise ImproperlyConfigured(f"EMAIL_URL: unknown scheme {scheme!r}; use one of {', '.join(EMAIL_BACKENDS)}.")
    options = {key.lower(): values[-1] for key, values in parse_qs(parts.query).items()}
    config = {"EMAIL_BACKEND": EMAIL_BACKENDS[scheme]}
    if EMAIL_BACKENDS[scheme].endswith(".smtp.EmailBackend"):
        use_ssl = scheme == "smtps" or options.get("ssl", "").lower() in TRUE_WORDS
        use_tls = not use_ssl and (scheme == "submission" or options.get("tls", "").lower() in TRUE_WORDS)
        default_port = 465 if use_ssl else 587 if use_tls else 25
        config.update(
            EMAIL_HOST=parts.hostname or "localhost",
            EMAIL_PORT=parts.port or default_port,
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_TLS=use_tls,
            EMAIL_USE_SSL=use_ssl,
            EMAIL_TIMEOUT=int(options.get("timeout", "10")),
        )
    return config


# psycopg's own default: a statement is prepared on its connection once it has run this many times.
DEFAULT_PREPARE_THRESHOLD = 5
NEVER_WORDS = {"off", "no", "false", "never"}


def prepare_threshold(value):
    """psycopg's `prepare_threshold` from DATABASE_PREPARE_THRESHOLD: after how many runs on a
    connection a statement is prepared on the server (so PostgreSQL stops planning it anew), or None
    (`off`) for never. Unset or empty: 5. `off` is for a pooler that cannot keep prepared statements
    apart (pgbouncer before 1.21, or without `max_prepared_statements`: docs/scaling.md)."""
    value = (value or "").strip().lower()
    if not value:
        return DEFAULT_PREPARE_THRESHOLD
    if value in NEVER_WORDS:
        return None
    if value.isdigit():
        return int(value)
    raise ImproperlyConfigured(
        f"DATABASE_PREPARE_THRESHOLD: {value!r} is neither a whole number of runs (such as 5) nor off."
    )
