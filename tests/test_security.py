"""Security as a browser meets it: production headers and cookies, HTTPS, login lockout, sessions,
passwords, uploaded files and the admin. Production values come from settings.py read with the
documented production environment (tests/production.py), not from a copy in this file."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD, da, login_redirect, page_of
from tests.factories import UserFactory
from tests.production import production_settings

SECURITY_SETTINGS = (
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_AGE",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    "CONTENT_SECURITY_POLICY",
)
# What nginx adds to every request it passes on over HTTPS (docs/deploy.md).
VIA_HTTPS = {"X-Forwarded-Proto": "https"}


@pytest.fixture
def production(db):
    """This process's settings switched to what production computes for the security settings."""
    values = production_settings(*SECURITY_SETTINGS)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    with override_settings(**values):
        yield values


def log_in(browser, username, password, **extra):
    return browser.post(reverse("login"), {"username": username, "password": password}, **extra)


# --- headers and HTTPS -------------------------------------------------------------------------


def test_production_pages_carry_the_security_headers(production, employee):
    browser = Client(headers=VIA_HTTPS)
    browser.force_login(employee)
    for url in ["/", "/soeg/?q=pleje", reverse("login"), "/enheder/"]:
        response = browser.get(url)
        assert response.status_code in (200, 302), url
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy, url
        assert "style-src 'self'" in policy, url
        assert "frame-ancestors 'none'" in policy, url
        assert "unsafe-inline" not in policy, url
        assert "unsafe-eval" not in policy, url


def test_development_sends_no_hsts(employee, client):
    """HSTS would pin a developer's localhost to HTTPS for a year."""
    assert "Strict-Transport-Security" not in client.get("/")


def test_plain_http_is_sent_to_https_but_health_is_not(production, employee):
    browser = Client()
    response = browser.get("/soeg/?q=pleje")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/soeg/?q=pleje"
    assert browser.get("/sundhed/").status_code == 200
    assert browser.get("/sundhed/live/").status_code == 200


def test_production_cookies_are_secure_http_only_and_end_with_the_browser(production, employee):
    browser = Client(headers=VIA_HTTPS)
    browser.get(reverse("login"))
    csrf = browser.cookies["csrftoken"]
    assert csrf["secure"] is True

    response = log_in(browser, "medarbejder", PASSWORD)

    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert not session["max-age"] and not session["expires"]  # a browser-session cookie


# --- sessions ----------------------------------------------------------------------------------


def test_a_login_lasts_a_working_day(anon_client, employee):
    before = timezone.now()
    log_in(anon_client, "medarbejder", PASSWORD)
    session = Session.objects.get()
    assert before + timedelta(hours=8) <= session.expire_date <= timezone.now() + timedelta(hours=8)
    assert anon_client.get("/mine/").status_code == 200

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))  # the working day has passed

    response = anon_client.get("/mine/")
    assert response.status_code == 302
    assert response["Location"] == login_redirect("/mine/")


def test_a_session_is_read_by_its_key_only(anon_client, employee):
    log_in(anon_client, "medarbejder", PASSWORD)
    assert anon_client.get("/mine/").status_code == 200
    key = anon_client.cookies["sessionid"].value
    anon_client.cookies["sessionid"] = key[:-1] + ("x" if key[-1] != "x" else "y")  # someone else's, or none
    response = anon_client.get("/mine/")
    assert response.status_code == 302
    assert response["Location"] == login_redirect("/mine/")
    anon_client.cookies["sessionid"] = key
    assert anon_client.get("/mine/").status_code == 200


# --- login lockout -----------------------------------------------------------------------------


def failed_logins(browser, count, username="medarbejder", **extra):
    return [log_in(browser, username, "forkert-kodeord", **extra) for _ in range(count)]


def assert_lockout_page(response):
    assert response.status_code == 429
    page = page_of(response)
    assert page.select_one("html").attrs["lang"] == "da"
    alert = page.select_one("div.alert-error")
    assert da("Too many failed login attempts") in alert.text
    assert da("Try again later. If you have forgotten your password, contact IT support.") in alert.text
    assert not page.select("form input[name=password]")


def test_fifth_wrong_password_locks_the_user_name_out(anon_client, employee):
    attempts = failed_logins(anon_client, 5)

    for response in attempts[:4]:
        assert response.status_code == 200
        assert da("You could not be logged in") in page_of(response).select_one("div.alert-error").text
    assert_lockout_page(attempts[4])

    # Now even the right password is refused, and nobody is logged in.
    assert_lockout_page(log_in(anon_client, "medarbejder", PASSWORD))
    assert anon_client.get("/mine/").status_code == 302


def test_the_login_form_warns_how_many_attempts_are_left(anon_client, employee):
    """Nobody is locked out without warning: each failure says how many attempts are left."""
    attempts = failed_logins(anon_client, 4)
    for failures, response in enumerate(attempts, start=1):
        left = 5 - failures
        warning = page_of(response).select_one("div.alert-error .login-attempts-left").text
        expected = da(
            "You have %(counter)s attempt left. After that, logging in with this user name from this device "
            "is paused for %(minutes)s minutes.",
            "You have %(counter)s attempts left. After that, logging in with this user name from this device "
            "is paused for %(minutes)s minutes.",
            left,
        ) % {"counter": left, "minutes": 30}
        assert warning == expected
    assert "1" in warning
    assert_lockout_page(log_in(anon_client, "medarbejder", "forkert-kodeord"))


