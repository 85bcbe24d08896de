"""Single sign-on with the municipality's OpenID Connect provider (mozilla-django-oidc).

Configured only by environment variables (settings.py, docs/deploy.md "Single sign-on"): an
issuer whose discovery document gives the endpoints, or the endpoints one by one, a client id
and secret, and which claims carry the email and name. Unconfigured, everything here is inert
and the login page offers local login only.

A login is matched to an active `Person` by email, case-insensitively. The person's linked user
logs in; a person without one gets a new user, linked to them. An email that matches no active
person (or several) is refused with a message: the directory is for the employees the HR
import knows, and local accounts are for administrators and development.

"Log af" after a single sign-on login also ends the session at the provider (OpenID Connect
RP-Initiated Logout: its `end_session_endpoint`, with the ID token as `id_token_hint`); otherwise
the next person at a shared PC would be logged straight back in as the previous one.
"""

import functools
import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger("faxe_directory.sso")

# Setting → key of the provider's discovery document (OpenID Connect Discovery 1.0).
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}
# The session key of the ID token a single sign-on login brought, for logging out at the provider.
SESSION_ID_TOKEN = "sso_id_token"


def sso_enabled():
    """Whether single sign-on is configured (client id plus an issuer or explicit endpoints)."""
    return bool(
        getattr(settings, "OIDC_RP_CLIENT_ID", "")
        and (getattr(settings, "OIDC_OP_ISSUER", "") or getattr(settings, "OIDC_OP_AUTHORIZATION_ENDPOINT", ""))
    )


@functools.cache
def discovery(issuer):
    """The provider's discovery document, fetched once per process."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    response = requests.get(url, timeout=10, verify=getattr(settings, "OIDC_VERIFY_SSL", True))
    response.raise_for_status()
    return response.json()


def oidc_setting(attr, *args):
    """A mozilla-django-oidc setting; endpoints not set explicitly come from the issuer's discovery."""
    value = getattr(settings, attr, "")
    if not value and attr in DISCOVERED and getattr(settings, "OIDC_OP_ISSUER", ""):
        return discovery(settings.OIDC_OP_ISSUER).get(DISCOVERED[attr], *args)
    return import_from_settings(attr, *args)


class LoginRefused(Exception):
    """The provider vouched for the user, but the directory does not let them in."""


class MunicipalOIDCBackend(OIDCAuthenticationBackend):
    """Logs in the employee whose `Person` has the email the provider vouches for."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # Listed in AUTHENTICATION_BACKENDS always (without configuration it authenticates nobody),
        # and made anew for every password login and every request of a single sign-on session. The
        # provider's endpoints (its discovery document) are read only when a login comes back from
        # the provider: a provider that is down must not break password logins or open sessions.
        self.enabled = sso_enabled()
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        # The callback passes the nonce (and PKCE verifier); a password login passes neither.
        if not self.enabled or request is None or "nonce" not in kwargs:
            return None
        try:
            super().__init__()
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, SuspiciousOperation, ValueError) as error:
            # The provider is down, refused our code or sent a token we cannot trust.
            logger.warning("Single sign-on failed: %s", error)
            return None

    def store_tokens(self, access_token, id_token):
        # Kept on the request until the login has settled the session (`LoginCallbackView`): logging
        # in may start a new session, and the token belongs in the new one.
        self.request.sso_id_token = id_token

    def verify_token(self, token, **kwargs):
        """Besides signature and nonce (checked by mozilla-django-oidc): the token was issued to
        us, by our provider."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        issuer = getattr(settings, "OIDC_OP_ISSUER", "")
        if self.OIDC_RP_CLIENT_ID not in audiences or (
            issuer and payload.get("iss", "").rstrip("/") != issuer.rstrip("/")
        ):
            raise SuspiciousOperation("The ID token was not issued to this client by the configured issuer.")
        return payload

    def get_user(self, user_id):
        """The user of a session opened by single sign-on, while they may log in (people/auth.py):
        deactivating a person ends such sessions at once, as it does those opened with a password."""
        from people.auth import active_users

        return active_users().filter(pk=user_id).first()

    def claim(self, claims, name):
        return str(claims.get(getattr(settings, name)) or "").strip()

    def verify_claims(self, claims):
        return bool(self.claim(claims, "OIDC_CLAIM_EMAIL"))

    def get_or_create_user(self, access_token, id_token, payload):
        user_info = self.get_userinfo(access_token, id_token, payload)
        # The ID token's claims count too: Entra ID puts the email in the token, not in userinfo.
        claims = {**payload, **user_info}
        email = self.claim(claims, "OIDC_CLAIM_EMAIL")
        try:
            if not email:
                raise LoginRefused(_("Your municipal account did not tell us your email address."))
            return self.user_for(email, claims)
        except LoginRefused as refusal:
            logger.info("Single sign-on refused for %s: %s", email or "(no email)", refusal)
            messages.error(self.request, str(refusal))
            self.request.sso_refusal_shown = True
            return None

    @transaction.atomic
    def user_for(self, email, claims):
        """The user of the one active person with this email; created and linked on first login."""
        from people.models import Person

        people = list(Person.objects.active().filter(email__iexact=email).select_related("user")[:2])
        if not people and Person.objects.filter(email__iexact=email, is_active=False).exists():
            raise LoginRefused(
                _(
                    "%(email)s is no longer active in the staff directory: it has you registered as having "
                    "left. If you still work for the municipality, ask your leader or the HR department to "
                    "register you as employed again."
                )
                % {"email": email}
            )
        if not people:
            raise LoginRefused(
                _(
                    "%(email)s is not in the staff directory. If you work for the municipality, "
                    "ask your leader or the HR department to register your email address."
                )
                % {"email": email}
            )
        if len(people) > 1:
            raise LoginRefused(
                _("%(email)s belongs to more than one person in the directory. Please contact the administrator.")
                % {"email": email}
            )
        person = people[0]
        user = person.user
        if user is None:
            user = self.UserModel.objects.filter(username__iexact=email).first() or self.UserModel(
                username=email.lower()[:150]
            )
            if hasattr(user, "person") and user.person.pk != person.pk:
                raise LoginRefused(_("Your account is linked to another person. Please contact the administrator."))
            if user._state.adding:
                user.set_unusable_password()  # signs in through the provider only
        if not user.is_active:
            raise LoginRefused(
                _(
                    "Your login to the staff directory is no longer active. If you still work for the "
                    "municipality, ask the directory's administrator to open it again."
                )
            )
        user.email = email
        user.first_name = self.claim(claims, "OIDC_CLAIM_FIRST_NAME")[:150] or person.first_name
        user.last_name = self.claim(claims, "OIDC_CLAIM_LAST_NAME")[:150] or person.last_name
        user.save()
        if person.user_id != user.pk:
            person.user = user
            person.save(update_fields=["user"])
        return user


