"""Real-browser fixtures: Playwright driving Debian's chromium against pytest-django's live server.

One chromium per test session, and one browser context per viewport/CSP combination, shared so
that stylesheets and fonts stay cached (cookies are cleared for every test). The data is a small,
realistic slice of Faxe Kommune built with the factories in every test, because the live server
needs committed rows (`transactional_db`), which are flushed after each test.
"""

import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from people.models import Role
from tests.conftest import days_ago, make_user_with_person
from tests.factories import (
    CentreFactory,
    CollaborationFactory,
    MembershipFactory,
    PersonFactory,
    TrackFactory,
    TryoutFactory,
    UnitFactory,
    UnitTaskFactory,
)
from tryouts.models import PartnerKind, Status
from units.models import UnitKind

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_MISSING = "Chromium is missing: apt-get install -y chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}
VIEWPORTS = {390: PHONE, 768: TABLET, 1280: DESKTOP}
# How long a page action and an expect(...) assertion wait: the same for both, for slow CI machines.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


def chromium_path():
    """The chromium binary: $CHROMIUM, /usr/bin/chromium or `chromium` on the PATH."""
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    """Every test in tests/browser carries the `browser` marker (`pytest -m "not browser"` relies on it)."""
    here = Path(__file__).parent
    unmarked = [item.nodeid for item in items if here in item.path.parents and not item.get_closest_marker("browser")]
    if unmarked:
        raise pytest.UsageError("browser tests without @pytest.mark.browser: " + ", ".join(unmarked))


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole session. A missing chromium fails loudly, never skips."""
    executable = chromium_path()
    if not executable:
        pytest.fail(CHROMIUM_MISSING, pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is missing: .venv/bin/pip install -r requirements-dev.txt", pytrace=False)
    # Playwright's sync API keeps an asyncio loop running in this thread; Django's ORM would refuse
    # to run here (SynchronousOnlyOperation) although nothing is actually asynchronous.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


class Session:
    """Opens pages for one test and remembers what went wrong in them.

    Browser contexts (one per viewport and CSP mode) live for the whole run so that the
    stylesheets and fonts stay cached; each test starts with their cookies cleared. Console
    errors (a refused inline script, a missing stylesheet) fail the test unless the test
    expected them (`expect_error`).
    """

    def __init__(self, contexts, base_url):
        self.contexts = contexts
        self.base_url = base_url
        self.used = set()
        self.pages = []
        self.errors = []

    def page(self, user=None, *, viewport=DESKTOP, bypass_csp=False, mobile=False):
        context = self.context(viewport=viewport, bypass_csp=bypass_csp, mobile=mobile)
        if user is not None:
            context.add_cookies([self.session_cookie(user)])
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.pages.append(page)
        return page

    def context(self, **options):
        context = self.contexts.get(self.base_url, **options)
        if context not in self.used:
            context.clear_cookies()
            self.used.add(context)
        return context

    def session_cookie(self, user):
        """Log `user` in without the login form (the login journey uses the form)."""
        client = Client()
        client.force_login(user)
        value = client.cookies[settings.SESSION_COOKIE_NAME].value
        return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": self.base_url}

    def expect_error(self, text):
        """Forget the errors containing `text`, failing if there was none."""
        expected = [error for error in self.errors if text in error]
        assert expected, f"expected a browser error containing {text!r}, got {self.errors}"
        self.errors = [error for error in self.errors if text not in error]

    def close(self):
        for page in self.pages:
            page.close()


class Contexts:
    """Browser contexts shared by the tests, one per combination of options."""

    def __init__(self, browser):
        self.browser = browser
        self.made = {}

    def get(self, base_url, *, viewport, bypass_csp, mobile):
        key = (base_url, viewport["width"], viewport["height"], bypass_csp, mobile)
        if key not in self.made:
            context = self.browser.new_context(
                base_url=base_url,
                viewport=viewport,
                bypass_csp=bypass_csp,
                is_mobile=mobile,
                has_touch=mobile,
                locale="da-DK",
            )
            context.set_default_timeout(TIMEOUT_MS)
            self.made[key] = context
        return self.made[key]

    def close(self):
        for context in self.made.values():
            context.close()


@pytest.fixture(scope="session")
def short_database_connections():
    """The live server's request threads close their database connection after each request.

    With the project's CONN_MAX_AGE they would keep PostgreSQL sessions open after the run, and
    the test database could not be dropped ("is being accessed by other users").
    """
    from django.db import connections

    before = {alias: connections.settings[alias]["CONN_MAX_AGE"] for alias in connections}
    for alias in before:
        connections.settings[alias]["CONN_MAX_AGE"] = 0
    yield
    for alias, age in before.items():
        connections.settings[alias]["CONN_MAX_AGE"] = age


@pytest.fixture(scope="session")
def contexts(browser, short_database_connections, live_server):
    """Closed before the live server stops, so that its request threads end with the browser's sockets."""
    shared = Contexts(browser)
    yield shared
    shared.close()


