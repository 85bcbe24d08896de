"""Search tests: a logged-in colleague in a directory holding only what each test builds.

The builders below give people, units and try-outs no random text (the factories fill in Faker
paragraphs), so what a search finds depends only on the words a test writes down.
"""

import itertools
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.test import Client
from factory.django import mute_signals

from tests.conftest import page_of
from tests.factories import CentreFactory, MembershipFactory, PersonFactory, TryoutFactory, UnitFactory, UserFactory
from tryouts.models import Status, Track

_numbers = itertools.count(1)


@pytest.fixture
def client(db):
    """A colleague logged in, in an otherwise empty directory (no demo organisation)."""
    browser = Client()
    browser.force_login(UserFactory(username="soeger"))
    return browser


# --- building a small directory ---------------------------------------------------------------


@contextmanager
def indexed_at_the_end():
    """Build many things fast: no indexing on each save, one `rebuild_search_index` at the end.

    (The only receivers of these signals are the search index's; tests/search/test_search_index.py
    checks that saves keep the index in step.)
    """
    with mute_signals(pre_delete, post_save, post_delete, m2m_changed):
        yield
    call_command("rebuild_search_index", stdout=StringIO())


def centre(name, **fields):
    fields = {"about": "", "core_tasks": "", "email": "", "phone": "", **fields}
    return CentreFactory(name=name, **fields)


def unit(name, parent=None, **fields):
    fields = {"about": "", "core_tasks": "", "email": "", "phone": "", **fields}
    return UnitFactory(name=name, parent=parent, **fields)


def person(first_name, last_name, unit=None, **fields):
    """A person with no random text; `unit` makes them a member of it (primary)."""
    fields = {"title": "", "phone": "", "email": f"p{next(_numbers)}@faxekommune.dk", **fields}
    created = PersonFactory(first_name=first_name, last_name=last_name, **fields)
    if unit is not None:
        MembershipFactory(person=created, unit=unit)
    return created


def tryout(title, owner_unit=None, track=None, **fields):
    """A try-out (in progress unless told); `track` is a track slug."""
    fields = {"summary": "", "challenge": "", "approach": "", "status": Status.I_GANG, **fields}
    owner = owner_unit or unit("Innovationsteamet")
    return TryoutFactory(
        title=title, owner_unit=owner, track=Track.objects.get(slug=track) if track else None, **fields
    )


# --- reading the search page ------------------------------------------------------------------


def search_page(client, query, **params):
    """The parsed search page for `query` (and filters like type=, centre=, page=)."""
    response = client.get("/soeg/", {"q": query, **params})
    assert response.status_code == 200
    return page_of(response)


def hit_titles(page):
    """The titles of the hits as a person reads them, in order."""
    return page.texts("main li.search-hit h3 a")


def found(client, query, **params):
    """The titles of the hits on the search page for `query`."""
    return hit_titles(search_page(client, query, **params))


def search_notes(page):
    """The notes above the hits ("Showing results for …", "Nothing matches all the words …")."""
    return page.texts("main .search-note")


def facets(page):
    """The side panel as {facet heading: {value label: count}}."""
    shown, heading = {}, None
    for element in page.select_one("main .search-facets").element_children():
        if element.tag == "h3":
            heading = element.text
        elif element.tag == "ul":
            shown[heading] = {
                item.element_children()[0].text: int(item.text.rsplit("(", 1)[1].rstrip(")"))
                for item in element.element_children()
                if not item.select("a.facet-remove")
            }
    return shown


def facet_links(page):
    """{value label: href} of every facet value one can click."""
    links = page.select("main .search-facets ul.facet-list li a")
    return {link.text: link.attrs["href"] for link in links if "facet-remove" not in link.classes}
