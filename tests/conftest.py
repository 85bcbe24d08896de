"""Shared fixtures: a small demo-like organisation, its users, and helpers to read pages like a person.

The helpers (`page_of`, `da`, `count_queries`, `login_redirect`, `reindex`) are plain functions so that test
modules can import them from `tests.conftest`.
"""

import re
from datetime import timedelta
from html.parser import HTMLParser
from io import StringIO
from types import SimpleNamespace

import factory.random
import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.template.defaultfilters import date as date_filter
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.timezone import template_localtime

from people.models import Role
from tests.factories import (
    CentreFactory,
    CollaborationFactory,
    MembershipFactory,
    PersonFactory,
    TrackFactory,
    TryoutFactory,
    UnitFactory,
    UnitTaskFactory,
    UserFactory,
)
from tryouts.models import PartnerKind, Status
from units.models import UnitKind

PASSWORD = "demo"


@pytest.fixture(autouse=True)
def _same_made_up_data_every_run():
    """factory-boy's Faker texts are random; the same seed for every test keeps a test that
    searches or sorts them from passing or failing by chance."""
    factory.random.reseed_random("faxe-directory")


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """The default PBKDF2 hasher costs a third of a second per user; tests need no strength."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _no_search_results_from_another_test():
    """Each test starts with an empty search result cache (search/cache.py): the generation a test
    rolls back to may be one another test cached results under."""
    caches["search"].clear()


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True, scope="session")
def _background_jobs_run_at_once():
    """Background jobs (admin imports) run inside the request that queues them, so a test sees
    their outcome on the next page; tests of the database queue and its worker override this."""
    with override_settings(TASKS=IMMEDIATE_TASKS):
        yield


# --- reading pages --------------------------------------------------------------------------

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_COMPOUND = re.compile(
    r"(?P<tag>^[a-zA-Z][a-zA-Z0-9]*)|\.(?P<cls>[\w-]+)|#(?P<id>[\w-]+)|\[(?P<attr>[\w-]+)(?:=(?P<value>[^\]]+))?\]"
)


class Element:
    """One HTML element with just enough of a DOM to ask what a person sees."""

    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = {name: value or "" for name, value in attrs}
        self.parent = parent
        self.children = []

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"

    @property
    def classes(self):
        return set(self.attrs.get("class", "").split())

    @property
    def text(self):
        """The visible text, whitespace collapsed."""
        return " ".join("".join(self._strings()).split())

    def _strings(self):
        for child in self.children:
            if isinstance(child, str):
                yield child
            else:
                yield from child._strings()

    def elements(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.elements()

    def element_children(self):
        return [child for child in self.children if isinstance(child, Element)]

    def matches(self, compound):
        parts = list(_COMPOUND.finditer(compound))
        assert "".join(part[0] for part in parts) == compound, f"unsupported selector {compound!r}"
        for match in parts:
            if match["tag"] and self.tag != match["tag"].lower():
                return False
            if match["cls"] and match["cls"] not in self.classes:
                return False
            if match["id"] and self.attrs.get("id") != match["id"]:
                return False
            if match["attr"]:
                if match["attr"] not in self.attrs:
                    return False
                if match["value"] is not None and self.attrs[match["attr"]] != match["value"].strip("\"'"):
                    return False
        return True

    def select(self, selector):
        """Elements below this one matching a CSS selector of compounds and descendant combinators."""
        *ancestors, last = selector.split()
        found = []
        for element in self.elements():
            if not element.matches(last):
                continue
            wanted, node = list(ancestors), element.parent
            while wanted and node is not None and node is not self.parent:
                if node.matches(wanted[-1]):
                    wanted.pop()
                node = node.parent
            if not wanted:
                found.append(element)
        return found

    def select_one(self, selector):
        found = self.select(selector)
        assert found, f"nothing matches {selector!r}"
        return found[0]

    def texts(self, selector):
        return [element.text for element in self.select(selector)]

    def hrefs(self, selector="a"):
        return [element.attrs.get("href") for element in self.select(selector)]


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#document", [])

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in VOID_ELEMENTS:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def page_of(response):
    """The parsed HTML of a response."""
    builder = _TreeBuilder()
    builder.feed(response.content.decode())
    builder.close()
    return builder.root


def da(message, plural=None, count=None):
    """A UI string as a Danish user sees it (the msgid until the translation has it)."""
    with translation.override("da"):
        if plural is None:
            return translation.gettext(message)
        return translation.ngettext(message, plural, count)


def date_da(value):
    """A date as the templates show it in Danish ("3. marts 2025"): a moment on its day in
    Copenhagen, as the templates convert it (23:30 UTC is already the next day there)."""
    with translation.override("da"):
        return date_filter(template_localtime(value), "j. F Y")


def login_redirect(path):
    """Where LoginRequiredMiddleware sends an anonymous visitor of `path`."""
    query = QueryDict(mutable=True)
    query["next"] = path
    return f"/konto/login/?{query.urlencode(safe='/')}"


def queries(client, url):
    """How many queries one request for `url` makes, and its response (a 200)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries), response


