"""Settings for Faxe Directory.

One settings module driven by environment variables. The defaults are safe for
development (SQLite file in the project, DEBUG on); production sets the variables
documented in README.md.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from faxe_directory.deployment import parse_email_url, prepare_threshold, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
DEV_SECRET_KEY = "dev-only-insecure-secret-key-change-me"
# Production refuses to start without a strong key (faxe_directory/deployment.py, docs/deploy.md).
SECRET_KEY = secret_key(os.environ.get("SECRET_KEY"), debug=DEBUG, development_key=DEV_SECRET_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# HTTPS in production (docs/deploy.md): nginx terminates TLS and sets X-Forwarded-Proto, which Django
# trusts because nothing reaches gunicorn except through nginx. Each can be turned off for a test bench.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer probes health over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^sundhed/(live/)?$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
# Behind this many reverse proxies the client's address is taken from X-Forwarded-For (login lockout).
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "taggit",
    "csp",
    # django-axes, named "Login protection" in admin (faxe_directory/apps.py).
    "faxe_directory.apps.LoginProtectionConfig",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "core",
    "search",
    "units",
    "people",
    "tryouts",
    "vocabulary",
    "opendata",
    "api",
    "following",
    "portal",
    "demo",
    "faxe_directory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "faxe_directory.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Object permissions (who may edit what) live in each app's rules.py.
# The login guard (django-axes) must come first so that a locked-out user is refused before any
# backend checks a password.
AUTHENTICATION_BACKENDS = [
    "faxe_directory.login_guard.LoginGuardBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's password login, refusing the users of people who have left (people/auth.py).
    "people.auth.ActivePersonBackend",
    # Single sign-on; authenticates nobody unless OIDC_* below are configured.
    "faxe_directory.sso.MunicipalOIDCBackend",
]

ROOT_URLCONF = "faxe_directory.urls"
WSGI_APPLICATION = "faxe_directory.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "faxe_directory.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while seed_demo writes; a busy timeout avoids "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Data that fits in memory or on SSD: index scans are cheap. Without this the planner scans the
    # whole search table for common words instead of using its GIN index. Parallel workers only
    # slow down short web queries on a small server (docs/performance.md).
    # Parameters are bound on the server, and a statement that has run DATABASE_PREPARE_THRESHOLD
    # times on a connection is prepared there: PostgreSQL then stops planning it anew, which was half
    # of a visitkort's SQL time (docs/performance.md, "Session 11"). `off` for a pooler that cannot
    # keep prepared statements (docs/scaling.md). faxe_directory/postgres.py binds a statement with
    # more parameters than the server takes on the client; imported here, as psycopg (0.2–0.3 s) is
    # not needed on SQLite.
    from faxe_directory import postgres

    DATABASES["default"]["OPTIONS"] = {
        "options": "-c random_page_cost=1.1 -c max_parallel_workers_per_gather=0",
        "server_side_binding": True,
        "cursor_factory": postgres.Cursor,
        "prepare_threshold": prepare_threshold(os.environ.get("DATABASE_PREPARE_THRESHOLD")),
    }

# Optional read replica (docs/scaling.md): read-only requests read from it, everything else uses the primary.
# After a write, that browser reads from the primary until the replica has replayed the write, for at
# most this many seconds (faxe_directory/db_router.py).
DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "300"))
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["faxe_directory.db_router.ReadReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "faxe_directory.db_router.ReplicaReadsMiddleware",
    )

# A search whose matches a sixteenth of the index puts above this many is approximate: its counts
# are estimated from that sample and only its best candidates are ranked (search/engine.py
# `_matches`; the page says so). Empty: always count and rank every match.
SEARCH_EXACT_LIMIT = int(os.environ.get("SEARCH_EXACT_LIMIT", "2000") or 0) or None

# Optional shared cache (docs/scaling.md); each process keeps its own small cache otherwise.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "faxe",
            "TIMEOUT": 300,
        },
        # Search results keyed by the index's generation (search/cache.py), shared by the workers.
        "search": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "faxe-search",
            "TIMEOUT": 600,
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Search results and rendered result pages keyed by the index's generation
        # (search/cache.py): 2–5 kB each compressed, so at most ~10 MB per worker.
        "search": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "search-results",
            "TIMEOUT": 600,
            "OPTIONS": {"MAX_ENTRIES": 2500},
        },
    }
    # The workers of one host share them in files instead (faxe_directory/caches.py): a visitkort or
    # profile is then rendered once per generation, not once in each worker. systemd's
    # CacheDirectory= sets CACHE_DIRECTORY (docs/deploy.md); a colon separates several folders.
    if os.environ.get("CACHE_DIRECTORY"):
        CACHES["search"] = {
            "BACKEND": "faxe_directory.caches.SharedFileCache",
            "LOCATION": str(Path(os.environ["CACHE_DIRECTORY"].split(":")[0]) / "search"),
            "TIMEOUT": 600,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs (the admin's organisation import) wait in the database until `manage.py db_worker`
# runs them: no broker to operate. `make run` starts a worker beside the development server; production
# runs it as its own service (docs/deploy.md, "Background worker").
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
# The login page again, saying that the session in this browser is closed (shared PCs).
LOGOUT_REDIRECT_URL = "logged_out"

# Single sign-on with the municipality's OpenID Connect provider (faxe_directory/sso.py;
# docs/deploy.md, "Single sign-on"). Off unless OIDC_RP_CLIENT_ID and an issuer (or the
# endpoints) are set. Endpoints left empty come from the issuer's discovery document.
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
# "Log af" ends the provider's session too (RP-initiated logout); from discovery's end_session_endpoint.
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_CLAIM_EMAIL = os.environ.get("OIDC_CLAIM_EMAIL", "email")
OIDC_CLAIM_FIRST_NAME = os.environ.get("OIDC_CLAIM_FIRST_NAME", "given_name")
OIDC_CLAIM_LAST_NAME = os.environ.get("OIDC_CLAIM_LAST_NAME", "family_name")
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", True)
OIDC_VERIFY_SSL = env_bool("OIDC_VERIFY_SSL", True)
OIDC_TIMEOUT = 10
# Database sessions, read with one plain statement (faxe_directory/sessions.py).
SESSION_ENGINE = "faxe_directory.sessions"
# A working day from logging in, then log in again; the cookie also ends when the browser closes,
# because many employees share PCs in institutions and care homes (docs/deploy.md, "Sessions").
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 8)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

# Login brute-force protection (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user
# name from one address, that pair is locked out for AXES_COOLOFF_TIME; a success resets the count.
# Locking by the pair keeps an attacker from locking a colleague out from elsewhere. Only password
# logins count: single sign-on leaves passwords to the provider (login_guard.is_not_a_password_guess).
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "faxe_directory.login_guard.lockout_response"
AXES_CLIENT_IP_CALLABLE = "faxe_directory.login_guard.client_ip"
AXES_USERNAME_CALLABLE = "faxe_directory.login_guard.client_username"
AXES_WHITELIST_CALLABLE = "faxe_directory.login_guard.is_not_a_password_guess"
AXES_VERBOSE = False

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded photos are served by the web server in production (docs/deploy.md); SERVE_MEDIA=1 lets
# Django serve them (with safe headers) where there is no web server in front, e.g. `make serve-prod`.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Strict CSP: no inline script or style anywhere; everything comes from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# EMAIL_URL=smtp://user:password@host:587?tls=1 sets backend, host, port, login and TLS at once.
if os.environ.get("EMAIL_URL"):
    globals().update(parse_email_url(os.environ["EMAIL_URL"]))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "faxe-directory@localhost")
# The address of the site as employees reach it: links in emails (new suggestions, reminders).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

TAGGIT_CASE_INSENSITIVE = True

# The read-only API for integrations (api/, docs/api.md): requests per client token, e.g. "600/hour".
# Counted in the cache: per process unless REDIS_URL gives a shared one.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/minute")
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Faxe Directory API",
    "DESCRIPTION": "Read-only access for integrations: units, active people and try-outs (docs/api.md).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

MUNICIPALITY_NAME = os.environ.get("MUNICIPALITY_NAME", "Faxe Kommune")
# The logo beside the name in the header: a path under static/ (or an https:// address the CSP
# allows); empty shows the name alone.
MUNICIPALITY_LOGO = os.environ.get("MUNICIPALITY_LOGO", "img/favicon.svg")
# "Chat" on profiles and visitkort opens a Microsoft Teams chat with the e-mail address; switch it
# off where the municipality does not use Teams.
TEAMS_CHAT = env_bool("TEAMS_CHAT", True)
# Visitkort not confirmed for this many days carry a "may be out of date" note.
STALE_AFTER_DAYS = 365

# One JSON object per line on stdout in production (LOG_FORMAT=json), readable lines in development.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "faxe_directory.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": os.environ.get("LOG_FORMAT", "plain" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
