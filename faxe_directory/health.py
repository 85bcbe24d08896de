"""Health endpoints for load balancers and process supervisors (docs/deploy.md, "Health checks").

- `/sundhed/` readiness: the database answers, and the shared cache when REDIS_URL configures one.
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


@login_not_required
@never_cache
def readiness(request):
    checks = {"database": database_answers()}
    if settings.CACHES["default"]["BACKEND"] in SHARED_CACHES:
        checks["cache"] = cache_answers()
    ready = all(checks.values())
    body = {"status": "ok" if ready else "error"}
    body.update({name: "ok" if passed else "unavailable" for name, passed in checks.items()})
    return JsonResponse(body, status=200 if ready else 503)


@login_not_required
@never_cache
def liveness(request):
    return JsonResponse({"status": "ok"})
