"""axe-core finds no WCAG 2.0/2.1 A or AA violation on any page type (DESIGN.md: quality bars).

All page types are checked in a few tests rather than one test each: every test pays for a fresh
directory in the database, and a failure still names every page and element that failed.
"""

import pytest

from tests.browser.conftest import PASSWORD, PHONE, axe_violations, da

pytestmark = pytest.mark.browser

PAGES = {
    "forside": lambda d: "/",
    "search with results": lambda d: "/soeg/?q=Kjærgaard",
    "search with results, units only": lambda d: "/soeg/?q=Søbakken&type=units",
    "search without results": lambda d: "/soeg/?q=ingenting+her",
    "search without a query": lambda d: "/soeg/",
    "unit tree and list": lambda d: "/enheder/",
    "unit list filtered": lambda d: "/enheder/?kind=institution&topic=aeldrepleje",
    "visitkort": lambda d: d.institution.get_absolute_url(),
    "visitkort of a centre": lambda d: d.centre.get_absolute_url(),
    "person list": lambda d: "/medarbejdere/",
    "person list of a unit": lambda d: f"/medarbejdere/?unit={d.institution.slug}",
    "profile": lambda d: d.employee.person.get_absolute_url(),
    "try-out list": lambda d: "/proevehandlinger/",
    "try-out list filtered": lambda d: "/proevehandlinger/?status=i_gang&track=borgerperspektivet",
    "try-out": lambda d: d.breakfast.get_absolute_url(),
    "topic list": lambda d: "/emner/",
    "topic": lambda d: "/emner/aeldrepleje/",
    "mine": lambda d: "/mine/",
}
PHONE_PAGES = ["forside", "search with results", "unit tree and list", "visitkort", "try-out list filtered"]


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


def test_every_page_type_has_no_axe_violations(axe_page, directory):
    failures = []
    for name, url in PAGES.items():
        response = axe_page.goto(url(directory))
        assert response.status == 200, name
        check(axe_page, name, failures)
    assert not failures, report(failures)


def test_pages_on_a_phone_have_no_axe_violations(session, directory):
    page = session.page(directory.employee, viewport=PHONE, mobile=True, bypass_csp=True)
    failures = []
    for name in PHONE_PAGES:
        page.goto(PAGES[name](directory))
        check(page, name, failures)
    assert not failures, report(failures)


def test_open_search_suggestions_have_no_axe_violations(axe_page):
    axe_page.goto("/")
    axe_page.locator("#header-search").press_sequentially("Kjær")
    axe_page.get_by_role("listbox").wait_for()
    axe_page.keyboard.press("ArrowDown")
    failures = []
    check(axe_page, "search suggestions", failures)
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
