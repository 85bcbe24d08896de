"""The search in a real browser: on a phone each hit says why it matched, by field, and the
forside's big search box suggests topics (and opens one) as the header's box does."""

import pytest
from taggit.models import Tag

from tests.browser.conftest import PHONE, axe_violations, suggest
from tests.conftest import da

pytestmark = pytest.mark.browser

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def hit(page, title):
    return page.locator("li.search-hit").filter(has=page.get_by_role("link", name=title, exact=True))


def test_a_hit_says_why_it_matched_on_a_phone(session, directory):
    phone = session.page(directory.employee, viewport=PHONE, bypass_csp=True)
    phone.goto("/soeg/?q=velfærdsteknologi")

    unit = hit(phone, "Plejecenter Søbakken")
    lines = unit.locator("p.snippet")
    assert lines.all_inner_texts() == [f"{da('We can help with')}: Demensvenlige aktiviteter og velfærdsteknologi."]
    assert lines.first.locator("mark").all_inner_texts() == ["velfærdsteknologi"]
    box = lines.first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], "the line fits the phone's width"
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)

    # Found by her name alone: the name is marked, and no line repeats it.
    phone.goto("/soeg/?q=Kjaergaard")
    person = hit(phone, "Mette Kjærgaard")
    assert person.locator("h3 mark").inner_text() == "Kjærgaard"
    assert person.locator("p.snippet").count() == 0

    phone.goto("/soeg/?q=borgerinddragelse")
    person = hit(phone, "Mette Kjærgaard")
    assert person.locator("p.snippet").first.inner_text().startswith(f"{da('Expertise')}: ")
    violations = axe_violations(phone)
    assert not violations, "axe-core found violations:\n" + "\n".join(violations)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_forsides_big_box_suggests_topics(session, directory, viewport):
    page = session.page(directory.employee, **({"viewport": PHONE} if viewport == "phone" else {}))
    page.goto("/")
    box = page.locator("#home-search")
    listbox = suggest(box, "ældrep")
    listbox.wait_for()

    options = listbox.get_by_role("option")
    kinds = options.locator(".suggestion-kind").all_inner_texts()
    assert da("Topic") in kinds, f"the suggestions are {options.all_inner_texts()}"
    assert da("Unit") in kinds, "units with the topic come first"
    topic = [i for i, kind in enumerate(kinds) if kind == da("Topic")][0]
    assert options.nth(topic).inner_text().startswith("ældrepleje")

    for _step in range(topic + 1):
        box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(f"**/emner/{Tag.objects.get(name='ældrepleje').slug}/")
    assert page.get_by_role("heading", level=1).inner_text().lower().endswith("ældrepleje")
