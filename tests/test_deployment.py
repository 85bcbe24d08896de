"""Production configuration from the environment: Django's deploy checks, refusals, e-mail, cache,
read replica and structured logs, each read the way the server reads them (a fresh process)."""

import json
import logging
import re
import shutil
import sqlite3
import subprocess

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from faxe_directory.db_router import ReadReplicaRouter, ReplicaReadsMiddleware
from faxe_directory.deployment import parse_email_url, prepare_threshold
from faxe_directory.logs import JsonFormatter
from people.models import ImportJob, ImportJobFile, Person
from tests.production import PRODUCTION_ENV, PROJECT, production_settings, run_python

SETTINGS = PROJECT / "faxe_directory" / "settings.py"


def test_check_deploy_reports_nothing_with_the_documented_variables():
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_does_complain_about_a_development_setup():
    """The check above would pass vacuously if Django's deploy checks did not run at all."""
    result = run_python(["manage.py", "check", "--deploy"], {"DEBUG": "1", "SECURE_HSTS_SECONDS": "0"})
    assert result.returncode == 0  # warnings only
    assert "security.W018" in result.stderr  # DEBUG on
    assert "security.W004" in result.stderr  # no HSTS


def test_refuses_to_start_with_debug_off_and_no_secret_key():
    result = run_python(["manage.py", "check"], drop=["SECRET_KEY"])
    assert result.returncode != 0
    assert "Set SECRET_KEY when DEBUG is off." in result.stderr


