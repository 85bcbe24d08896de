"""What employees do most, in a real browser, once with the mouse and once with the keyboard only.

With the keyboard, every step is Tab until the control has focus, then Enter (or typing); every
element passed on the way must show where the focus is (tests/browser/conftest.py: tab_to).
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Visitor, focus_state, suggest
from tests.conftest import PASSWORD, da

pytestmark = pytest.mark.browser

BY = pytest.mark.parametrize("by", ["mouse", "keyboard"])


def heading(page):
    return page.get_by_role("heading", level=1).inner_text()


@BY
def test_log_in_search_a_colleague_and_write_to_them(session, directory, by):
    page = session.page()
    person = directory.employee.person
    page.goto("/")
    assert page.url.endswith("/konto/login/?next=/")
    visitor = Visitor(page, by)

    visitor.fill(page.locator("#id_username"), "medarbejder")
    visitor.fill(page.locator("#id_password"), PASSWORD)
    visitor.follow(page.get_by_role("button", name=da("Log in")))
    assert heading(page) == da("Who knows what?")

    visitor.fill(page.locator("#header-search"), person.last_name)
    visitor.follow(page.locator("#header-search + .button-search"))
    assert page.url.startswith(f"{session.base_url}/soeg/?q=")
    results = page.locator(".search-results")
    assert "Mette Kjærgaard" in results.inner_text()

    visitor.follow(results.get_by_role("link", name="Mette Kjærgaard"))
    assert heading(page) == "Mette Kjærgaard"
    mail = page.locator('.contact-list a[href="mailto:mette.kjaergaard@faxekommune.dk"]')
    assert mail.is_visible()
    assert mail.inner_text() == "mette.kjaergaard@faxekommune.dk"


@BY
def test_browse_the_tree_to_an_institutions_visitkort(session, directory, by):
    page = session.page(directory.employee)
    visitor = Visitor(page, by)
    page.goto("/")
    visitor.follow(page.get_by_role("navigation", name=da("Main menu")).get_by_role("link", name=da("Units")))
    assert heading(page) == da("Units")

    tree = page.locator("section.org-tree")
    institution = tree.get_by_role("link", name="Plejecenter Søbakken")
    assert not institution.is_visible(), "a centre's units start folded"
    centre = tree.locator("xpath=.//li[a[normalize-space()='Center for Sundhed & Ældre']]")
    visitor.toggle(centre.locator("xpath=./details/summary"))
    expect(institution).to_be_visible()

    visitor.follow(institution)
    assert heading(page) == "Plejecenter Søbakken"
    tasks = page.get_by_role("region", name=da("Current special tasks"))
    assert "Indflytning i den nye fløj" in tasks.inner_text()
    assert "Vinterberedskab" not in tasks.inner_text(), "an ended task is not current"
    tryouts = page.get_by_role("region", name=da("Try-outs"))
    for title in ["Morgenmad med beboerne", "Digital vagtplan", "Frivillige i skolegården"]:
        assert tryouts.get_by_role("link", name=title).is_visible()


@BY
def test_filter_tryouts_in_progress_on_a_track_and_go_to_the_owner(session, directory, by):
    page = session.page(directory.employee)
    visitor = Visitor(page, by)
    page.goto("/proevehandlinger/")
    filters = page.locator("form.filter-form")

    visitor.choose(filters.get_by_label(da("Status")), da("In progress"))
    visitor.choose(filters.get_by_label(da("Track")), "Borgerperspektivet")
    visitor.follow(filters.get_by_role("button", name=da("Show results")))
    assert "status=i_gang" in page.url and "track=borgerperspektivet" in page.url
    listed = page.locator(".card-list .tryout-card h3").all_inner_texts()
    assert listed == ["Morgenmad med beboerne"]

    visitor.follow(page.get_by_role("link", name="Morgenmad med beboerne"))
    assert heading(page) == "Morgenmad med beboerne"
    facts = page.locator(".contact-box")
    visitor.follow(facts.get_by_role("link", name="Plejecenter Søbakken"))
    assert heading(page) == "Plejecenter Søbakken"
    assert page.url.endswith(directory.institution.get_absolute_url())


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.textContent.trim()")
    assert skip == da("Skip to main content") == "Gå til sidens indhold"
    state = focus_state(page)
    assert state["shown"]
    # Wholly on screen at once (DKFDS slid it in from above the page and it showed clipped meanwhile).
    box = page.evaluate("(() => { const b = document.activeElement.getBoundingClientRect(); return b.toJSON(); })()")
    top, left, bottom, right = box["top"], box["left"], box["bottom"], box["right"]
    assert top >= 0 and left >= 0 and bottom <= 900 and right <= 1280, f"the skip link is clipped: {box}"
    # Also when the page is scrolled (Shift+Tab back to it from further down).
    page.evaluate("window.scrollTo(0, 400)")
    assert page.evaluate("document.activeElement.getBoundingClientRect().top") >= 0
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()
    page.keyboard.press("Tab")
    inside = page.evaluate("document.getElementById('main-content').contains(document.activeElement)")
    assert inside, "the next Tab continues inside the main content"


def test_focus_is_visible_on_every_stop_of_a_visitkort(page, directory):
    """Tab through a whole visitkort, header and footer included."""
    page.goto(directory.institution.get_absolute_url())
    stops = []
    for _press in range(200):
        page.keyboard.press("Tab")
        state = focus_state(page)
        if state["name"].startswith("body"):  # past the last stop
            break
        stops.append(state)
    assert len(stops) > 20
    assert stops[-1]["name"].startswith("button"), "the footer's language button is the last stop"
    unseen = [state["name"] for state in stops if not state["shown"]]
    assert not unseen, f"focus is not visible on: {unseen}"


def test_suggestions_under_the_search_box_with_the_keyboard(page, directory):
    """Type, arrow down to a suggestion, Enter opens it; Escape closes the list; a status
    region tells screen readers how many suggestions there are."""
    person = directory.employee.person
    page.goto("/")
    box = page.locator("#header-search")
    listbox = suggest(box, "Kjær")
    listbox.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    option = page.get_by_role("option").first
    assert person.full_name in option.inner_text()
    assert page.locator("header .has-suggestions [role=status]").inner_text().strip() != ""

    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")

    suggest(box, "g").wait_for()
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "header-search-suggestion-0")
    expect(page.locator("#header-search-suggestion-0")).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    page.wait_for_url(f"**{person.get_absolute_url()}")
    assert heading(page) == person.full_name