class LoginRequestView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider's login page."""

    get_settings = staticmethod(oidc_setting)


class LoginCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back; failures return to the login page."""

    get_settings = staticmethod(oidc_setting)

    @property
    def failure_url(self):
        return resolve_url(settings.LOGIN_URL)

    def login_success(self):
        response = super().login_success()
        self.request.session[SESSION_ID_TOKEN] = getattr(self.request, "sso_id_token", None) or ""
        return response

    def get(self, request):
        try:
            response = super().get(request)
        except SuspiciousOperation as error:  # a state we never issued: forged or replayed
            logger.warning("Single sign-on callback refused: %s", error)
            response = self.login_failure()
        if response.url == self.failure_url and not getattr(request, "sso_refusal_shown", False):
            messages.error(request, _("The login with your municipal account failed. Please try again."))
        return response


class LogoutView(auth_views.LogoutView):
    """ "Log af": ends the session here and, after a single sign-on login, at the provider too.

    The browser goes to the provider's end-session endpoint with the ID token as `id_token_hint` and
    comes back to the "logged out" login page (`post_logout_redirect_uri`, registered at the
    provider; docs/deploy.md, "Single sign-on"). Where the provider cannot be asked (no end-session
    endpoint, or it is unreachable), the login page says that its session may live on.
    """

    def post(self, request, *args, **kwargs):
        id_token = request.session.get(SESSION_ID_TOKEN) if request.user.is_authenticated else None
        response = super().post(request, *args, **kwargs)
        if not id_token or not sso_enabled():
            return response
        try:
            endpoint = oidc_setting("OIDC_OP_LOGOUT_ENDPOINT", "")
        except (requests.RequestException, ValueError) as error:
            logger.warning("Logout at the single sign-on provider failed: %s", error)
            endpoint = ""
        if not endpoint:
            messages.warning(
                request,
                _(
                    "You are logged out of the staff directory, but your municipal account may still be "
                    "logged in in this browser. Close every browser window before you leave the PC."
                ),
            )
            return HttpResponseRedirect(resolve_url(settings.LOGIN_URL))
        parameters = {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("logged_out")),
            "client_id": settings.OIDC_RP_CLIENT_ID,
        }
        return HttpResponseRedirect(f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(parameters)}")


def _only_when_configured(view):
    @login_not_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not sso_enabled():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


login_request = _only_when_configured(LoginRequestView.as_view())
login_callback = _only_when_configured(LoginCallbackView.as_view())
