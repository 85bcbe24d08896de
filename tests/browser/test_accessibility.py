"""axe-core finds no WCAG 2.0/2.1 A or AA violation in states the page-type sweep does not reach:
open search suggestions, the login page with an error, the 404 and 403 pages. Every page type at
390, 768 and 1280 px is checked in test_layout.py.
"""

import pytest

from tests.browser.conftest import axe_violations, suggest
from tests.conftest import PASSWORD, da

pytestmark = pytest.mark.browser


def check(page, name, failures):
    """Run axe on the page shown now and note what it finds under `name`."""
    violations = axe_violations(page)
    if violations:
        failures.append(f"== {name} ({page.url})\n" + "\n".join(violations))


def report(failures):
    return "axe-core found violations:\n" + "\n".join(failures)


@pytest.fixture
def axe_page(session, directory):
    """axe-core is injected as a script, which the site's strict CSP would refuse."""
    return session.page(directory.employee, bypass_csp=True)


def test_open_search_suggestions_have_no_axe_violations(axe_page):
    failures = []
    for box in ("#header-search", "#home-search"):
        axe_page.goto("/")
        suggest(axe_page.locator(box), "Kjær").wait_for()
        axe_page.keyboard.press("ArrowDown")
        check(axe_page, f"search suggestions under {box}", failures)
    assert not failures, report(failures)


def test_login_pages_have_no_axe_violations(session, directory):
    page = session.page(bypass_csp=True)
    failures = []
    page.goto("/konto/login/")
    check(page, "login", failures)
    page.locator("#id_username").fill("medarbejder")
    page.locator("#id_password").fill("forkert")
    with page.expect_navigation():
        page.get_by_role("button", name=da("Log in")).click()
    assert page.get_by_role("alert").is_visible()
    check(page, "login with an error", failures)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name=da("Log in")).click()
    with page.expect_navigation():
        page.get_by_role("button", name=da("Log out")).click()
    assert page.url.endswith("/konto/logget-ud/")
    notice = page.locator(".logged-out").inner_text()
    assert da("The session in this browser is closed. Whoever uses this PC next must log in as themselves.") in notice
    check(page, "logged out", failures)
    assert not failures, report(failures)


def test_error_pages_have_no_axe_violations(session, axe_page, settings):
    # Nothing refuses a reader yet (editing comes later): tests/browser/urls.py adds a page that does.
    settings.ROOT_URLCONF = "tests.browser.urls"
    failures = []
    response = axe_page.goto("/enheder/findes-ikke/")
    assert response.status == 404
    assert axe_page.get_by_role("heading", level=1).inner_text() == da("Page not found")
    check(axe_page, "404", failures)
    response = axe_page.goto("/test/nej/")
    assert response.status == 403
    assert axe_page.get_by_role("heading", level=1).inner_text() == da("You do not have access to this")
    check(axe_page, "403", failures)
    session.expect_error("status of 404")
    session.expect_error("status of 403")
    assert not failures, report(failures)
