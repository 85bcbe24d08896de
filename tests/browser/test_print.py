"""A visitkort and a profile print as one clean A4 page (static/css/print.css)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

HIDDEN_IN_PRINT = [".skipnav", ".header .navigation-menu", ".header-user", "footer", ".breadcrumbs"]


def pdf_pages(pdf):
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_visitkort_and_profile_print_on_one_clean_a4_page(page, directory):
    printed = [
        (directory.institution.get_absolute_url(), "Plejecenter Søbakken", "soebakken@faxekommune.dk"),
        (directory.employee.person.get_absolute_url(), "Mette Kjærgaard", "mette.kjaergaard@faxekommune.dk"),
    ]
    for url, name, email in printed:
        page.emulate_media(media="screen")
        page.goto(url)
        for selector in HIDDEN_IN_PRINT:
            assert page.locator(selector).first.is_visible(), f"{selector} is shown on screen"

        page.emulate_media(media="print")
        for selector in HIDDEN_IN_PRINT:
            expect(page.locator(selector).first, f"{selector} is printed on {url}").to_be_hidden()
        assert page.get_by_role("heading", level=1).inner_text() == name
        assert page.get_by_role("link", name=email).is_visible()
        assert pdf_pages(page.pdf(format="A4")) == 1, f"{url} prints on more than one page"
