"""Login brute-force protection glue for django-axes (settings: AXES_*)."""

import ipaddress

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import render

USERNAME_LENGTH = AccessAttempt._meta.get_field("username").max_length


def client_ip(request):
    """The visitor's address for the login guard (django-axes).

    Behind a reverse proxy every request comes from the proxy's address, so the guard would lock one
    user name out for everybody. With TRUSTED_PROXIES=n the address is the one the n-th proxy from
    us appended to X-Forwarded-For; addresses further left could be made up by the client.
    """
    trusted = settings.TRUSTED_PROXIES
    forwarded = [item.strip() for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if item.strip()]
    if trusted and len(forwarded) >= trusted:
        try:
            return str(ipaddress.ip_address(forwarded[-trusted]))
        except ValueError:
            pass  # not an address: a misconfigured proxy; the proxy's own address is still honest
    return request.META.get("REMOTE_ADDR")


def client_username(request, credentials=None):
    """The user name the guard records: what was typed, without NUL and cut to the column's length.

    The login form calls `authenticate()` with whatever was typed, even 10,000 characters, and
    django-axes would store that as is, which PostgreSQL refuses (a server error instead of a lockout).
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    username = credentials.get(field) if credentials else getattr(request, "POST", {}).get(field)
    if username is None:
        return None
    return str(username).replace("\x00", "")[:USERNAME_LENGTH]


def is_not_a_password_guess(request, credentials=None):
    """Whether the guard leaves this login attempt alone (django-axes' AXES_WHITELIST_CALLABLE).

    The guard counts password guesses. A single sign-on login carries no password (its credentials
    are the provider's nonce and PKCE verifier): the provider has checked the password already, so
    a refused SSO login (an e-mail the directory does not know) is not counted. Counting it, keyed
    by address alone as it has no user name, let one refused stranger lock everyone behind the same
    address out, e.g. a whole care home behind one NAT.
    """
    return credentials is not None and credentials.get("password") is None


class LoginGuardBackend(AxesStandaloneBackend):
    """django-axes' lockout check (first in AUTHENTICATION_BACKENDS).

    Logins through the web always carry the request; code without one (the shell, management
    commands, tests calling `authenticate()` directly) has no client to lock out, so the check is
    left to the web login instead of refusing those calls outright.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The login page's lockout message (HTTP 429) instead of django-axes' plain text."""
    context = {"minutes": lockout_minutes(), "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "registration/locked_out.html", context, status=429)


def lockout_minutes():
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


class LoginForm(AuthenticationForm):
    """Django's login form, which after a failed login also knows how many attempts are left
    before the guard pauses this user name from this device (`remaining_attempts`), so the page
    can warn before the last one instead of locking without notice."""

    remaining_attempts = None
    lockout_minutes = None

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            # django-axes counted this failure while authenticate() ran.
            credentials = {settings.AXES_USERNAME_FORM_FIELD: self.cleaned_data.get("username", "")}
            failures = AxesProxyHandler.get_failures(self.request, credentials)
            self.remaining_attempts = max(settings.AXES_FAILURE_LIMIT - failures, 0)
            self.lockout_minutes = lockout_minutes()
            raise