def test_refuses_to_start_with_debug_off_and_the_development_secret_key():
    result = run_python(["manage.py", "check"], {"SECRET_KEY": "dev-only-insecure-secret-key-change-me"})
    assert result.returncode != 0
    assert "Set SECRET_KEY when DEBUG is off." in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "",
        "   ",
        "kort-men-hemmeligt",
        "a" * 64,
        "ab" * 40,
        "django-insecure-" + "k3v9Qz8wL2pXr7tB1nY6mH4sD0fJ5cG8aE2uI9oP3lK7j",
    ],
    ids=["empty", "blank", "too short", "one character", "two characters", "startproject's insecure key"],
)
def test_refuses_to_start_with_debug_off_and_an_empty_or_weak_secret_key(key):
    result = run_python(["manage.py", "check"], {"SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "Traceback" in result.stderr  # stopped while reading settings
    assert "secrets.token_urlsafe(50)" in result.stderr  # and says how to make a good one


@pytest.mark.parametrize(
    "key",
    [
        "k3v9-Qz8wL2pXr7tB1nY6mH4sD0fJ5cG8aE2uI9oP3lK7jR1xV6bN4qW0zT5yU",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    ],
)
def test_a_long_random_secret_key_starts(key):
    """What docs/deploy.md tells the administrator to make, and `openssl rand -hex 32`."""
    result = run_python(["manage.py", "check"], {"SECRET_KEY": key})
    assert result.returncode == 0, result.stderr


def test_development_without_a_secret_key_still_starts():
    result = run_python(["manage.py", "check"], {"DEBUG": "1", "SECRET_KEY": ""})
    assert result.returncode == 0, result.stderr


def test_production_reads_its_environment():
    values = production_settings(
        "DEBUG",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "DATABASES",
        "MEDIA_ROOT",
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_HOST_USER",
        "EMAIL_USE_TLS",
        "STORAGES",
        "CACHES",
        "SERVE_MEDIA",
        "LOGGING",
    )
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["katalog.faxekommune.dk"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://katalog.faxekommune.dk"]
    database = values["DATABASES"]["default"]
    assert (database["ENGINE"], database["HOST"], database["NAME"]) == (
        "django.db.backends.postgresql",
        "db.internal",
        "faxe",
    )
    assert values["MEDIA_ROOT"] == "/srv/faxe/media"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"], values["EMAIL_USE_TLS"]) == ("smtp.faxekommune.dk", 587, True)
    assert values["EMAIL_HOST_USER"] == "katalog@faxekommune.dk"
    assert values["STORAGES"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["SERVE_MEDIA"] is False
    assert values["LOGGING"]["handlers"]["console"]["formatter"] == "json"


def test_redis_url_selects_djangos_redis_cache():
    values = production_settings("CACHES", extra_env={"REDIS_URL": "redis://127.0.0.1:6379/3"})
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert values["CACHES"]["default"]["LOCATION"] == "redis://127.0.0.1:6379/3"


def test_cache_directory_lets_the_workers_share_search_results_and_page_parts_in_files():
    default = production_settings("CACHES")["CACHES"]
    assert default["search"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    # systemd's CacheDirectory= sets CACHE_DIRECTORY (colon-separated when a unit has several).
    values = production_settings("CACHES", extra_env={"CACHE_DIRECTORY": "/var/cache/faxe-directory:/var/cache/other"})
    assert values["CACHES"]["search"]["BACKEND"] == "faxe_directory.caches.SharedFileCache"
    assert values["CACHES"]["search"]["LOCATION"] == "/var/cache/faxe-directory/search"
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    both = production_settings(
        "CACHES", extra_env={"CACHE_DIRECTORY": "/var/cache/faxe-directory", "REDIS_URL": "redis://127.0.0.1:6379/3"}
    )
    assert both["CACHES"]["search"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


def test_replica_url_adds_the_replica_and_its_router():
    values = production_settings(
        "DATABASES",
        "DATABASE_ROUTERS",
        "MIDDLEWARE",
        extra_env={"DATABASE_REPLICA_URL": "postgres://faxe@replica.internal:5432/faxe"},
    )
    assert values["DATABASES"]["replica"]["HOST"] == "replica.internal"
    assert values["DATABASE_ROUTERS"] == ["faxe_directory.db_router.ReadReplicaRouter"]
    middleware = values["MIDDLEWARE"]
    assert middleware.index("faxe_directory.db_router.ReplicaReadsMiddleware") < middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )
    assert production_settings("DATABASE_ROUTERS")["DATABASE_ROUTERS"] == []  # without a replica: no router


# --- e-mail ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.dk", {"EMAIL_HOST": "mail.example.dk", "EMAIL_PORT": 25, "EMAIL_USE_TLS": False}),
        ("smtp://mail.example.dk:2525?tls=1", {"EMAIL_PORT": 2525, "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False}),
        ("submission://u:p@mail.example.dk", {"EMAIL_PORT": 587, "EMAIL_USE_TLS": True, "EMAIL_HOST_USER": "u"}),
        ("smtps://u:p%2Fq@mail.example.dk", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True, "EMAIL_HOST_PASSWORD": "p/q"}),
        ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
    ],
)
def test_email_url(url, expected):
    config = parse_email_url(url)
    assert {key: config[key] for key in expected} == expected


def test_unknown_email_scheme_stops_the_start():
    with pytest.raises(ImproperlyConfigured, match="unknown scheme 'http'"):
        parse_email_url("http://mail.example.dk")


# --- read replica router -----------------------------------------------------------------------


def route_reads(method, during=lambda router: None, models=(Person, Session)):
    """Which database the router picks for a read during a request with `method`, after `during()`."""
    router = ReadReplicaRouter()
    chosen = {}

    def view(request):
        during(router)
        for model in models:
            chosen[model._meta.model_name] = router.db_for_read(model)
        return HttpResponse()

    ReplicaReadsMiddleware(view)(getattr(RequestFactory(), method.lower())("/"))
    return chosen


def test_router_reads_from_the_replica_on_a_read_only_request():
    assert route_reads("GET") == {"person": "replica", "session": "default"}


def test_router_reads_from_the_primary_when_the_request_may_write():
    assert route_reads("POST") == {"person": "default", "session": "default"}


def test_router_reads_from_the_primary_after_a_write_in_the_same_request():
    assert route_reads("GET", lambda router: router.db_for_write(Person))["person"] == "default"


@pytest.mark.django_db
def test_router_reads_from_the_primary_inside_a_transaction():
    def in_transaction(router):
        with transaction.atomic():
            assert connection.in_atomic_block
            assert router.db_for_read(Person) == "default"

    route_reads("GET", in_transaction)


def test_router_reads_import_jobs_from_the_primary():
    """An import job's page is read right after the upload that wrote the job, then follows the
    worker's progress: a lagging replica would answer 404 or an old status."""
    assert route_reads("GET", models=(ImportJob, ImportJobFile)) == {"importjob": "default", "importjobfile": "default"}


def test_router_reads_from_the_primary_outside_requests_and_migrates_only_the_primary():
    router = ReadReplicaRouter()
    assert router.db_for_read(Person) == "default"
    assert router.allow_migrate("default", "people") is True
    assert router.allow_migrate("replica", "people") is False


# --- structured logs ---------------------------------------------------------------------------


def test_log_lines_are_json_with_extra_fields():
    record = logging.makeLogRecord(
        {"name": "django.request", "levelname": "WARNING", "msg": "Not Found: %s", "args": ("/x",), "status_code": 404}
    )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "django.request"
    assert entry["message"] == "Not Found: /x"
    assert entry["status_code"] == 404
    assert entry["time"].endswith("+00:00")


def test_gunicorn_access_lines_become_fields():
    atoms = {"h": "10.0.0.7", "m": "GET", "U": "/soeg/", "q": "q=pleje", "s": "200", "B": "5120", "M": "42", "a": "-"}
    record = logging.makeLogRecord({"name": "gunicorn.access", "levelname": "INFO", "msg": "%(h)s", "args": ()})
    record.args = atoms
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "request"
    assert entry["path"] == "/soeg/"
    assert entry["query"] == "q=pleje"
    assert entry["status"] == "200"
    assert entry["duration_ms"] == "42"
    assert "user_agent" not in entry


def test_every_variable_settings_reads_is_documented_in_docs_deploy():
    names = set(re.findall(r'(?:environ\.get|environ\[|env_bool|env_list)\(?"([A-Z_]+)"', SETTINGS.read_text()))
    assert {"SECRET_KEY", "REDIS_URL", "EMAIL_URL"} <= names  # the pattern finds them at all
    deploy = (PROJECT / "docs" / "deploy.md").read_text()
    assert sorted(name for name in names if f"`{name}`" not in deploy) == []


def test_production_env_is_what_docs_deploy_documents():
    """Every variable the tests use as "production" is named in docs/deploy.md."""
    deploy = (PROJECT / "docs" / "deploy.md").read_text()
    assert all(name in deploy for name in PRODUCTION_ENV)


# --- the production server ---------------------------------------------------------------------


def test_gunicorn_loads_the_app_with_its_config():
    """`make serve-prod`'s command, checked without serving: config file, logger class, WSGI app."""
    result = run_python(["-c", CHECK_GUNICORN], {"DATABASE_URL": "sqlite:///unused.sqlite3"})
    assert result.returncode == 0, result.stdout + result.stderr
    settings = json.loads(result.stdout.strip().splitlines()[-1])
    assert settings == {
        "workers": 2,
        "bind": ["127.0.0.1:8000"],
        "preload_app": True,
        "control_socket_disable": True,
        "logger_class": "JsonLogger",
    }


CHECK_GUNICORN = """
import json, sys
from gunicorn.app.wsgiapp import WSGIApplication
sys.argv = ["gunicorn", "-c", "faxe_directory/gunicorn.conf.py", "faxe_directory.wsgi"]
app = WSGIApplication()
app.load_wsgiapp()  # imports Django with the production settings
cfg = app.cfg
print(json.dumps({
    "workers": cfg.workers,
    "bind": cfg.bind,
    "preload_app": cfg.preload_app,
    "control_socket_disable": cfg.control_socket_disable,
    "logger_class": cfg.logger_class.__name__,
}))
"""


# --- the repository ------------------------------------------------------------------------------


def test_the_development_database_leaves_nothing_for_git_to_pick_up(tmp_path):
    """`make run` keeps SQLite in WAL mode (settings.py), which leaves db.sqlite3-wal and -shm beside
    the database while it is open; none of it may end up in a commit."""
    shutil.copy(PROJECT / ".gitignore", tmp_path / ".gitignore")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    database = sqlite3.connect(tmp_path / "db.sqlite3")
    try:
        database.execute("PRAGMA journal_mode=WAL")
        database.execute("CREATE TABLE t (x)")
        database.execute("INSERT INTO t VALUES (1)")
        database.commit()
        left = {path.name for path in tmp_path.iterdir()}
        assert {"db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm"} <= left  # the files really are there
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        database.close()
    assert status.stdout.splitlines() == ["?? .gitignore"]


# --- prepared statements -----------------------------------------------------------------------


def test_postgresql_binds_on_the_server_and_prepares_repeated_statements():
    options = production_settings("DATABASES")["DATABASES"]["default"]["OPTIONS"]
    assert (options["server_side_binding"], options["prepare_threshold"]) == (True, 5)
    assert options["cursor_factory"] == "<class 'faxe_directory.postgres.Cursor'>"
    pooled = production_settings("DATABASES", extra_env={"DATABASE_PREPARE_THRESHOLD": "off"})
    assert pooled["DATABASES"]["default"]["OPTIONS"]["prepare_threshold"] is None
    replica = production_settings(
        "DATABASES",
        extra_env={"DATABASE_PREPARE_THRESHOLD": "2", "DATABASE_REPLICA_URL": "postgres://faxe@replica.internal/faxe"},
    )
    assert replica["DATABASES"]["replica"]["OPTIONS"]["prepare_threshold"] == 2


@pytest.mark.parametrize(("value", "expected"), [("", 5), (" 0 ", 0), ("12", 12), ("OFF", None), ("never", None)])
def test_prepare_threshold(value, expected):
    assert prepare_threshold(value) == expected


@pytest.mark.parametrize("value", ["-1", "5.5", "fem"])
def test_a_prepare_threshold_that_is_no_number_stops_the_start(value):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_PREPARE_THRESHOLD"):
        prepare_threshold(value)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
@pytest.mark.django_db
def test_a_page_read_again_and_again_runs_prepared_statements(client, django_user_model):
    """What the setting is for: the fifth visit of a page finds its statements prepared on the
    connection, so PostgreSQL no longer plans them (the whole suite runs with them on PostgreSQL)."""
    user = django_user_model.objects.create_user("læser", password="x" * 12)
    client.force_login(user)
    for _visit in range(6):
        assert client.get("/enheder/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE from_sql IS FALSE")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("django_session" in statement for statement in prepared), prepared


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the parameter limit is PostgreSQL's protocol's")
@pytest.mark.django_db
def test_statements_with_more_parameters_than_the_server_takes_still_run():
    """An import's long lists: a bulk insert of 35,000 people (some 800,000 values) and 70,000 ids
    in one `__in` are bound on the client (PostgreSQL takes at most 65,535 bound on the server)."""
    people = Person.objects.bulk_create(
        [Person(first_name=f"Navn{n}", last_name="Import", email=f"p{n}@example.dk") for n in range(35_000)]
    )
    ids = [person.pk for person in people] + list(range(10**9, 10**9 + 35_000))
    assert Person.objects.filter(pk__in=ids).count() == 35_000
    assert Person.objects.filter(pk__in=ids[:100]).count() == 100  # a short list is bound on the server
