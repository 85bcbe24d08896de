"""Every page type, edit forms included, on a phone (390 px), a tablet (768 px) and a desktop
(1280 px): axe-core finds no WCAG 2.1 A/AA violation, nothing scrolls sideways, "Mine sider" and
"Log af" can be reached (through the menu button below 992 px), and no two landmarks or major
page sections lie over each other, so that a CSS clash such as a form lying over the contact box
fails here.

One test per width visits all pages, because every test pays for a fresh directory.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from people.models import Person
from tests.browser.conftest import VIEWPORTS, axe_violations
from tests.conftest import da
from tests.factories import SuggestionFactory
from units.models import SuggestionStatus, Unit

pytestmark = pytest.mark.browser

WIDTHS = [390, 768, 1280]
# Below this width the header shows the menu button instead of the account links (DKFDS: lg).
MENU_BELOW = 992

# (name, who looks, URL): every page type a user reaches, reading and editing.
PAGES = [
    ("forside", "employee", lambda d: "/"),
    ("search with results", "employee", lambda d: "/soeg/?q=Kjærgaard"),
    ("search, units only", "employee", lambda d: "/soeg/?q=Søbakken&type=units"),
    ("search without results", "employee", lambda d: "/soeg/?q=ingenting+her"),
    ("unit tree and list", "employee", lambda d: "/enheder/"),
    ("unit list filtered", "employee", lambda d: "/enheder/?kind=institution&topic=aeldrepleje"),
    ("visitkort", "employee", lambda d: d.institution.get_absolute_url()),
    ("visitkort of a centre", "employee", lambda d: d.centre.get_absolute_url()),
    ("person list, paginated", "employee", lambda d: "/medarbejdere/?page=2"),
    ("profile", "employee", lambda d: d.employee.person.get_absolute_url()),
    ("try-out list filtered", "employee", lambda d: "/proevehandlinger/?status=i_gang&track=borgerperspektivet"),
    ("try-out", "employee", lambda d: d.breakfast.get_absolute_url()),
    ("topic list", "employee", lambda d: "/emner/"),
    ("topic", "employee", lambda d: "/emner/aeldrepleje/"),
    ("mine sider of an employee", "employee", lambda d: "/mine/"),
    ("the suggestion form's own page", "employee", lambda d: f"{d.institution.get_absolute_url()}forslag/"),
    ("visitkort history", "employee", lambda d: reverse("units:history", kwargs={"slug": d.institution.slug})),
    ("visitkort seen by its leader", "leader", lambda d: d.institution.get_absolute_url()),
    ("try-out seen by its owner's leader", "leader", lambda d: d.breakfast.get_absolute_url()),
    ("mine sider of a leader", "leader", lambda d: "/mine/"),
    ("a suggestion to decide on", "leader", lambda d: f"/enheder/forslag/{d.waiting.pk}/"),
    ("visitkort edit", "leader", lambda d: reverse("units:edit", kwargs={"slug": d.institution.slug})),
    ("tasks", "leader", lambda d: reverse("units:tasks", kwargs={"slug": d.institution.slug})),
    ("collaborations", "leader", lambda d: reverse("units:collaborations", kwargs={"slug": d.institution.slug})),
    ("editors", "leader", lambda d: reverse("units:editors", kwargs={"slug": d.institution.slug})),
    ("try-out create", "leader", lambda d: reverse("tryouts:create")),
    ("try-out edit", "leader", lambda d: reverse("tryouts:edit", kwargs={"slug": d.breakfast.slug})),
    ("profile edit", "leader", lambda d: reverse("people:edit", kwargs={"pk": d.leader.person.pk})),
]

# Landmarks and the sections, forms and boxes a page is made of: none may lie over another that it
# neither contains nor sits in.
OVERLAPS = """() => {
    const selector = "header, nav, main, aside, footer, section, [role=search], form, .contact-box, .card-item";
    // checkVisibility: also false inside a closed <details> (its content keeps a layout box).
    const shown = (element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && element.checkVisibility({visibilityProperty: true});
    };
    const elements = [...document.querySelectorAll(selector)].filter(shown);
    const name = (element) => element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
        + [...element.classList].map((c) => "." + c).join("")
        + (element.getAttribute("aria-labelledby") ? `[${element.getAttribute("aria-labelledby")}]` : "");
    const found = [];
    for (let i = 0; i < elements.length; i++) {
        for (let j = i + 1; j < elements.length; j++) {
            const a = elements[i], b = elements[j];
            if (a.contains(b) || b.contains(a)) continue;
            const boxA = a.getBoundingClientRect(), boxB = b.getBoundingClientRect();
            const width = Math.min(boxA.right, boxB.right) - Math.max(boxA.left, boxB.left);
            const height = Math.min(boxA.bottom, boxB.bottom) - Math.max(boxA.top, boxB.top);
            if (width > 1 && height > 1) found.push(`${name(a)} lies over ${name(b)}`);
        }
    }
    return found;
}"""

SIDEWAYS = """() => ({document: document.documentElement.scrollWidth, body: document.body.scrollWidth,
    viewport: document.documentElement.clientWidth})"""


@pytest.fixture
def layout_directory(directory):
    """The directory with enough people for a second page of the list, suggestions waiting and
    answered, and a visitkort that may be out of date (its warning and the editors' upkeep box)."""
    Unit.objects.filter(pk=directory.institution.pk).update(last_confirmed_at=timezone.now() - timedelta(days=400))
    Person.objects.bulk_create(
        Person(first_name="Kollega", last_name=f"Nummer {number:02d}", sort_key=f"nummer {number:02d}")
        for number in range(30)
    )
    directory.waiting = SuggestionFactory(
        author=directory.employee, target=directory.institution, text="Skriv gerne, at vi har fået en ny fløj."
    )
    SuggestionFactory(
        author=directory.leader,
        target=directory.school,
        text="Tilføj jeres åbningstider.",
        status=SuggestionStatus.DECLINED,
        reply="Dem har vi på forsiden.",
        resolver=directory.employee,
        resolved_at=timezone.now(),
    )
    return directory


def on_screen(locator, width):
    """Visible and wholly within the width of the window."""
    if not locator.is_visible():
        return False
    box = locator.bounding_box()
    return box["x"] >= 0 and box["x"] + box["width"] <= width


def layout_problems(page, width):
    problems = []
    widths = page.evaluate(SIDEWAYS)
    if max(widths["document"], widths["body"]) > widths["viewport"]:
        problems.append(f"scrolls sideways: {widths}")
    problems += page.evaluate(OVERLAPS)
    if width < MENU_BELOW:
        if not on_screen(page.locator(".header-menu > summary"), width):
            problems.append("the menu button is not on screen")
    else:
        for control in (page.locator(".header-user a[href='/mine/']"), page.locator(".header-user button")):
            if not on_screen(control, width):
                problems.append(f"{control} is not on screen")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_type_fits_the_width_without_overlaps_or_axe_violations(session, layout_directory, width):
    directory = layout_directory
    viewport = VIEWPORTS[width]
    pages = {
        who: session.page(getattr(directory, who), viewport=viewport, mobile=width < 600, bypass_csp=True)
        for who in ("employee", "leader")
    }
    failures = []
    for name, who, url in PAGES:
        page = pages[who]
        assert page.goto(url(directory)).status == 200, name
        problems = layout_problems(page, width) + axe_violations(page)
        if problems:
            failures.append(f"== {name} at {width} px ({page.url})\n" + "\n".join(problems))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("width", WIDTHS)
def test_mine_sider_and_log_out_are_reachable(session, layout_directory, width):
    page = session.page(layout_directory.employee, viewport=VIEWPORTS[width], mobile=width < 600, bypass_csp=True)
    page.goto(layout_directory.institution.get_absolute_url())
    if width < MENU_BELOW:
        menu = page.locator(".header-menu")
        assert page.locator("header a[href='/mine/']:visible").count() == 0, "hidden until the menu opens"
        menu.locator("summary").click()
        menu_links = page.get_by_role("navigation", name=da("Main menu")).get_by_role("link")
        expect(menu_links).to_have_count(6)  # first, so that axe and the overlaps see the menu open
        assert axe_violations(page) == [], "the open menu"
        assert page.evaluate(OVERLAPS) == [], "the open menu pushes the page down instead of lying over it"
        container = menu
    else:
        container = page.locator(".header-user")
    with page.expect_navigation():
        container.get_by_role("link", name=da("My page"), exact=True).click()
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.url.endswith("/mine/")

    if width < MENU_BELOW:
        page.locator(".header-menu summary").click()
    with page.expect_navigation():
        container.get_by_role("button", name=da("Log out")).click()
    assert page.url.endswith("/konto/logget-ud/")
    assert page.locator("#id_password").is_visible()
