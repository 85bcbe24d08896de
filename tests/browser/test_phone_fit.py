"""The newest pages on a 390 px phone, as a thumb meets them: the kind tabs (search, a KLE
subject) sit flush with the heading, are 44 px tall and wrap into one tight block; on /mine/
"Stop med at følge" is 44 px tall and the profile's two buttons line up when they wrap; and the
bar chart of "Søgninger uden resultat" is set large enough to read."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from following.models import Follow
from search.models import SearchMiss
from tests.browser.conftest import PHONE, axe_violations
from tests.conftest import da
from tests.vocabulary.conftest import load_kle
from vocabulary import services
from vocabulary.models import Aspect

pytestmark = pytest.mark.browser

TAP = 44  # px: the smallest target a thumb hits reliably
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def boxes(locator):
    return [item.bounding_box() for item in locator.all()]


def assert_tabs_fit_a_thumb(page):
    heading = page.locator("main h1").bounding_box()
    tabs = page.locator(".kind-tabs a")
    found = boxes(tabs)
    assert len(found) >= 3, tabs.all_inner_texts()
    assert all(box["height"] >= TAP for box in found), f"a tab is less than {TAP} px tall: {found}"
    rows = sorted({round(box["y"]) for box in found})
    starts = [min(box["x"] for box in found if round(box["y"]) == row) for row in rows]
    assert starts == [heading["x"]] * len(rows), f"each row of tabs starts where the heading does: {starts}"
    tops = [min(box["y"] for box in found if round(box["y"]) == row) for row in rows]
    bottoms = [max(box["y"] + box["height"] for box in found if round(box["y"]) == row) for row in rows]
    for above, below in zip(bottoms, tops[1:], strict=False):
        assert below - above <= 4, f"a wrapped row of tabs starts {below - above} px below the first"
    assert page.evaluate(NO_SIDEWAYS_SCROLL)


def test_the_kind_tabs_are_flush_and_big_enough_to_tap(session, directory):
    kle = load_kle()
    services.add_unit_subject(directory.institution, kle["27.36.04"], Aspect.ANSVARLIG)
    phone = session.page(directory.employee, viewport=PHONE, mobile=True, bypass_csp=True)

    phone.goto("/soeg/?q=pleje")
    assert_tabs_fit_a_thumb(phone)
    phone.goto(kle["27.36.04"].get_absolute_url())
    assert_tabs_fit_a_thumb(phone)


def test_mine_stop_following_is_big_enough_and_the_profile_buttons_line_up(session, directory):
    kle = load_kle()
    employee = directory.employee
    Follow.objects.create(user=employee, kind="subject", object_id=kle["27.39.08"].pk)
    Follow.objects.create(user=employee, kind="unit", object_id=directory.institution.pk)
    phone = session.page(employee, viewport=PHONE, mobile=True, bypass_csp=True)
    phone.goto("/mine/")

    stops = phone.locator(".follow-list button")
    assert stops.count() == 2
    for stop, name in zip(boxes(stops), phone.locator(".follow-list li > a").all(), strict=True):
        assert stop["height"] >= TAP, f"“{da('Stop following')}” is {stop['height']} px tall"
        link = name.bounding_box()
        assert stop["x"] >= link["x"], "the button stands beside or flush under the name, never left of it"
        assert stop["x"] + stop["width"] <= PHONE["width"]

    confirm = phone.get_by_role("button", name=da("Confirm that my profile is current")).bounding_box()
    edit = phone.get_by_role("link", name=da("Edit my profile")).bounding_box()
    assert edit["y"] >= confirm["y"] + confirm["height"], "on a phone the second button wraps under the first"
    assert edit["x"] == confirm["x"], "and starts where the first does"
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    violations = axe_violations(phone)
    assert not violations, "axe-core found violations:\n" + "\n".join(violations)


# The size a text of the SVG is drawn at on the screen: its font size times the SVG's scale.
DRAWN_SIZES = """(selector) => [...document.querySelectorAll(selector)].map((text) => {
    const svg = text.ownerSVGElement;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const box = text.getBoundingClientRect(), frame = svg.getBoundingClientRect();
    return {text: text.textContent, px: parseFloat(getComputedStyle(text).fontSize) * scale,
            inside: box.left >= frame.left - 0.5 && box.right <= frame.right + 0.5};
})"""


def test_the_search_misses_chart_can_be_read_on_a_phone(session, directory):
    admin = get_user_model().objects.create_superuser("admin", "admin@faxekommune.dk", "demo")
    month = timezone.localdate().replace(day=1)
    long_query = "parkeringskort til borgere med handicap i Haslev og Faxe"  # 56 characters
    for query, count in (("hundeluftning", 5), ("snerydning", 3), (long_query, 2)):
        SearchMiss.objects.create(month=date(month.year, month.month, 1), query=query, count=count)
    phone = session.page(admin, viewport=PHONE, mobile=True, bypass_csp=True)
    phone.goto("/indsigt/#soegninger")

    drawn = phone.evaluate(DRAWN_SIZES, "#soegninger figure text")
    assert [text["text"] for text in drawn][::2][:2] == ["hundeluftning", "snerydning"]
    assert all(text["px"] >= 13 for text in drawn), f"the chart's texts are too small to read: {drawn}"
    assert all(text["inside"] for text in drawn), f"a text runs out of the chart: {drawn}"
    assert drawn[4]["text"].endswith("…"), "the long search is shortened in the chart"
    assert long_query in phone.locator("#soegninger table").inner_text(), "the table holds it whole"
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
