"""Token authentication against hashed client tokens: `Authorization: Bearer <token>`."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, permissions

from api.models import ApiClient, hash_token

# last_used_at is written at most this often per client, not on every request.
USE_RECORDED_EVERY = timedelta(minutes=5)


class ClientIdentity:
    """request.user for an API client: authenticated, no Django user, no permissions beyond reading."""

    is_authenticated = True
    is_active = True
    is_staff = is_superuser = is_anonymous = False

    def __init__(self, client: ApiClient):
        self.client = client
        self.pk = self.id = None

    def __str__(self):
        return f"API client {self.client.name}"


class ClientTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after the word Bearer."))
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("Unknown or revoked token.")) from error
        client = ApiClient.objects.usable().filter(token_hash=hash_token(token)).first()
        if client is None:
            raise exceptions.AuthenticationFailed(_("Unknown or revoked token."))
        now = timezone.now()
        if client.last_used_at is None or now - client.last_used_at > USE_RECORDED_EVERY:
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        return ClientIdentity(client), client

    def authenticate_header(self, request):
        # Makes DRF answer 401 (with WWW-Authenticate), not 403, to a request without a token.
        return 'Bearer realm="api"'


class IsApiClient(permissions.BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, ApiClient)
