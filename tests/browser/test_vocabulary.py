"""The vocabulary's pages in a real browser: axe-core finds no WCAG 2.0/2.1 A or AA violation on
the KLE tree and subject pages, the strategy pages and the edit pages (the KLE picker with its
choices, the answer form), at phone (390 px) and desktop (1280 px) widths; and the KLE picker
works by keyboard without JavaScript doing anything."""

import pytest
from playwright.sync_api import Error as PlaywrightError
from taggit.models import Tag

from tests.browser.conftest import DESKTOP, axe_violations
from tests.conftest import da
from tests.vocabulary.conftest import load_kle
from vocabulary import services
from vocabulary.models import Aspect, FocusAnswer, FocusArea, TopicSubject, UnitSubject

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
SCREENSHOTS = "/tmp/vocabulary-screenshots"


def keep_screenshot(page, name):
    """A picture of the page to look at afterwards, not a check: Chromium on a busy machine can
    refuse a full-page capture ("Unable to capture screenshot"), which must not fail the test."""
    try:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)
    except PlaywrightError as error:
        if "Unable to capture screenshot" not in str(error):
            raise


@pytest.fixture
def vocabulary(directory):
    """KLE tasks, a try-out's subjects, a topic tied to KLE and a few answers to the strategy."""
    kle = load_kle()
    services.add_unit_subject(directory.institution, kle["27.36.04"], Aspect.ANSVARLIG)
    services.add_unit_subject(directory.institution, kle["27.39.08"], Aspect.INDSIGT)
    services.add_unit_subject(directory.homecare, kle["27.36.04"], Aspect.UDFOERENDE)
    services.add_tryout_subject(directory.breakfast, kle["27.36.04"])
    services.add_tryout_subject(directory.breakfast, kle["P08"])
    TopicSubject.objects.create(tag=Tag.objects.get(name="ældrepleje"), subject=kle["27.36"])
    area = FocusArea.objects.get(track=directory.tracks.borger)
    answer = FocusAnswer.objects.create(
        unit=directory.institution, focus_area=area, text="Vi spiser morgenmad med beboerne og lytter til dem."
    )
    answer.tryouts.add(directory.breakfast)
    answer.tasks.add(directory.current_task)
    return {"kle": kle, "area": area}


def pages(directory, vocabulary):
    area = vocabulary["area"]
    unit = directory.institution.slug
    return {
        "KLE tree": "/emner/kle/",
        "KLE search": "/emner/kle/?q=personlig",
        "KLE group": "/emner/kle/27.36/",
        "KLE subject with people": "/emner/kle/27.36/?vis=medarbejdere",
        "KLE facet": "/emner/kle/P08/?vis=proevehandlinger",
        "strategy": "/strategi/",
        "focus area": area.get_absolute_url(),
        "not answered yet": f"{area.get_absolute_url()}mangler-svar/",
        "tied try-outs": f"{area.get_absolute_url()}proevehandlinger/",
        "visitkort with KLE and strategy": directory.institution.get_absolute_url(),
        "try-out with KLE": directory.breakfast.get_absolute_url(),
        "topic with KLE": "/emner/aeldrepleje/",
        "edit KLE tasks": f"/enheder/{unit}/kle/",
        "edit strategy answers": f"/enheder/{unit}/strategi/",
        "answer form": f"/enheder/{unit}/strategi/{area.pk}/",
        "try-out KLE": f"/proevehandlinger/{directory.breakfast.slug}/kle/",
    }


def check_all(page, urls, width, failures):
    for name, url in urls.items():
        response = page.goto(url)
        assert response.status == 200, f"{name}: {response.status}"
        keep_screenshot(page, f"{width}-{name.replace(' ', '-')}")
        violations = axe_violations(page)
        if violations:
            failures.append(f"== {name} at {width} px ({page.url})\n" + "\n".join(violations))


@pytest.mark.parametrize("viewport", [PHONE_390, DESKTOP], ids=["390", "1280"])
def test_vocabulary_pages_have_no_axe_violations(session, directory, vocabulary, viewport):
    page = session.page(directory.leader, viewport=viewport, mobile=viewport is PHONE_390, bypass_csp=True)
    failures = []
    check_all(page, pages(directory, vocabulary), viewport["width"], failures)
    # The picker after a search: the matches to choose from, and an error on a taken subject.
    page.goto(f"/enheder/{directory.team.slug}/kle/")
    page.locator("#id_name").fill("personlig")
    with page.expect_navigation():
        page.get_by_role("button", name=da("Find and add")).click()
    assert page.get_by_role("radio").count() >= 3
    violations = axe_violations(page)
    page.get_by_label("27.36.04 Personlig og praktisk hjælp").check()
    page.get_by_label(da("Responsible")).check()
    with page.expect_navigation():
        page.get_by_role("button", name=da("Add the chosen subject")).click()
    assert page.get_by_role("alert").is_visible()  # the institution is already responsible
    violations += axe_violations(page)
    keep_screenshot(page, f"{viewport['width']}-picker-refused")
    if violations:
        failures.append("== KLE picker\n" + "\n".join(violations))
    assert not failures, "axe-core found violations:\n" + "\n".join(failures)


def test_the_kle_picker_works_by_keyboard_without_javascript(session, directory, vocabulary):
    """Strict CSP on; the picker is a plain form: type, Enter, choose with the arrow keys, submit."""
    page = session.page(directory.leader)
    page.goto(f"/enheder/{directory.team.slug}/kle/")
    page.locator("#id_name").fill("privat hjælper til")
    page.locator("#id_aspect_2").check()  # insight
    with page.expect_navigation():
        page.locator("#id_name").press("Enter")
    assert UnitSubject.objects.filter(unit=directory.team, subject__number="27.39.08", aspect="indsigt").exists()
    assert "27.39.08" in page.locator("main").inner_text()
