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
from tests.conftest import PASSWORD, da, login_redirect, page_of
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


def sso_login(browser, provider, claims, next_url="/mine/", at_provider=None):
    """The whole round trip; returns the directory's answer to the provider's redirect.

    `at_provider` is the browser's side at the provider (a requests.Session keeps its cookies);
    without one every login is from a browser the provider has not seen."""
    provider.claims = claims
    start = browser.get("/konto/sso/login/", {"next": next_url})
    assert start.status_code == 302
    assert start["Location"].startswith(f"{provider.issuer}/authorize?")
    at_provider = (at_provider or requests).get(start["Location"], allow_redirects=False, timeout=10)
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


# --- the login guard ------------------------------------------------------------------------

SHARED_ADDRESS = {"REMOTE_ADDR": "192.0.2.80"}  # one care home behind one NAT


def test_refused_logins_do_not_lock_out_colleagues_behind_the_same_address(sso, settings, employee, leader):
    """A refused SSO login is no password guess: the provider checked the password. A stranger
    refused again and again must not shut the whole building out (issue 21)."""
    for attempt in range(settings.AXES_FAILURE_LIMIT + 3):
        stranger = Client(**SHARED_ADDRESS)
        response = sso_login(stranger, sso, {"sub": f"s{attempt}", "email": "vikar@eksempel.dk"})
        assert response.status_code == 302 and response["Location"] == "/konto/login/"
        page = page_of(stranger.get("/konto/login/"))
        assert "vikar@eksempel.dk" in page.select_one(".messages").text  # refused with the reason, not 429

    colleagues = {employee: "mette.jensen@faxekommune.dk", leader: "lars.holm@faxekommune.dk"}
    for user, email in colleagues.items():
        browser = Client(**SHARED_ADDRESS)
        response = sso_login(browser, sso, {"sub": user.username, "email": email})
        assert response.status_code == 302 and response["Location"] == "/mine/"
        assert logged_in_user(browser) == user
    # Password logins from the address are not held up either.
    local = Client(**SHARED_ADDRESS)
    assert local.post("/konto/login/", {"username": "medarbejder", "password": PASSWORD}).status_code == 302


# --- logging out on a shared PC ---------------------------------------------------------------

LOGGED_OUT = "The session in this browser is closed. Whoever uses this PC next must log in as themselves."
MAY_STILL_BE_LOGGED_IN = (
    "You are logged out of the staff directory, but your municipal account may still be logged in in this "
    "browser. Close every browser window before you leave the PC."
)


