"""Single sign-on against a real OpenID Connect provider the test starts on a local port.

The test client plays the browser: it starts the login at the directory, follows the redirect
to the provider over HTTP, and brings the provider's answer back to the callback, from where the
directory talks to the provider itself (token, JWKS, userinfo) exactly as in production.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import Client

from faxe_directory.sso import discovery
from tests.conftest import PASSWORD, da, page_of
from tests.factories import PersonFactory, UserFactory

from .oidc_provider import Provider

pytestmark = pytest.mark.django_db

SSO_BUTTON = "Log in with your municipal account"


@pytest.fixture(scope="module")
def provider():
    running = Provider().start()
    yield running
    running.stop()


@pytest.fixture
def sso(settings, provider):
    """The directory configured like production: issuer, client id and secret from the environment."""
    settings.OIDC_OP_ISSUER = provider.issuer
    settings.OIDC_RP_CLIENT_ID = provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
    discovery.cache_clear()
    yield provider
    discovery.cache_clear()


def sso_login(browser, provider, claims, next_url="/mine/"):
    """The whole round trip; returns the directory's answer to the provider's redirect."""
    provider.claims = claims
    start = browser.get("/konto/sso/login/", {"next": next_url})
    assert start.status_code == 302
    assert start["Location"].startswith(f"{provider.issuer}/authorize?")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == "/konto/sso/callback/"
    return browser.get(f"{back.path}?{back.query}")


def logged_in_user(browser):
    response = browser.get("/mine/")
    return response.wsgi_request.user if response.status_code == 200 else None


# --- the login page -------------------------------------------------------------------------


def test_without_configuration_only_local_login_is_offered(anon_client):
    page = page_of(anon_client.get("/konto/login/"))
    assert da(SSO_BUTTON) not in page.text
    assert page.select("input[name=password]")
    # The SSO addresses do not exist, and do not send anyone to the login page either.
    assert anon_client.get("/konto/sso/login/").status_code == 404
    assert anon_client.get("/konto/sso/callback/?code=x&state=y").status_code == 404


def test_with_configuration_the_login_page_offers_the_municipal_account(sso, anon_client):
    page = page_of(anon_client.get("/konto/login/", {"next": "/enheder/"}))
    button = next(a for a in page.select("a") if a.text == da(SSO_BUTTON))
    assert button.attrs["href"] == "/konto/sso/login/?next=/enheder/"
    assert page.select("input[name=password]")  # local login stays for administrators


# --- the flow -------------------------------------------------------------------------------


def test_first_login_creates_a_user_linked_to_the_person_with_that_email(sso):
    person = PersonFactory(first_name="Åse", last_name="Bødker", email="Aase.Boedker@faxekommune.dk")
    browser = Client()
    response = sso_login(
        browser,
        sso,
        {"sub": "a1", "email": "aase.boedker@FAXEKOMMUNE.dk", "given_name": "Åse", "family_name": "Bødker"},
    )
    assert response.status_code == 302 and response["Location"] == "/mine/"
    person.refresh_from_db()
    user = person.user
    assert user is not None and logged_in_user(browser) == user
    assert (user.first_name, user.last_name, user.email) == ("Åse", "Bødker", "aase.boedker@FAXEKOMMUNE.dk")
    assert not user.has_usable_password()
    assert "Åse Bødker" in page_of(browser.get("/mine/")).text

    # The next login finds the same user; no second account.
    again = Client()
    sso_login(again, sso, {"sub": "a1", "email": "AASE.BOEDKER@faxekommune.dk"})
    assert logged_in_user(again) == user
    assert get_user_model().objects.filter(email__iexact="aase.boedker@faxekommune.dk").count() == 1


def test_a_person_with_a_user_logs_in_as_that_user(sso, employee):
    browser = Client()
    sso_login(browser, sso, {"sub": "m1", "email": "METTE.JENSEN@faxekommune.dk"})
    assert logged_in_user(browser) == employee
    employee.refresh_from_db()
    assert employee.check_password(PASSWORD)  # the local password is left alone


def test_the_tokens_really_went_through_the_provider(sso):
    PersonFactory(email="bo@faxekommune.dk")
    before = sso.token_requests
    sso_login(Client(), sso, {"sub": "b", "email": "bo@faxekommune.dk"})
    assert sso.token_requests == before + 1


@pytest.mark.parametrize(
    "setup, claims",
    [
        ("nobody", {"sub": "x", "email": "ukendt@faxekommune.dk"}),
        ("inactive", {"sub": "x", "email": "gaaet@faxekommune.dk"}),
        ("two", {"sub": "x", "email": "delt@faxekommune.dk"}),
        ("deactivated user", {"sub": "x", "email": "spaerret@faxekommune.dk"}),
        ("no email", {"sub": "x"}),
    ],
)
def test_logins_the_directory_cannot_place_are_refused_with_a_message(sso, setup, claims):
    if setup == "inactive":
        PersonFactory(email="gaaet@faxekommune.dk", is_active=False)
    elif setup == "two":
        PersonFactory(email="delt@faxekommune.dk")
        PersonFactory(email="Delt@faxekommune.dk")
    elif setup == "deactivated user":
        PersonFactory(email="spaerret@faxekommune.dk", user=UserFactory(username="spaerret", is_active=False))
    users_before = get_user_model().objects.count()
    browser = Client()
    response = sso_login(browser, sso, claims)
    assert response.status_code == 302 and response["Location"] == "/konto/login/"
    page = page_of(browser.get("/konto/login/"))
    assert page.select(".messages")
    if setup in ("nobody", "inactive", "two"):
        assert claims["email"] in page.select_one(".messages").text
    assert logged_in_user(browser) is None
    assert get_user_model().objects.count() == users_before


def test_an_unknown_email_hears_why_in_danish(sso):
    browser = Client()
    sso_login(browser, sso, {"sub": "x", "email": "ukendt@faxekommune.dk"})
    message = da(
        "%(email)s is not in the staff directory. If you work for the municipality, "
        "ask your leader or the HR department to register your email address."
    ) % {"email": "ukendt@faxekommune.dk"}
    assert message in page_of(browser.get("/konto/login/")).text


def test_a_forged_state_is_refused(sso):
    PersonFactory(email="bo@faxekommune.dk")
    sso.claims = {"sub": "b", "email": "bo@faxekommune.dk"}
    browser = Client()
    start = browser.get("/konto/sso/login/")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    code = parse_qs(urlsplit(at_provider.headers["Location"]).query)["code"][0]
    response = browser.get("/konto/sso/callback/", {"code": code, "state": "forfalsket"})
    assert response.status_code == 302 and response["Location"] == "/konto/login/"
    assert (
        da("The login with your municipal account failed. Please try again.")
        in page_of(browser.get("/konto/login/")).text
    )
    assert logged_in_user(browser) is None


def test_a_callback_without_a_started_login_is_refused(sso):
    browser = Client()
    response = browser.get("/konto/sso/callback/", {"code": "abc", "state": "def"})
    assert response.status_code == 302 and response["Location"] == "/konto/login/"
    assert logged_in_user(browser) is None


def test_explicit_endpoints_work_without_discovery(settings, provider):
    settings.OIDC_OP_ISSUER = ""
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider.issuer}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider.issuer}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider.issuer}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider.issuer}/jwks"
    settings.OIDC_RP_CLIENT_ID = provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
    discovery.cache_clear()
    person = PersonFactory(email="eva@faxekommune.dk")
    browser = Client()
    sso_login(browser, provider, {"sub": "e", "email": "eva@faxekommune.dk"})
    person.refresh_from_db()
    assert logged_in_user(browser) == person.user


def test_a_wrong_client_secret_logs_nobody_in(sso, settings):
    settings.OIDC_RP_CLIENT_SECRET = "forkert"
    PersonFactory(email="bo@faxekommune.dk")
    browser = Client()
    response = sso_login(browser, sso, {"sub": "b", "email": "bo@faxekommune.dk"})
    assert response.status_code == 302 and response["Location"] == "/konto/login/"
    assert (
        da("The login with your municipal account failed. Please try again.")
        in page_of(browser.get("/konto/login/")).text
    )
    assert logged_in_user(browser) is None


def test_a_cancelled_login_at_the_provider_returns_to_the_login_page(sso):
    browser = Client()
    browser.get("/konto/sso/login/")
    response = browser.get("/konto/sso/callback/", {"error": "access_denied", "state": "x"})
    assert response.status_code == 302 and response["Location"] == "/konto/login/"
    assert logged_in_user(browser) is None


def test_the_email_claim_is_configurable(sso, settings):
    settings.OIDC_CLAIM_EMAIL = "upn"
    person = PersonFactory(email="lis@faxekommune.dk")
    browser = Client()
    sso_login(browser, sso, {"sub": "l", "upn": "lis@faxekommune.dk"})
    person.refresh_from_db()
    assert logged_in_user(browser) == person.user


def test_local_login_still_works_with_sso_configured(sso):
    UserFactory(username="admin2", password=PASSWORD, is_staff=True)
    browser = Client()
    response = browser.post("/konto/login/", {"username": "admin2", "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in_user(browser).username == "admin2"
