"""Health endpoints as a load balancer and a process supervisor use them (docs/deploy.md)."""

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches

REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url():
    """A throw-away Redis server of our own (Debian's redis-server; .ci/run installs it)."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is missing: apt-get install -y redis-server"
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def redis_cache(settings, redis_url):
    settings.CACHES = {"default": {"BACKEND": REDIS_CACHE, "LOCATION": redis_url}}
    yield
    caches["default"].close()


def test_readiness_checks_the_database(anon_client):
    response = anon_client.get("/sundhed/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_readiness_checks_a_configured_redis_cache(anon_client, redis_cache):
    response = anon_client.get("/sundhed/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_not_ready_when_the_cache_is_down(anon_client, settings):
    settings.CACHES = {"default": {"BACKEND": REDIS_CACHE, "LOCATION": f"redis://127.0.0.1:{free_port()}/0"}}
    response = anon_client.get("/sundhed/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "unavailable"}


def test_liveness_answers_even_when_the_database_is_down(anon_client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OSError("database unavailable")

    monkeypatch.setattr("faxe_directory.health.connection", BrokenConnection())
    assert anon_client.get("/sundhed/").status_code == 503
    response = anon_client.get("/sundhed/live/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_needs_no_login_and_is_never_cached(anon_client):
    for url in ("/sundhed/", "/sundhed/live/"):
        response = anon_client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