def test_lockout_holds_one_user_name_from_one_address(anon_client, employee, leader):
    failed_logins(anon_client, 5)

    # The same person from another address, and a colleague from the same address, still get in.
    elsewhere = Client(REMOTE_ADDR="10.20.30.40")
    assert log_in(elsewhere, "medarbejder", PASSWORD).status_code == 302
    assert log_in(Client(), "leder", PASSWORD).status_code == 302


def test_lockout_ends_after_the_cool_off(anon_client, employee, settings):
    failed_logins(anon_client, 5)
    assert_lockout_page(log_in(anon_client, "medarbejder", PASSWORD))

    settings.AXES_COOLOFF_TIME = timedelta(seconds=0)

    assert log_in(anon_client, "medarbejder", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(anon_client, employee):
    failed_logins(anon_client, 4)
    assert log_in(anon_client, "medarbejder", PASSWORD).status_code == 302
    anon_client.post(reverse("logout"))

    attempts = failed_logins(anon_client, 4)

    assert [response.status_code for response in attempts] == [200] * 4
    assert log_in(anon_client, "medarbejder", PASSWORD).status_code == 302


def test_behind_a_proxy_the_forwarded_address_counts(anon_client, employee, settings):
    settings.TRUSTED_PROXIES = 1
    failed_logins(anon_client, 5, HTTP_X_FORWARDED_FOR="192.0.2.10")

    assert log_in(Client(), "medarbejder", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 302
    assert log_in(Client(), "medarbejder", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.10").status_code == 429


def test_a_forged_forwarded_address_falls_back_to_the_proxy(anon_client, employee, settings):
    settings.TRUSTED_PROXIES = 1
    for forged in ["<script>", "999.1.1.1", "\x00", "a" * 1000]:
        response = log_in(Client(), "medarbejder", "forkert-kodeord", HTTP_X_FORWARDED_FOR=forged)
        assert response.status_code in (200, 429), forged


def test_a_huge_user_name_is_counted_not_a_server_error(anon_client, employee):
    attempts = failed_logins(anon_client, 5, username="x" * 10_000)
    assert [response.status_code for response in attempts] == [200] * 4 + [429]


def test_admin_login_is_guarded_too(anon_client):
    UserFactory(username="chef", password=PASSWORD, is_staff=True, is_superuser=True)
    for _ in range(5):
        anon_client.post(reverse("admin:login"), {"username": "chef", "password": "forkert-kodeord"})
    response = anon_client.post(reverse("admin:login"), {"username": "chef", "password": PASSWORD})
    assert response.status_code == 429
    assert anon_client.get("/admin/").status_code == 302


# --- admin -------------------------------------------------------------------------------------


def test_admin_refuses_anonymous_and_non_staff_users(anon_client, employee):
    assert anon_client.get("/admin/").status_code == 302
    assert anon_client.get("/admin/")["Location"].startswith(reverse("admin:login"))

    response = anon_client.post(reverse("admin:login"), {"username": "medarbejder", "password": PASSWORD})
    assert response.status_code == 200  # the admin login form again, with its error
    assert "staff" in response.content.decode() or "personale" in response.content.decode()

    anon_client.force_login(employee)
    response = anon_client.get("/admin/people/person/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_opens_for_staff(admin_client):
    assert admin_client.get("/admin/").status_code == 200


# --- passwords ---------------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["demo", "faxe2025", "12345678901234", "password1234"])
def test_weak_passwords_are_refused(admin_client, password):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {"username": "ny", "usable_password": "true", "password1": password, "password2": password},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not get_user_model().objects.filter(username="ny").exists()


def test_a_long_uncommon_password_is_accepted(admin_client):
    password = "Rundkørsel-Haslev-Syd-2025"
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {"username": "ny", "usable_password": "true", "password1": password, "password2": password},
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="ny").check_password(password)


# --- uploaded files ----------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "mette.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (tmp_path / "photos" / "evil.html").write_text("<script>alert(document.cookie)</script>")
    (tmp_path / "photos" / "evil.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    (tmp_path / "photos" / "evil.jpg.php").write_text("<?php system($_GET['c']); ?>")
    return tmp_path


def test_uploaded_photo_is_served_as_an_image_that_cannot_run_script(client, media):
    response = client.get("/media/photos/mette.jpg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert "script-src 'none'" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("inline")


@pytest.mark.parametrize("name", ["evil.html", "evil.svg", "evil.jpg.php"])
def test_uploaded_markup_or_code_is_only_ever_a_download(client, media, name):
    response = client.get(f"/media/photos/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox;")


def test_uploaded_files_need_a_login_and_stay_inside_media_root(anon_client, client, media):
    assert anon_client.get("/media/photos/mette.jpg").status_code == 302
    assert client.get("/media/../settings.py").status_code in (400, 404)
    assert client.get("/media/photos/%2e%2e/%2e%2e/etc/passwd").status_code in (400, 404)
