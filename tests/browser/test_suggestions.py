"""Suggestions, freshness and "mine sider" in a real browser: axe-core on the pages with their
content and errors, and a keyboard-only journey from a colleague's suggestion to the leader's change.
"""

import pytest
from django.utils import timezone

from tests.browser.conftest import Visitor, axe_violations, da, tab_to
from tests.factories import SuggestionFactory
from units.models import Suggestion, SuggestionStatus, Unit

pytestmark = pytest.mark.browser

SUGGESTION = "Skriv gerne, at vi har fået en ny fløj med tolv boliger."


def heading(page):
    return page.get_by_role("heading", level=1).inner_text()


@pytest.fixture
def activity(directory):
    """A stale card with an open suggestion, and the leader's own answered suggestion."""
    Unit.objects.filter(pk=directory.team.pk).update(last_confirmed_at=timezone.now() - timezone.timedelta(days=400))
    waiting = SuggestionFactory(author=directory.employee, target=directory.institution, text=SUGGESTION)
    SuggestionFactory(author=directory.employee, target=directory.breakfast, text="Nævn frivilliggruppen.")
    SuggestionFactory(
        author=directory.leader,
        target=directory.school,
        text="Tilføj jeres åbningstider.",
        status=SuggestionStatus.DECLINED,
        reply="Dem har vi på forsiden.",
        resolver=directory.employee,
        resolved_at=timezone.now(),
    )
    return waiting


def test_co_creation_pages_have_no_axe_violations(session, directory, activity):
    failures = []
    pages = [
        (directory.leader, "/mine/ of a leader with cards, suggestions and outcomes", "/mine/"),
        (directory.employee, "/mine/ of an employee with suggestions", "/mine/"),
        (directory.leader, "visitkort seen by its leader", directory.institution.get_absolute_url()),
        (directory.leader, "stale visitkort seen by its leader", directory.team.get_absolute_url()),
        (directory.leader, "try-out seen by its owner's leader", directory.breakfast.get_absolute_url()),
        (directory.leader, "a suggestion to decide on", f"/enheder/forslag/{activity.pk}/"),
        (directory.employee, "the suggestion form's own page", f"{directory.institution.get_absolute_url()}forslag/"),
    ]
    for user, name, url in pages:
        page = session.page(user, bypass_csp=True)
        assert page.goto(url).status == 200, name
        violations = axe_violations(page)
        if violations:
            failures.append(f"== {name} ({url})\n" + "\n".join(violations))
    assert not failures, "axe-core found violations:\n" + "\n".join(failures)


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
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    assert not Suggestion.objects.exists()


def test_colleague_suggests_and_leader_accepts_with_the_keyboard_only(session, directory):
    colleague = Visitor(session.page(directory.employee), "keyboard")
    page = colleague.page
    page.goto(directory.institution.get_absolute_url())
    section = page.locator("#suggestions")
    colleague.fill(section.get_by_label(da("Your suggestion")), SUGGESTION)
    colleague.follow(section.get_by_role("button", name=da("Send suggestion")))
    assert page.url.endswith(f"{directory.institution.get_absolute_url()}#suggestions")
    assert (
        da("Thank you. Your suggestion has been sent to the card's editors.") in page.locator(".messages").inner_text()
    )

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