def count_queries(client, url):
    """Queries one request for `url` makes, after a warm-up request (content types, caches), but
    without the search results and related things kept per index generation (search/cache.py):
    what a page costs the first time anyone asks for it."""
    assert client.get(url).status_code == 200, url
    caches["search"].clear()
    return queries(client, url)[0]


def assert_queries_do_not_grow(client, build, expected, assert_num_queries, many=50):
    """`build(n)` makes a page's data with n items and returns its URL: the page with 1 item
    and with `many` makes the same number of queries, and that number is `expected`."""
    small = count_queries(client, build(1))
    url = build(many)
    large = count_queries(client, url)
    assert small == large, f"{url}: {small} queries with 1 item, {large} with {many}"
    caches["search"].clear()
    with assert_num_queries(expected):
        client.get(url)


# --- the search index ----------------------------------------------------------------------


@pytest.fixture
def without_search_index(monkeypatch):
    """Skip the search index's save signals: browse pages never read it, and indexing every factory
    save costs most of a test's time. Tests of the search page call `reindex()` after their data."""
    for name in ("index_objects", "remove_objects"):
        monkeypatch.setattr(f"search.index.{name}", lambda *args, **kwargs: None)


def reindex():
    """Rebuild the search index the way an administrator would."""
    call_command("rebuild_search_index", stdout=StringIO())


# --- the organisation -----------------------------------------------------------------------


