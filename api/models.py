"""Clients of the read-only API (api/, docs/api.md): one token per integration, kept hashed."""

import hashlib
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX_LENGTH = 8


def hash_token(token: str) -> str:
    """SHA-256 of the token: tokens are 256 random bits, so a fast unsalted hash is enough to make
    a stolen database useless and still lets a request find its client by one indexed look-up."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiClientQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True)


class ApiClient(models.Model):
    """An integration allowed to read the API. Its token is shown once, when issued; only its
    hash and first characters are kept. Revoking takes effect on the next request."""

    name = models.CharField(_("name"), max_length=200, help_text=_("The system, e.g. “Intranet search”."))
    contact = models.CharField(
        _("contact"), max_length=200, blank=True, help_text=_("Who to ask about this integration.")
    )
    token_prefix = models.CharField(_("token begins with"), max_length=TOKEN_PREFIX_LENGTH, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    objects = ApiClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def issue_token(self) -> str:
        """A new token for this client (the old one stops working); returns it for showing once."""
        token = secrets.token_urlsafe(32)
        self.token_prefix = token[:TOKEN_PREFIX_LENGTH]
        self.token_hash = hash_token(token)
        return token

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
