"""Health endpoints for load balancers and process supervisors (docs/deploy.md, "Health checks").

- `/sundhed/` readiness: the database answers, and the shared cache when REDIS_URL configures one,
  and the read replica when DATABASE_REPLICA_URL configures one; it also reports how far the replica
  lags (`replica_lag`: bytes of WAL not yet replayed, seconds). Lag alone does not make the server
  unready: a browser that wrote reads from the primary until the replica has its write.
  A load balancer sends no traffic to an app server that is not ready.
- `/sundhed/live/` liveness: the process answers requests. It touches nothing else, so a database
  outage does not make a supervisor restart every app server at once.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache

from faxe_directory.db_router import REPLICA, replica_lag

SHARED_CACHES = {"django.core.cache.backends.redis.RedisCache"}


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not ready"
        return False
    return True


def cache_answers():
    """A value written to the cache can be read back (a round trip to Redis)."""
    key, value = "health-check", get_random_string(12)
    try:
        cache.set(key, value, timeout=10)
        return cache.get(key) == value
    except Exception:  # redis-py raises its own ConnectionError and TimeoutError
        return False


def replica_state():
    """The replica's lag ({"bytes": …, "seconds": …}), or None when it does not answer."""
    try:
        return replica_lag()
    except Exception:  # any database failure means "not ready"
        return None


@login_not_required
@never_cache
def readiness(request):
    checks = {"database": database_answers()}
    if settings.CACHES["default"]["BACKEND"] in SHARED_CACHES:
        checks["cache"] = cache_answers()
    lag = None
    if REPLICA in settings.DATABASES:
        lag = replica_state()
        checks["replica"] = lag is not None
    ready = all(checks.values())
    body = {"status": "ok" if ready else "error"}
    body.update({name: "ok" if passed else "unavailable" for name, passed in checks.items()})
    if lag is not None:
        body["replica_lag"] = lag
    return JsonResponse(body, status=200 if ready else 503)


@login_not_required
@never_cache
def liveness(request):
    return JsonResponse({"status": "ok"})
