"""Following, "Har nogen prøvet det før?", the organisation chart and Indsigt in a real browser:
axe-core finds nothing at phone (390 px) and desktop (1280 px) width, the similar try-outs come in
place with JavaScript (and a button without), and the chart prints on A4 and A3 landscape."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from following.models import Follow
from following.services import unsubscribe_token
from tests.browser.conftest import DESKTOP, axe_violations
from tests.conftest import da
from tests.factories import UnitFactory
from units.models import UnitKind

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
WIDTHS = {"phone": PHONE_390, "desktop": DESKTOP}


def report(failures):
    return "axe-core found violations:\n" + "\n".join(failures)


def check(page, name, failures):
    violations = axe_violations(page)
    if violations:
        failures.append(f"== {name} ({page.url})\n" + "\n".join(violations))


@pytest.fixture
def reach(directory):
    """The employee follows a topic, a unit and a try-out; the plejecenter has a team below its team."""
    from taggit.models import Tag

    employee = directory.employee
    Follow.objects.create(user=employee, kind="topic", object_id=Tag.objects.get(name="ældrepleje").pk)
    Follow.objects.create(user=employee, kind="unit", object_id=directory.centre.pk)
    Follow.objects.create(user=employee, kind="tryout", object_id=directory.breakfast.pk)
    UnitFactory(name="Nattevagten", kind=UnitKind.TEAM, parent=directory.team)
    return directory


LEADER_PAGES = {
    "insight": lambda d: "/indsigt/",
    "mine of a leader": lambda d: "/mine/",
}
EMPLOYEE_PAGES = {
    "mine with follows": lambda d: "/mine/",
    "organisation chart": lambda d: reverse("units:orgchart", args=[d.centre.slug]),
    "organisation chart, 4 levels": lambda d: reverse("units:orgchart", args=[d.kommune.slug]) + "?niveauer=4",
    "organisation chart as a list": lambda d: reverse("units:orgchart", args=[d.centre.slug]) + "?visning=liste",
    "insight refused": lambda d: "/indsigt/",
    "visitkort with the follow button": lambda d: d.institution.get_absolute_url(),
    "try-out with the follow button": lambda d: d.breakfast.get_absolute_url(),
    "topic with the follow button": lambda d: "/emner/aeldrepleje/",
    "new try-out": lambda d: "/proevehandlinger/ny/",
}
ANONYMOUS_PAGES = {
    "unsubscribe": lambda d: reverse("following:unsubscribe", args=[unsubscribe_token(d.employee.pk)]),
    "unsubscribe with a changed link": lambda d: reverse("following:unsubscribe", args=["noget-andet"]),
}


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_new_pages_have_no_axe_violations(session, reach, width):
    viewport = WIDTHS[width]
    mobile = width == "phone"
    failures = []
    for user, pages in ((reach.leader, LEADER_PAGES), (reach.employee, EMPLOYEE_PAGES), (None, ANONYMOUS_PAGES)):
        page = session.page(user, viewport=viewport, mobile=mobile, bypass_csp=True)
        for name, url in pages.items():
            page.goto(url(reach))
            check(page, f"{name} at {width}", failures)
    page = session.page(reach.employee, viewport=viewport, mobile=mobile, bypass_csp=True)
    page.goto("/proevehandlinger/ny/")
    page.get_by_label(da("The challenge")).fill("Beboerne spiser for lidt morgenmad og mangler appetit.")
    page.get_by_role("button", name=da("Find similar try-outs")).click()
    page.locator(".similar-tryout").first.wait_for()
    check(page, f"new try-out with similar ones at {width}", failures)
    page.get_by_label(da("Title")).fill("Spisevenner")
    with page.expect_navigation():
        page.get_by_role("button", name=da("Preview the try-out")).click()
    check(page, f"preview at {width}", failures)
    page = session.page(None, viewport=viewport, mobile=mobile, bypass_csp=True)
    page.goto(ANONYMOUS_PAGES["unsubscribe"](reach))
    with page.expect_navigation():
        page.get_by_role("button", name=da("Unsubscribe")).click()
    check(page, f"unsubscribed at {width}", failures)
    session.expect_error("status of 403")  # the refused insight page
    session.expect_error("status of 400")  # the changed unsubscribe link
    assert not failures, report(failures)


def test_similar_try_outs_come_in_place_with_javascript(session, reach):
    page = session.page(reach.employee)
    page.goto("/proevehandlinger/ny/")
    url = page.url
    page.get_by_label(da("The challenge")).fill("Beboerne spiser for lidt morgenmad og mangler appetit om morgenen.")
    page.get_by_label(da("The challenge")).blur()  # a change fetches them; the button would too
    first = page.locator(".similar-tryout h3 a").first
    first.wait_for()
    assert first.inner_text().startswith("Morgenmad med beboerne")
    assert page.url == url, "the suggestions came without leaving the form"
    assert "Fællesskab giver appetit." in page.locator(".similar-tryout").first.inner_text()
    assert page.get_by_label(da("The challenge")).input_value().startswith("Beboerne spiser")


def test_the_follow_button_works_with_a_click_and_says_what_happened(session, reach):
    page = session.page(reach.leader)
    page.goto(reach.institution.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(f"^{da('Follow')}")).click()
    assert page.url.endswith(reach.institution.get_absolute_url())
    assert page.get_by_role("button", name=re.compile(f"^{da('Following')}")).is_visible()
    assert Follow.objects.filter(user=reach.leader, kind="unit", object_id=reach.institution.pk).exists()


A4_LANDSCAPE_CONTENT = 1062  # 297 mm less 2 × 8 mm margins, at 96 px per inch
A3_LANDSCAPE_CONTENT = 1527  # 420 mm less the margins


@pytest.mark.parametrize(("paper", "width"), [("A4", A4_LANDSCAPE_CONTENT), ("A3", A3_LANDSCAPE_CONTENT)])
def test_the_organisation_chart_prints_on_landscape_paper(session, reach, paper, width):
    for number in range(12):  # a wide centre: twelve departments with two teams each
        department = UnitFactory(name=f"Afdeling {number:02}", parent=reach.centre)
        for team in range(2):
            UnitFactory(name=f"Team {number:02}-{team}", kind=UnitKind.TEAM, parent=department)
    page = session.page(reach.employee, viewport={"width": width, "height": 700})
    page.goto(reverse("units:orgchart", args=[reach.centre.slug]))
    page.emulate_media(media="print")
    expect(page.locator(".orgchart-controls")).to_be_hidden()
    boxes = page.locator(".org-box")
    assert boxes.count() == 1 + 14 + 24 + 1  # the centre, its departments, their teams, Team Dagvagt
    for index in range(boxes.count()):
        box = boxes.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, f"a box runs off the {paper} page: {box}"
    columns = {round(branch["x"]) for branch in page.locator(".org-branch").evaluate_all(
        "nodes => nodes.map(n => n.getBoundingClientRect().toJSON())")}  # fmt: skip
    assert len(columns) >= (5 if paper == "A4" else 8), f"{len(columns)} columns on {paper}"
    pdf = page.pdf(format=paper, landscape=True, print_background=False)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 3


@pytest.mark.parametrize("width", list(WIDTHS))
def test_following_a_subject_and_a_focus_area_by_click_with_no_axe_violations(session, reach, width):
    """The KLE subject and focus area pages with "Følg" and, after a click, "Følger"; /mine/ lists them."""
    from tests.vocabulary.conftest import load_kle
    from vocabulary import services
    from vocabulary.models import FocusArea

    kle = load_kle()
    services.add_tryout_subject(reach.breakfast, kle["27.36.04"])
    services.add_unit_subject(reach.institution, kle["27.36.04"], "ansvarlig")
    area = FocusArea.objects.get(track=reach.tracks.borger)
    page = session.page(reach.employee, viewport=WIDTHS[width], mobile=width == "phone", bypass_csp=True)
    failures = []
    for name, obj, kind in (("KLE subject", kle["27.36.04"], "subject"), ("focus area", area, "focusarea")):
        page.goto(obj.get_absolute_url())
        check(page, f"{name} with Følg at {width}", failures)
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile(f"^{da('Follow')} ")).click()
        assert page.url.endswith(obj.get_absolute_url())
        assert page.get_by_role("button", name=re.compile(f"^{da('Following')}")).is_visible()
        assert Follow.objects.filter(user=reach.employee, kind=kind, object_id=obj.pk).exists()
        check(page, f"{name} with Følger at {width}", failures)
    page.goto("/mine/")
    following = page.locator("section#following")
    assert following.get_by_role("link", name="27.36.04 Personlig og praktisk hjælp").is_visible()
    assert following.get_by_role("link", name=area.title).is_visible()
    check(page, f"mine with a subject and a focus area at {width}", failures)
    assert not failures, report(failures)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_insight_with_the_searches_without_results_has_no_axe_violations(session, reach, width):
    from django.utils import timezone

    from search.models import SearchMiss
    from tests.factories import UserFactory

    admin = UserFactory(username="admin-indsigt", is_staff=True)
    month = timezone.localdate().replace(day=1)
    failures = []
    for name in ("empty", "with searches"):
        if name == "with searches":
            for query, count in (("trampolinpark", 7), ("flexjob", 3), ("hundeskov i haslev", 2)):
                SearchMiss.objects.create(month=month, query=query, count=count)
        page = session.page(admin, viewport=WIDTHS[width], mobile=width == "phone", bypass_csp=True)
        page.goto("/indsigt/#soegninger")
        section = page.locator("section#soegninger")
        if name == "empty":
            assert section.locator("p.insight-empty").is_visible()
        else:
            assert section.locator("tbody tr").count() == 3
            assert section.locator("tbody tr").first.inner_text().startswith("trampolinpark")
        check(page, f"insight for an administrator, {name}, at {width}", failures)
    assert not failures, report(failures)