def days_ago(days):
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def org(db):
    """Faxe Kommune → Center for Sundhed & Ældre → Hjemmeplejen Syd → Team Haslev, and neighbours."""
    kommune = UnitFactory(name="Faxe Kommune", kind=UnitKind.KOMMUNE)
    centre = CentreFactory(name="Center for Sundhed & Ældre", parent=kommune, tags=["ældrepleje", "sundhed"])
    afdeling = UnitFactory(
        name="Hjemmeplejen Syd",
        kind=UnitKind.AFDELING,
        parent=centre,
        about="Vi besøger borgere i eget hjem hver dag.",
        core_tasks="Personlig pleje og praktisk hjælp.",
        can_help_with="Forflytning og hjælpemidler.",
        looking_for="Frivillige til gåture.",
        email="hjemmepleje.syd@faxekommune.dk",
        phone="56 20 30 00",
        address="Rådhusvej 1, 4640 Faxe",
        opening_hours="Hverdage 8-15",
        open_for_visits=True,
        tags=["ældrepleje", "velfærdsteknologi"],
    )
    team = UnitFactory(name="Team Haslev", kind=UnitKind.TEAM, parent=afdeling, tags=["rehabilitering"])
    other_centre = CentreFactory(name="Center for Børn og Familie", parent=kommune, tags=["trivsel"])
    school = UnitFactory(name="Skolen ved Stranden", kind=UnitKind.INSTITUTION, parent=other_centre)

    tasks = SimpleNamespace(
        ongoing=UnitTaskFactory(unit=afdeling, title="Sommerbemanding", starts_on=days_ago(30)),
        ending_soon=UnitTaskFactory(unit=afdeling, title="Ny vagtplan", starts_on=days_ago(10), ends_on=days_ago(-10)),
        ended=UnitTaskFactory(unit=afdeling, title="Vinterberedskab", starts_on=days_ago(100), ends_on=days_ago(1)),
        future=UnitTaskFactory(unit=afdeling, title="Næste års budget", starts_on=days_ago(-5)),
    )
    collaborations = SimpleNamespace(
        outgoing=CollaborationFactory(from_unit=afdeling, to_unit=school, description="Besøg af skoleklasser"),
        incoming=CollaborationFactory(from_unit=other_centre, to_unit=afdeling, description="Fælles pårørendecafé"),
    )
    tryouts = SimpleNamespace(
        owned=TryoutFactory(
            title="Morgenmad med borgerne",
            owner_unit=afdeling,
            status=Status.I_GANG,
            track=TrackFactory(slug="borgerperspektivet", name="Borgerperspektivet"),
            tags=["ældrepleje"],
            challenge="Borgerne spiser for lidt om morgenen.",
            approach="Vi spiser morgenmad sammen med dem.",
            learnings="Fællesskab giver appetit.",
            outcome="Flere borgere spiser morgenmad.",
            next_steps="Vi udbreder det til Team Haslev.",
            partners="Faxe Madklub",
        ),
        participating=TryoutFactory(
            title="Frivillige i skolegården",
            owner_unit=school,
            status=Status.AFSLUTTET,
            started_on=days_ago(200),
            ended_on=days_ago(20),
            track=TrackFactory(slug="arbejdspladskulturen", name="Arbejdspladskulturen"),
            tags=["trivsel"],
        ),
        idea=TryoutFactory(
            title="Digital vagtplan",
            owner_unit=team,
            status=Status.IDE,
            started_on=None,
            track=TrackFactory(slug="styring", name="Styring"),
        ),
    )
    # get_or_create: a transactional test before this one flushed the rows the migration made.
    partner_kinds = [PartnerKind.objects.get_or_create(name=name)[0] for name in ("Borgere", "Frivillige")]
    tryouts.owned.partner_kinds.add(*partner_kinds)
    tryouts.participating.units.add(afdeling)
    return SimpleNamespace(
        kommune=kommune,
        centre=centre,
        afdeling=afdeling,
        team=team,
        other_centre=other_centre,
        school=school,
        tasks=tasks,
        collaborations=collaborations,
        tryouts=tryouts,
    )


def make_user_with_person(username, unit, role, **person_fields):
    user = UserFactory(username=username, password=PASSWORD)
    person = PersonFactory(user=user, **person_fields)
    MembershipFactory(person=person, unit=unit, role=role, is_primary=True)
    return user


@pytest.fixture
def employee(org):
    """An employee of Hjemmeplejen Syd who can log in, like the demo's medarbejder."""
    user = make_user_with_person(
        "medarbejder",
        org.afdeling,
        Role.MEDARBEJDER,
        first_name="Mette",
        last_name="Jensen",
        title="Social- og sundhedsassistent",
        email="mette.jensen@faxekommune.dk",
        phone="20 30 40 50",
        mobile="+45 61 62 63 64",
        expertise=["ældrepleje", "borgerinddragelse"],
    )
    org.tryouts.owned.contacts.add(user.person)
    org.tasks.ongoing.contact = user.person
    org.tasks.ongoing.save()
    return user


@pytest.fixture
def leader(org):
    """The leader of Hjemmeplejen Syd, like the demo's leder."""
    return make_user_with_person(
        "leder",
        org.afdeling,
        Role.LEDER,
        first_name="Lars",
        last_name="Holm",
        title="Afdelingsleder",
        email="lars.holm@faxekommune.dk",
    )


@pytest.fixture
def client(client, employee):
    """A browser logged in as the employee."""
    client.force_login(employee)
    return client


@pytest.fixture
def anon_client(db):
    return Client()


@pytest.fixture
def leader_client(leader):
    browser = Client()
    browser.force_login(leader)
    return browser


@pytest.fixture
def bare_client(db):
    """A logged-in user in an empty directory: for counting queries from one item up."""
    browser = Client()
    browser.force_login(UserFactory(username="tæller"))
    return browser


@pytest.fixture
def stale_unit(org):
    return UnitFactory(name="Gammelt Kort", parent=org.centre, last_confirmed_at=timezone.now() - timedelta(days=396))


@pytest.fixture
def other_centre_person(org):
    return MembershipFactory(
        person=PersonFactory(first_name="Bente", last_name="Bach"), unit=org.school, role=Role.MEDARBEJDER
    ).person
