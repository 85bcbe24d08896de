"""Suggestions in a real browser: an error is announced and passes axe-core, and a keyboard-only
journey from a colleague's suggestion to the leader's change. The pages with suggestions waiting
are checked at every width in test_layout.py."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Visitor, axe_violations, tab_to
from tests.conftest import da
from units.models import Suggestion, SuggestionStatus

pytestmark = pytest.mark.browser

SUGGESTION = "Skriv gerne, at vi har fået en ny fløj med tolv boliger."


def heading(page):
    return page.get_by_role("heading", level=1).inner_text()


def test_a_suggestion_with_an_error_is_announced_and_accessible(session, directory):
    page = session.page(directory.employee, bypass_csp=True)
    page.goto(directory.institution.get_absolute_url())
    section = page.locator("#suggestions")
    with page.expect_navigation():
        section.get_by_role("button", name=da("Send suggestion")).click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert da("Write your suggestion.") in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')"), "focus moves to the summary"
    assert page.locator("textarea").get_attribute("aria-invalid") == "true"
    violations = axe_violations(page)
    assert not violations, "axe-core found violations:\n" + "\n".join(violations)
    summary.get_by_role("link").click()
    expect(page.locator("textarea")).to_be_focused()
    assert not Suggestion.objects.exists()


def test_colleague_suggests_and_leader_accepts_with_the_keyboard_only(session, directory):
    colleague = Visitor(session.page(directory.employee), "keyboard")
    page = colleague.page
    page.goto(directory.institution.get_absolute_url())
    section = page.locator("#suggestions")
    colleague.fill(section.get_by_label(da("Your suggestion")), SUGGESTION)
    colleague.follow(section.get_by_role("button", name=da("Send suggestion")))
    assert page.url.endswith(f"{directory.institution.get_absolute_url()}#suggestions")
    # The thanks is where the user is (the card is long), and the suggestion is listed as waiting.
    thanks = page.locator("#suggestions").get_by_role("status")
    assert da("Thank you. Your suggestion has been sent to the card's editors.") in thanks.inner_text()
    # Chromium may scroll to #suggestions only after the load event that follow() waits for.
    expect(thanks, "the thanks is on screen after the redirect").to_be_in_viewport(ratio=1)
    assert SUGGESTION in page.locator("#suggestions .own-suggestion").inner_text()

    leader = Visitor(session.page(directory.leader), "keyboard")
    page = leader.page
    page.goto("/mine/")
    waiting = page.get_by_role("region", name=da("Suggestions waiting for you"))
    assert SUGGESTION in waiting.inner_text()
    leader.follow(
        waiting.get_by_role("link", name=da("Answer the suggestion for %(name)s") % {"name": "Plejecenter Søbakken"})
    )
    assert heading(page) == da("Suggestion for %(name)s") % {"name": "Plejecenter Søbakken"}
    leader.follow(page.get_by_role("button", name=da("Accept and edit the card")))
    assert "/rediger/?forslag=" in page.url
    assert SUGGESTION in page.locator(".suggestion-applied").inner_text()

    about = page.get_by_label(da("Who we are"))
    tab_to(page, about)
    page.keyboard.press("Control+End")
    page.keyboard.type(" Vi har fået en ny fløj med tolv boliger.")
    leader.follow(page.get_by_role("button", name=da("Save the visitkort")))
    assert heading(page) == "Plejecenter Søbakken"

    assert "Vi har fået en ny fløj med tolv boliger." in page.get_by_role("region", name=da("Who we are")).inner_text()

    suggestion = Suggestion.objects.get()
    assert (suggestion.status, suggestion.resolver) == (SuggestionStatus.ACCEPTED, directory.leader)
    assert suggestion.change_id is not None

    page = session.page(directory.employee)
    page.goto("/mine/")
    mine = page.get_by_role("region", name=da("My suggestions"))
    assert da("Accepted") in mine.inner_text()
    assert mine.get_by_role("link", name=da("See the change")).is_visible()
