"""Search results are kept between requests (search/cache.py) and the search page answers
conditional GETs (portal/conditional.py): neither may ever show a colleague a page from before an
edit, nor one person's page to another."""

import pytest
from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from search.models import SearchMiss
from tests.conftest import da, page_of
from tests.factories import UserFactory
from tests.search.conftest import facets, found, indexed_at_the_end, person, search_page, tryout, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(db):
    with indexed_at_the_end():
        pleje = unit("Plejecenter Solhøj", about="Vi arbejder med demens og nærvær.", tags=["demensvenlig"])
        person("Anna", "Berg", pleje, title="Demenskoordinator")
        person("Bo", "Holm", pleje, title="Pedel")
        tryout("Demens og musik", owner_unit=pleje)
    return pleje


def queries_of(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    return response, len(captured.captured_queries)


def test_a_repeated_search_is_answered_from_the_cache(client, directory):
    first, first_queries = queries_of(client, "/soeg/", q="demens")
    again, again_queries = queries_of(client, "/soeg/", q="demens")

    assert page_of(first).texts("main li.search-hit h3 a") == page_of(again).texts("main li.search-hit h3 a")
    assert len(page_of(again).texts("main li.search-hit h3 a")) == 4
    # The word look-up and the search statement are not run again.
    assert again_queries <= first_queries - 2


def test_an_edit_is_found_on_the_very_next_search(client, directory):
    assert found(client, "trombone") == []
    bo = directory.memberships.get(person__first_name="Bo").person

    bo.title = "Trombonelærer"
    bo.save()

    assert found(client, "trombone") == ["Bo Holm"]
    bo.delete()
    assert found(client, "trombone") == []


def test_a_renamed_topic_shows_its_new_name_in_the_facets_at_once(client, directory):
    assert "demensvenlig" in facets(search_page(client, "demens"))[da("Topic")]

    tag = Tag.objects.get(slug="demensvenlig")
    tag.name = "Demensvenligt fællesskab"
    tag.save()

    assert "Demensvenligt fællesskab" in facets(search_page(client, "demens"))[da("Topic")]


def test_a_search_that_finds_nothing_counts_every_time_even_from_the_cache(client, directory):
    for _time in range(3):
        search_page(client, "trampolinpark")

    assert SearchMiss.objects.get(query="trampolinpark").count == 3


def test_each_colleague_gets_their_own_page_around_cached_results(client, directory):
    other = Client()
    other.force_login(UserFactory(username="kollega"))
    other.cookies["django_language"] = "en"
    search_page(client, "demens")  # cached in Danish for the first colleague

    english = other.get("/soeg/", {"q": "demens"})

    page = page_of(english)
    assert page.texts("main li.search-hit h3 a")  # the same results …
    assert "Try-out status" in facets(page)  # … in the other colleague's language
    # The forms carry the other colleague's CSRF secret, not the first one's.
    token = page.select_one("header form input[name=csrfmiddlewaretoken]").attrs["value"]
    assert _unmask_cipher_token(token) == other.cookies["csrftoken"].value
    assert other.cookies["csrftoken"].value != client.cookies["csrftoken"].value


def etag_of(client, query):
    """The second visit of a search page (the first one gave the browser its CSRF cookie)."""
    client.get("/soeg/", {"q": query})
    response = client.get("/soeg/", {"q": query})
    assert response.status_code == 200
    return response


def test_the_browser_may_keep_a_search_page_but_must_ask_each_time(client, directory):
    response = etag_of(client, "demens")

    assert response.has_header("ETag")
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    unchanged = client.get("/soeg/", {"q": "demens"}, headers={"if-none-match": response["ETag"]})
    assert unchanged.status_code == 304
    assert unchanged.content == b""


def test_a_kept_search_page_is_sent_anew_after_an_edit(client, directory):
    etag = etag_of(client, "demens")["ETag"]
    anna = directory.memberships.get(person__first_name="Anna").person

    anna.title = "Leder af demensteamet"
    anna.save()

    response = client.get("/soeg/", {"q": "demens"}, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Leder af demensteamet" in page_of(response).select_one("main").text  # with "demens" marked


def test_a_kept_page_is_never_confirmed_to_another_colleague_or_query(client, directory):
    etag = etag_of(client, "demens")["ETag"]
    other = Client()
    other.force_login(UserFactory(username="kollega"))

    assert other.get("/soeg/", {"q": "demens"}, headers={"if-none-match": etag}).status_code == 200
    assert client.get("/soeg/", {"q": "musik"}, headers={"if-none-match": etag}).status_code == 200
    client.logout()
    client.force_login(UserFactory(username="naeste"))
    assert client.get("/soeg/", {"q": "demens"}, headers={"if-none-match": etag}).status_code == 200


def test_a_page_with_a_message_waiting_is_always_sent(client, directory):
    etag = etag_of(client, "demens")["ETag"]
    # A message for the next page, as a view leaves one after saving.
    client.cookies["messages"] = CookieStorage(None)._encode([Message(messages.SUCCESS, "Gemt.")])

    shown = client.get("/soeg/", {"q": "demens"}, headers={"if-none-match": etag})

    assert shown.status_code == 200
    assert "Gemt." in shown.content.decode()


def related_on(client, url):
    return page_of(client.get(url)).texts("main .related-list li a")


def test_related_units_on_a_visitkort_follow_an_edit_at_once(client, directory):
    url = directory.get_absolute_url()
    other = unit("Aktivitetscentret")
    assert "Aktivitetscentret" not in related_on(client, url)  # kept for the next reader

    musik = tryout("Sang på tværs", owner_unit=directory)
    musik.units.add(other)  # the two units now share a try-out

    assert "Aktivitetscentret" in related_on(client, url)
