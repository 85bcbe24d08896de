"""The footer's language selector switches the UI to English, and the choice sticks."""

import pytest

pytestmark = pytest.mark.browser


def main_menu(page, name):
    return page.get_by_role("navigation", name=name).get_by_role("link").all_inner_texts()


def test_switching_to_english_shows_english_and_persists(page, directory):
    page.goto(directory.institution.get_absolute_url())
    assert page.locator("html").get_attribute("lang") == "da"
    assert main_menu(page, "Hovedmenu") == [
        "Forside",
        "Medarbejdere",
        "Enheder",
        "Prøvehandlinger",
        "Emner",
        "Strategi",
    ]

    page.get_by_label("Sprog").select_option("en")
    with page.expect_navigation():
        page.get_by_role("button", name="Skift sprog").click()

    assert page.url.endswith(directory.institution.get_absolute_url()), "the same page, now in English"
    assert page.locator("html").get_attribute("lang") == "en"
    assert main_menu(page, "Main menu") == ["Front page", "People", "Units", "Try-outs", "Topics", "Strategy"]
    assert page.get_by_role("heading", name="Current special tasks").is_visible()
    assert page.get_by_label("Language").input_value() == "en"

    with page.expect_navigation():
        page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Try-outs").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Try-outs"
    assert page.get_by_role("button", name="Show results").is_visible()
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Who knows what?"
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_label("Language").select_option("da")
    with page.expect_navigation():
        page.get_by_role("button", name="Change language").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Hvem ved hvad?"
