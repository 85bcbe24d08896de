"""Rate limit per client token (settings.API_RATE_LIMIT, read per request so it can be changed)."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class ClientRateThrottle(SimpleRateThrottle):
    scope = "api_client"

    def get_rate(self):
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        client = getattr(request, "auth", None)
        return self.cache_format % {
            "scope": self.scope,
            "ident": getattr(client, "pk", None) or self.get_ident(request),
        }