@pytest.fixture
def session(contexts, live_server, transactional_db):
    opened = Session(contexts, live_server.url)
    yield opened
    opened.close()
    assert not opened.errors, "the browser reported errors:\n" + "\n".join(opened.errors)


@pytest.fixture
def page(session, directory):
    """A desktop page, logged in as the employee."""
    return session.page(directory.employee)


# --- checks ----------------------------------------------------------------------------------


def axe_violations(page):
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the page; one readable line per failing element."""
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " ")),
            }));
        }""",
        AXE_TAGS,
    )
    return [f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in violations]


FOCUS_STATE = """(target) => {
    const element = document.activeElement;
    const visible = (style) => (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
        || (style.boxShadow && style.boxShadow !== "none");
    let shown = visible(getComputedStyle(element));
    if (!shown && element.matches("input[type=checkbox], input[type=radio]") && element.labels.length) {
        // DKFDS draws the focus of its custom checkboxes on the label's ::before box.
        shown = visible(getComputedStyle(element.labels[0], "::before"));
    }
    const label = (element.innerText || element.value || element.getAttribute("aria-label") || "").trim();
    return {
        isTarget: target !== null && element === target,
        shown: shown,
        name: element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") + " " + label.slice(0, 40),
    };
}"""


def focus_state(page, target=None):
    return page.evaluate(FOCUS_STATE, target)


def tab_to(page, locator, max_tabs=120):
    """Press Tab until `locator` has focus; every element passed on the way must show its focus."""
    target = locator.element_handle()
    unseen = []
    for _press in range(max_tabs):
        page.keyboard.press("Tab")
        state = focus_state(page, target)
        if not state["shown"]:
            unseen.append(state["name"])
        if state["isTarget"]:
            assert not unseen, f"focus is not visible on: {unseen}"
            return
    raise AssertionError(f"Tab never reached {locator} in {max_tabs} presses")


def suggest(box, typed, query=None):
    """Type into a suggesting box (a combobox) key by key and return its listbox once it shows
    the answer for `query` (the whole box by default). On a slow machine the box may fetch for
    the first letters too; waiting for the last answer keeps a later one from redrawing the list
    under the test's arrow keys."""
    box.press_sequentially(typed)
    listbox = box.page.locator(f"#{box.get_attribute('aria-controls')}")
    expect(listbox).to_have_attribute("data-query", query or box.input_value().strip())
    return listbox


class Visitor:
    """Does what a person does, either with the mouse or with the keyboard only."""

    def __init__(self, page, by):
        self.page = page
        self.by = by

    @property
    def keyboard(self):
        return self.by == "keyboard"

    def follow(self, locator):
        """Open a link or press a submit button and wait for the next page."""
        with self.page.expect_navigation():
            if self.keyboard:
                tab_to(self.page, locator)
                self.page.keyboard.press("Enter")
            else:
                locator.click()

    def fill(self, locator, text):
        if self.keyboard:
            tab_to(self.page, locator)
            self.page.keyboard.type(text)
        else:
            locator.fill(text)

    def choose(self, select, label):
        """Pick an option of a <select> by its visible label."""
        if not self.keyboard:
            select.select_option(label=label)
            return
        tab_to(self.page, select)
        options = select.locator("option").all_inner_texts()
        for _press in range(len(options)):
            if select.evaluate("s => s.options[s.selectedIndex].text") == label:
                return
            self.page.keyboard.press("ArrowDown")
        assert select.evaluate("s => s.options[s.selectedIndex].text") == label, f"{label!r} not in {options}"

    def toggle(self, summary):
        """Open or close a <details> by its summary, without following a link inside it."""
        if self.keyboard:
            tab_to(self.page, summary)
            self.page.keyboard.press("Enter")
        else:
            summary.click()


# --- the directory ---------------------------------------------------------------------------


