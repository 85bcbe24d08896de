"""On a 390 px phone: the menu button opens the main menu, "Mine sider" and "Log af"; the search
box works; and a visitkort or a profile offers call, mail and chat on its first screen. Every page
type's width, overlaps and axe-core are checked in test_layout.py."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.conftest import da

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = PHONE["width"], PHONE["height"]


@pytest.fixture
def phone(session, directory):
    return session.page(directory.employee, viewport=PHONE, mobile=True)


def assert_on_screen(locator, first_screen=False):
    """Visible and inside the width of the phone (and its first screen), so a thumb can reach it."""
    assert locator.is_visible(), locator
    box = locator.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, f"{locator} is off screen: {box}"
    assert box["height"] >= 20, f"{locator} is too small to tap: {box}"
    if first_screen:
        assert box["y"] + box["height"] <= HEIGHT, f"{locator} is below the first screen: {box}"


def test_the_header_is_compact_and_the_menu_button_opens_the_menu(phone):
    phone.goto("/")
    header = phone.locator("header.header").bounding_box()
    assert header["height"] <= 150, f"the header takes {header['height']} px of a {HEIGHT} px screen"
    button = phone.locator(".header-menu summary")
    assert_on_screen(button, first_screen=True)
    assert button.inner_text().strip() == da("Menu")

    button.tap()
    menu = phone.get_by_role("navigation", name=da("Main menu"))
    links = menu.get_by_role("link")
    expect(links).to_have_count(6)  # the click that a tap makes may come after tap() returns
    for index in range(links.count()):
        assert_on_screen(links.nth(index))
    account = phone.locator(".header-menu-account")
    assert_on_screen(account.get_by_role("link", name=da("My page")))
    assert_on_screen(account.get_by_role("button", name=da("Log out")))
    expect(button).to_have_text(da("Close"), use_inner_text=True)

    # Escape closes it again and leaves the focus on the button (static/js/menu.js).
    phone.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    assert phone.evaluate("document.activeElement.tagName") == "SUMMARY"

    button.tap()
    with phone.expect_navigation():
        menu.get_by_role("link", name=da("Try-outs")).tap()
    assert phone.get_by_role("heading", level=1).inner_text() == da("Try-outs")


def test_the_menu_works_without_javascript(browser, live_server, directory, session):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False)
    try:
        context.add_cookies([session.session_cookie(directory.employee)])
        page = context.new_page()
        page.goto("/")
        page.locator(".header-menu summary").click()
        with page.expect_navigation():
            page.locator(".header-menu-account").get_by_role("link", name=da("My page")).click()
        assert page.url.endswith("/mine/")
    finally:
        context.close()


def test_the_search_box_is_usable(phone):
    phone.goto("/enheder/")
    box = phone.locator("#header-search")
    assert_on_screen(box, first_screen=True)
    assert_on_screen(phone.locator("#header-search + .button-search"))
    box.tap()
    box.fill("Kjærgaard")
    with phone.expect_navigation():
        phone.locator("#header-search + .button-search").tap()
    assert "Mette Kjærgaard" in phone.locator(".search-results").inner_text()


def test_call_mail_and_chat_are_on_the_first_screen_of_a_visitkort_and_a_profile(phone, directory):
    phone.goto(directory.institution.get_absolute_url())
    assert_on_screen(phone.get_by_role("heading", level=1), first_screen=True)
    actions = phone.locator(".reach-actions")
    assert_on_screen(actions.locator('a[href="tel:56204000"]'), first_screen=True)
    assert_on_screen(actions.locator('a[href="mailto:soebakken@faxekommune.dk"]'), first_screen=True)
    chat = actions.get_by_role("link", name=da("Chat"))
    assert_on_screen(chat, first_screen=True)
    assert chat.get_attribute("href") == "https://teams.microsoft.com/l/chat/0/0?users=lars.holm@faxekommune.dk"

    phone.goto(directory.employee.person.get_absolute_url())
    actions = phone.locator(".reach-actions")
    assert_on_screen(actions.locator('a[href="tel:56204012"]'), first_screen=True)
    assert_on_screen(actions.locator('a[href="mailto:mette.kjaergaard@faxekommune.dk"]'), first_screen=True)
    assert_on_screen(actions.get_by_role("link", name=da("Chat")), first_screen=True)
    workplace = phone.locator(".contact-list")
    assert "Plejecenter Søbakken" in workplace.inner_text() and "Lars Holm" in workplace.inner_text()


def test_a_try_out_is_reached_from_the_visitkort(phone, directory):
    phone.goto(directory.institution.get_absolute_url())
    tryout = phone.get_by_role("region", name=da("Try-outs")).get_by_role("link", name="Morgenmad med beboerne")
    tryout.scroll_into_view_if_needed()
    assert_on_screen(tryout)
    with phone.expect_navigation():
        tryout.tap()
    assert phone.get_by_role("heading", level=1).inner_text() == "Morgenmad med beboerne"
