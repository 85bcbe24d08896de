"""Edit pages in a real browser: axe-core finds no WCAG 2.1 A/AA violation with errors and a
"changed meanwhile" notice, topics can be picked with the keyboard, a leader edits the visitkort
with the keyboard only, and a try-out's editor adds a participating unit by name."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import Visitor, axe_violations, suggest, tab_to
from tests.conftest import da
from units.models import Unit

pytestmark = pytest.mark.browser


def check(page, name, failures):
    violations = axe_violations(page)
    if violations:
        failures.append(f"== {name} ({page.url})\n" + "\n".join(violations))


def test_edit_pages_with_errors_conflicts_and_refusals_have_no_axe_violations(session, directory):
    """The edit pages themselves are checked at every width in test_layout.py."""
    unit = directory.institution
    page = session.page(directory.leader, bypass_csp=True)
    failures = []
    pages = {"visitkort edit": reverse("units:edit", kwargs={"slug": unit.slug})}

    # With errors: the summary at the top gets the focus and links to the fields.
    page.goto(pages["visitkort edit"])
    page.locator("#id_website").fill("ikke en adresse")
    page.locator("#id_about").fill("x" * 5001)
    with page.expect_navigation():
        page.get_by_role("button", name=da("Save the visitkort")).click()
    summary = page.locator("[data-error-summary]")
    assert summary.evaluate("element => element === document.activeElement")
    assert summary.get_by_role("link").count() == 2
    check(page, "visitkort edit with errors", failures)

    # Someone else saved meanwhile: the notice has no violations either.
    page.goto(pages["visitkort edit"])
    Unit.objects.filter(pk=unit.pk).update(version=unit.version + 5)
    page.locator("#id_about").fill("Min tekst")
    with page.expect_navigation():
        page.get_by_role("button", name=da("Save the visitkort")).click()
    assert page.locator(".conflict").is_visible()
    session.expect_error("409 (Conflict)")
    check(page, "visitkort edit, changed meanwhile", failures)

    # A refusal page.
    refused = session.page(directory.employee, bypass_csp=True)
    assert refused.goto(pages["visitkort edit"]).status == 403
    session.expect_error("403 (Forbidden)")
    check(refused, "403", failures)
    assert not failures, "axe-core found violations:\n" + "\n".join(failures)


def test_topic_suggestions_with_the_keyboard(session, directory):
    page = session.page(directory.leader)
    page.goto(reverse("units:edit", kwargs={"slug": directory.institution.slug}))
    field = page.locator("#id_tags")
    field.fill("")
    listbox = suggest(field, "sundhed, velf", query="velf")
    listbox.wait_for()
    assert listbox.get_by_role("option").all_inner_texts() == ["velfærdsteknologi"]
    page.keyboard.press("ArrowDown")
    expect(field).to_have_attribute("aria-activedescendant", re.compile("."))  # set, not empty
    page.keyboard.press("Enter")
    expect(field).to_have_value("sundhed, velfærdsteknologi, ")
    expect(listbox).to_be_hidden()
    suggest(field, "ældr", query="ældr").wait_for()
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(field).to_have_value("sundhed, velfærdsteknologi, ældr")


def test_a_leader_edits_the_visitkort_with_the_keyboard_only(session, directory):
    page = session.page(directory.leader)
    visitor = Visitor(page, "keyboard")
    page.goto(directory.institution.get_absolute_url())
    visitor.follow(page.get_by_role("link", name=da("Edit the visitkort")))
    looking_for = page.locator("#id_looking_for")
    tab_to(page, looking_for)
    page.keyboard.press("Control+A")
    page.keyboard.type("Frivillige til gåture om søndagen.")
    visitor.follow(page.get_by_role("button", name=da("Save the visitkort")))
    assert page.url.endswith(directory.institution.get_absolute_url())
    assert page.get_by_role("status").filter(has_text=da("The visitkort is saved.")).is_visible()
    assert page.get_by_text("Frivillige til gåture om søndagen.").is_visible()


def test_a_try_out_editor_adds_a_participating_unit_by_name(session, directory):
    page = session.page(directory.leader)
    page.goto(reverse("tryouts:edit", kwargs={"slug": directory.breakfast.slug}))
    page.get_by_label(da("Add a participating unit")).fill("en")
    with page.expect_navigation():
        page.get_by_role("button", name=da("Save the try-out")).click()
    # "en" matches more than one unit: the form comes back with them to choose from.
    choices = page.get_by_role("group", name=da("Choose the unit"))
    choices.get_by_label("Skolen ved Stranden").check()
    with page.expect_navigation():
        page.get_by_role("button", name=da("Save the try-out")).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Morgenmad med beboerne"
    assert page.locator(".contact-box").get_by_role("link", name="Skolen ved Stranden").is_visible()