def test_log_out_ends_the_session_at_the_provider_too(sso, employee):
    """Issue 21: after "Log af" the SSO button logged the same person straight back in, because the
    provider's session lived on. On a shared PC the next person became the last one."""
    browser, at_provider = Client(), requests.Session()
    sso_login(browser, sso, {"sub": "mette", "email": "mette.jensen@faxekommune.dk"}, at_provider=at_provider)
    assert logged_in_user(browser) == employee
    # The provider remembers the browser: another login from it needs no password.
    sso.claims = None
    again = Client()
    start = again.get("/konto/sso/login/")
    assert at_provider.get(start["Location"], allow_redirects=False, timeout=10).status_code == 302

    response = browser.post("/konto/logud/")

    assert logged_in_user(browser) is None  # logged out here at once
    assert response.status_code == 302
    to_provider = urlsplit(response["Location"])
    assert f"{to_provider.scheme}://{to_provider.netloc}{to_provider.path}" == f"{sso.issuer}/logout"
    query = {key: values[0] for key, values in parse_qs(to_provider.query).items()}
    assert query["post_logout_redirect_uri"] == "http://testserver/konto/logget-ud/"
    assert query["client_id"] == sso.client_id
    back = at_provider.get(response["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text  # the provider accepted the ID token as the hint
    assert sso.logouts[-1]["sub"] == "mette"
    assert back.headers["Location"] == "http://testserver/konto/logget-ud/"
    page = page_of(browser.get(urlsplit(back.headers["Location"]).path))
    assert da("You are logged out") in page.select_one(".logged-out").text
    assert da(LOGGED_OUT) in page.text
    assert page.select("input[name=password]") and da(SSO_BUTTON) in page.text  # the login page itself

    # The next person at the PC clicks the SSO button: the provider asks for a password.
    start = browser.get("/konto/sso/login/")
    at_login = at_provider.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_login.status_code == 200 and "Sign in" in at_login.text
    assert logged_in_user(browser) is None


def test_a_local_login_logs_out_here_only(sso, employee):
    browser = Client()
    assert browser.post("/konto/login/", {"username": "medarbejder", "password": PASSWORD}).status_code == 302
    logouts_before = len(sso.logouts)
    response = browser.post("/konto/logud/")
    assert response.status_code == 302 and response["Location"] == "/konto/logget-ud/"
    assert da(LOGGED_OUT) in page_of(browser.get("/konto/logget-ud/")).text
    assert logged_in_user(browser) is None
    assert len(sso.logouts) == logouts_before


@pytest.mark.parametrize("why", ["no end-session endpoint", "provider unreachable"])
def test_when_the_provider_cannot_log_out_the_page_says_so(sso, settings, employee, why):
    browser = Client()
    sso_login(browser, sso, {"sub": "mette", "email": "mette.jensen@faxekommune.dk"})
    discovery.cache_clear()
    if why == "no end-session endpoint":
        sso.end_session_supported = False
    else:
        settings.OIDC_OP_ISSUER = "http://127.0.0.1:9"  # nothing listens there
    try:
        response = browser.post("/konto/logud/")
    finally:
        sso.end_session_supported = True
    assert response.status_code == 302 and response["Location"] == "/konto/login/"
    assert logged_in_user(browser) is None
    page = page_of(browser.get("/konto/login/"))
    assert da(MAY_STILL_BE_LOGGED_IN) in page.select_one(".messages").text
    assert da(LOGGED_OUT) not in page.text


# --- people who left ----------------------------------------------------------------------------


def test_a_session_opened_before_the_person_left_ends_at_once(sso, employee, admin_client):
    """Issue 21: a session opened before the person was deactivated kept working until it expired."""
    browser = Client()
    sso_login(browser, sso, {"sub": "mette", "email": "mette.jensen@faxekommune.dk"})
    assert browser.get("/mine/").status_code == 200

    admin_client.post("/admin/people/person/", {"action": "mark_inactive", "_selected_action": [employee.person.pk]})

    assert browser.get("/mine/")["Location"] == login_redirect("/mine/")
    # And the provider cannot let them back in.
    sso_login(browser, sso, {"sub": "mette", "email": "mette.jensen@faxekommune.dk"})
    assert logged_in_user(browser) is None


def test_a_person_who_left_hears_that_the_account_is_no_longer_active_and_whom_to_ask(sso, employee):
    employee.person.is_active = False
    employee.person.save()
    browser = Client()
    sso_login(browser, sso, {"sub": "mette", "email": "mette.jensen@faxekommune.dk"})
    message = page_of(browser.get("/konto/login/")).select_one(".messages").text
    assert (
        da(
            "%(email)s is no longer active in the staff directory: it has you registered as having left. If you "
            "still work for the municipality, ask your leader or the HR department to register you as employed again."
        )
        % {"email": "mette.jensen@faxekommune.dk"}
        in message
    )
    assert da("ask your leader or the HR department to register your email address.") not in message


def test_a_provider_that_is_down_breaks_neither_open_sessions_nor_password_logins(sso, settings, employee):
    browser = Client()
    sso_login(browser, sso, {"sub": "mette", "email": "mette.jensen@faxekommune.dk"})
    settings.OIDC_OP_ISSUER = "http://127.0.0.1:9"  # the provider is down; a new worker cannot read discovery
    discovery.cache_clear()

    assert browser.get("/mine/").status_code == 200
    local = Client()
    wrong = local.post("/konto/login/", {"username": "medarbejder", "password": "forkert-kodeord"})
    assert wrong.status_code == 200 and da("You could not be logged in") in page_of(wrong).text
    assert local.post("/konto/login/", {"username": "medarbejder", "password": PASSWORD}).status_code == 302
