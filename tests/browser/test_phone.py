"""On a 375 px phone: the menu, the search box and a visitkort are usable, and nothing scrolls sideways."""

import pytest

from tests.browser.conftest import PHONE, da

pytestmark = pytest.mark.browser

WIDTH = PHONE["width"]


@pytest.fixture
def phone(session, directory):
    return session.page(directory.employee, viewport=PHONE, mobile=True)


def assert_no_sideways_scroll(page):
    widths = page.evaluate(
        "() => ({document: document.documentElement.scrollWidth, body: document.body.scrollWidth,"
        " viewport: document.documentElement.clientWidth})"
    )
    assert widths["viewport"] == WIDTH
    assert widths["document"] <= WIDTH and widths["body"] <= WIDTH, f"{page.url} scrolls sideways: {widths}"


def assert_on_screen(locator):
    """Visible and inside the width of the phone, so a thumb can reach it."""
    assert locator.is_visible(), locator
    box = locator.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, f"{locator} is off screen: {box}"
    assert box["height"] >= 20, f"{locator} is too small to tap: {box}"


def test_menu_links_and_search_box_are_usable(phone):
    phone.goto("/")
    menu = phone.get_by_role("navigation", name=da("Main menu"))
    links = menu.get_by_role("link")
    assert links.count() == 6
    for index in range(links.count()):
        assert_on_screen(links.nth(index))
    with phone.expect_navigation():
        menu.get_by_role("link", name=da("Try-outs")).tap()
    assert phone.get_by_role("heading", level=1).inner_text() == da("Try-outs")

    box = phone.locator("#header-search")
    assert_on_screen(box)
    assert_on_screen(phone.locator("#header-search + .button-search"))
    box.tap()
    box.fill("Kjærgaard")
    with phone.expect_navigation():
        phone.locator("#header-search + .button-search").tap()
    assert "Mette Kjærgaard" in phone.locator(".search-results").inner_text()


def test_visitkort_is_usable(phone, directory):
    phone.goto(directory.institution.get_absolute_url())
    assert_no_sideways_scroll(phone)
    assert_on_screen(phone.get_by_role("heading", level=1))
    mail = phone.locator('a[href="mailto:soebakken@faxekommune.dk"]')
    mail.scroll_into_view_if_needed()
    assert_on_screen(mail)
    assert_on_screen(phone.locator('a[href="tel:56204000"]'))
    tryout = phone.get_by_role("region", name=da("Try-outs")).get_by_role("link", name="Morgenmad med beboerne")
    tryout.scroll_into_view_if_needed()
    assert_on_screen(tryout)
    with phone.expect_navigation():
        tryout.tap()
    assert phone.get_by_role("heading", level=1).inner_text() == "Morgenmad med beboerne"


def test_no_page_scrolls_sideways(phone, directory):
    urls = [
        "/",
        "/soeg/?q=Kjærgaard",
        "/enheder/",
        "/enheder/?kind=institution",
        directory.institution.get_absolute_url(),
        "/medarbejdere/",
        directory.employee.person.get_absolute_url(),
        "/proevehandlinger/",
        directory.breakfast.get_absolute_url(),
        "/emner/",
        "/emner/aeldrepleje/",
        "/mine/",
    ]
    for url in urls:
        phone.goto(url)
        assert_no_sideways_scroll(phone)