@pytest.fixture
def directory(transactional_db):
    """Faxe Kommune with two centres, a plejecenter with a full visitkort, people and try-outs."""
    tracks = SimpleNamespace(
        kultur=TrackFactory(name="Arbejdspladskulturen", slug="arbejdspladskulturen", position=0),
        borger=TrackFactory(name="Borgerperspektivet", slug="borgerperspektivet", position=1),
        styring=TrackFactory(name="Styring", slug="styring", position=2),
    )
    borgere, _new = PartnerKind.objects.get_or_create(name="Borgere")
    frivillige, _new = PartnerKind.objects.get_or_create(name="Frivillige")

    kommune = UnitFactory(name="Faxe Kommune", kind=UnitKind.KOMMUNE, about="", core_tasks="")
    centre = CentreFactory(name="Center for Sundhed & Ældre", parent=kommune, tags=["sundhed"])
    institution = UnitFactory(
        name="Plejecenter Søbakken",
        kind=UnitKind.INSTITUTION,
        parent=centre,
        about="Plejecenter med 48 boliger i Haslev.",
        core_tasks="Pleje, omsorg og aktiviteter for beboerne.",
        can_help_with="Demensvenlige aktiviteter og velfærdsteknologi.",
        looking_for="Frivillige til gåture og højtlæsning.",
        email="soebakken@faxekommune.dk",
        phone="56 20 40 00",
        address="Søbakken 2, 4690 Haslev",
        opening_hours="Hele døgnet",
        open_for_visits=True,
        tags=["ældrepleje", "velfærdsteknologi"],
    )
    team = UnitFactory(name="Team Dagvagt", kind=UnitKind.TEAM, parent=institution)
    homecare = UnitFactory(name="Hjemmeplejen Syd", kind=UnitKind.AFDELING, parent=centre, tags=["ældrepleje"])
    other_centre = CentreFactory(name="Center for Børn & Familie", parent=kommune, tags=["trivsel"])
    school = UnitFactory(name="Skolen ved Stranden", kind=UnitKind.INSTITUTION, parent=other_centre)

    employee = make_user_with_person(
        "medarbejder",
        institution,
        Role.MEDARBEJDER,
        first_name="Mette",
        last_name="Kjærgaard",
        title="Social- og sundhedsassistent",
        email="mette.kjaergaard@faxekommune.dk",
        phone="56 20 40 12",
        ask_me_about="Borgerinddragelse i plejeboliger.",
        expertise=["ældrepleje", "borgerinddragelse"],
    )
    leader = make_user_with_person(
        "leder",
        institution,
        Role.LEDER,
        first_name="Lars",
        last_name="Holm",
        title="Centerleder",
        email="lars.holm@faxekommune.dk",
    )
    colleagues = [
        ("Anne", "Bøgh", "Sygeplejerske", team),
        ("Jonas", "Friis", "Ergoterapeut", homecare),
        ("Sofie", "Lund", "Pædagog", school),
        ("Ahmad", "Nielsen", "Skoleleder", school),
        ("Birthe", "Holm", "Social- og sundhedshjælper", homecare),
    ]
    for first, last, title, unit in colleagues:
        MembershipFactory(person=PersonFactory(first_name=first, last_name=last, title=title), unit=unit)

    current_task = UnitTaskFactory(
        unit=institution,
        title="Indflytning i den nye fløj",
        description="Tolv nye boliger tages i brug.",
        starts_on=days_ago(20),
        contact=employee.person,
    )
    ended_task = UnitTaskFactory(
        unit=institution, title="Vinterberedskab", starts_on=days_ago(120), ends_on=days_ago(5)
    )
    CollaborationFactory(from_unit=institution, to_unit=school, description="Skolebørn læser højt for beboerne")

    breakfast = TryoutFactory(
        title="Morgenmad med beboerne",
        owner_unit=institution,
        status=Status.I_GANG,
        track=tracks.borger,
        summary="Personalet spiser morgenmad sammen med beboerne.",
        learnings="Fællesskab giver appetit.",
        tags=["ældrepleje"],
        contacts=[employee.person],
    )
    breakfast.partner_kinds.add(borgere, frivillige)
    meetings = TryoutFactory(
        title="Færre møder, mere tid",
        owner_unit=homecare,
        status=Status.I_GANG,
        track=tracks.kultur,
        summary="Vi dropper det ugentlige møde i tre måneder.",
    )
    schedule = TryoutFactory(
        title="Digital vagtplan", owner_unit=institution, status=Status.IDE, started_on=None, track=tracks.styring
    )
    schoolyard = TryoutFactory(
        title="Frivillige i skolegården",
        owner_unit=school,
        status=Status.AFSLUTTET,
        started_on=days_ago(200),
        ended_on=days_ago(20),
        track=tracks.borger,
        tags=["trivsel"],
    )
    schoolyard.units.add(institution)
    return SimpleNamespace(
        kommune=kommune,
        centre=centre,
        institution=institution,
        team=team,
        homecare=homecare,
        other_centre=other_centre,
        school=school,
        employee=employee,
        leader=leader,
        current_task=current_task,
        ended_task=ended_task,
        tracks=tracks,
        breakfast=breakfast,
        meetings=meetings,
        schedule=schedule,
        schoolyard=schoolyard,
    )
