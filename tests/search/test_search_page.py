"""The search page as a colleague uses it: kinds, facets, filters, highlights, paging, odd input,
escaping, the number of queries, and the as-you-type suggestions."""

import json
import re
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.db.models.signals import post_delete, pre_delete
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from factory.django import mute_signals

from tests.conftest import count_queries, da, login_redirect, page_of
from tests.factories import MembershipFactory
from tests.search.conftest import (
    centre,
    facet_links,
    facets,
    found,
    hit_titles,
    indexed_at_the_end,
    person,
    search_page,
    tryout,
    unit,
)
from tryouts.models import Status

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>"
ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;"
RESULTS_FOR = ("%(shown)s result for “%(query)s”", "%(shown)s results for “%(query)s”")
NO_RESULTS_FOR = "No results for “%(query)s”."
TOO_LONG = "Your search was too long and has been shortened to the first %(limit)s characters."
CENTRE, TOPIC, STATUS, TRACK = "Centre", "Topic", "Try-out status", "Track"


def params(href):
    """The query parameters of a link on the page, one value each."""
    return {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}


@pytest.fixture
def directory(db):
    """Who and what knows about demens, in two centres: 2 people, 2 units and 3 try-outs."""
    with indexed_at_the_end():
        return _demens_directory()


def _demens_directory():
    sundhed = centre("Center for Sundhed og Ældre")
    boern = centre("Center for Børn og Familie")
    sekretariat = unit("Sekretariatet", parent=sundhed)
    nord = unit("Ældreplejen Nord", parent=sundhed, tags=["demens"])
    skole = unit("Skolen ved Stranden", parent=boern, tags=["trivsel"])
    return SimpleNamespace(
        sundhed=sundhed,
        boern=boern,
        nord=nord,
        skole=skole,
        bo=person("Bo", "Berg", sekretariat, expertise=["demens"]),
        carl=person("Carl", "Carlsen", skole, expertise=["demens"]),
        lars=person("Lars", "Jensen", sekretariat, expertise=["økonomi"]),
        musik=tryout("Musik og demens", nord, track="borgerperspektivet", tags=["demens"]),
        have=tryout(
            "Demensvenlig have", nord, track="borgerperspektivet", status=Status.AFSLUTTET, tags=["demens", "natur"]
        ),
        samtaler=tryout(
            "Samtaler om demens i familien", skole, track="styring", status=Status.IDE, tags=["demens", "trivsel"]
        ),
    )


ALL_DEMENS = {
    "Bo Berg",
    "Carl Carlsen",
    "Ældreplejen Nord",
    "Skolen ved Stranden",
    "Musik og demens",
    "Demensvenlig have",
    "Samtaler om demens i familien",
}


# --- language ----------------------------------------------------------------------------------

# What the page says in English until each sentence has its Danish translation.
ENGLISH = [
    "Narrow the search",
    "Try-out status",
    "Remove filter",
    "Showing results for",
    "Nothing matches all the words",
    "No results for",
    "Check the spelling",
    "Search everything without filters",
    "Related topics",
    "Browse all topics",
    "Results",
    "Try-out",
]


def test_the_search_page_speaks_danish(client, directory):
    pages = {
        "hits with a filter chosen": search_page(client, "demens", status="i_gang"),
        "a corrected typo": search_page(client, "demenz"),
        "only some words match": search_page(client, "demens økonomi"),
        "nothing found": search_page(client, "trivsel", status="stoppet"),
    }

    tabs = pages["hits with a filter chosen"].texts("main .kind-tabs a")
    assert tabs == ["Alle (1)", "Medarbejdere (0)", "Enheder (0)", "Prøvehandlinger (1)"]
    texts = [page.select_one("main").text for page in pages.values()]
    assert [english for english in ENGLISH if any(english in text for text in texts)] == []


def test_suggestions_speak_danish(client, directory):
    answer = client.get("/soeg/forslag/", {"q": "musik"}).json()

    assert {item["label"]: item["kind"] for item in answer["items"]} == {
        "Musik og demens": "Prøvehandling",
        "Ældreplejen Nord": "Enhed",
    }
    assert answer["announce"] == "2 forslag"


# --- who may search ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/soeg/?q=demens", "/soeg/forslag/?q=demens"])
def test_anonymous_visitor_is_sent_to_login(anon_client, path):
    response = anon_client.get(path)

    assert response.status_code == 302
    assert response["Location"] == login_redirect(path)


def test_without_a_query_the_page_shows_only_the_search_box(client, directory):
    page = search_page(client, "")

    assert page.select_one("main form[role=search] input[name=q]").attrs["value"] == ""
    assert not page.select("main li.search-hit")
    assert not page.select("main .kind-tabs")


# --- kinds -------------------------------------------------------------------------------------


def test_kind_tabs_show_how_many_of_each_kind_match(client, directory):
    page = search_page(client, "demens")

    tabs = page.select("main .kind-tabs a")
    assert [tab.text for tab in tabs] == [
        f"{da('All')} (7)",
        f"{da('People')} (2)",
        f"{da('Units')} (2)",
        f"{da('Try-outs')} (3)",
    ]
    assert [params(tab.attrs["href"]).get("type") for tab in tabs] == [None, "people", "units", "tryouts"]
    assert [tab.attrs.get("aria-current") for tab in tabs] == ["page", None, None, None]
    assert set(hit_titles(page)) == ALL_DEMENS


@pytest.mark.parametrize(
    ("kind", "css", "expected"),
    [
        ("people", "search-hit-person", {"Bo Berg", "Carl Carlsen"}),
        ("units", "search-hit-unit", {"Ældreplejen Nord", "Skolen ved Stranden"}),
        ("tryouts", "search-hit-tryout", {"Musik og demens", "Demensvenlig have", "Samtaler om demens i familien"}),
    ],
)
def test_a_kind_tab_shows_only_that_kind_and_keeps_the_counts(client, directory, kind, css, expected):
    page = search_page(client, "demens", type=kind)

    assert set(hit_titles(page)) == expected
    assert all(css in hit.classes for hit in page.select("main li.search-hit"))
    current = page.select_one("main .kind-tabs a[aria-current=page]")
    assert params(current.attrs["href"])["type"] == kind
    assert [tab.text.rsplit(" ", 1)[1] for tab in page.select("main .kind-tabs a")] == ["(7)", "(2)", "(2)", "(3)"]
    # Searching again from the box stays within the kind.
    assert page.select_one("main form[role=search] input[name=type]").attrs["value"] == kind


def test_an_unknown_kind_shows_everything(client, directory):
    assert set(found(client, "demens", type="nonsense")) == ALL_DEMENS


# --- facets and filters ------------------------------------------------------------------------


def test_facets_count_the_matches_by_centre_topic_status_and_track(client, directory):
    shown = facets(search_page(client, "demens"))

    assert shown[da(CENTRE)] == {"Center for Sundhed og Ældre": 4, "Center for Børn og Familie": 3}
    assert shown[da(TOPIC)] == {"demens": 6, "trivsel": 2, "natur": 1}
    assert shown[da(STATUS)] == {da("Idea"): 1, da("In progress"): 1, da("Completed"): 1}
    assert shown[da(TRACK)] == {"Borgerperspektivet": 2, "Styring": 1}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            {"centre": "center-for-sundhed-og-aeldre"},
            {"Bo Berg", "Ældreplejen Nord", "Musik og demens", "Demensvenlig have"},
        ),
        ({"topic": "trivsel"}, {"Skolen ved Stranden", "Samtaler om demens i familien"}),
        ({"status": "afsluttet"}, {"Demensvenlig have"}),
        ({"track": "styring"}, {"Samtaler om demens i familien"}),
        ({"centre": "center-for-sundhed-og-aeldre", "status": "i_gang"}, {"Musik og demens"}),
        ({"centre": "center-for-boern-og-familie", "topic": "demens", "type": "people"}, {"Carl Carlsen"}),
        ({"track": "borgerperspektivet", "topic": "natur"}, {"Demensvenlig have"}),
    ],
    ids=["centre", "topic", "status", "track", "centre+status", "centre+topic+kind", "track+topic"],
)
def test_filters_narrow_the_hits_and_combine(client, directory, filters, expected):
    assert set(found(client, "demens", **filters)) == expected


def test_facet_counts_follow_the_chosen_filters(client, directory):
    shown = facets(search_page(client, "demens", centre=directory.sundhed.slug))

    assert shown[da(STATUS)] == {da("In progress"): 1, da("Completed"): 1}
    assert shown[da(TRACK)] == {"Borgerperspektivet": 2}
    assert shown[da(TOPIC)] == {"demens": 4, "natur": 1}


def test_facet_links_keep_the_query_and_the_other_filters(client, directory):
    page = search_page(client, "demens", centre=directory.sundhed.slug, type="tryouts", page="1")
    links = facet_links(page)

    assert params(links["natur"]) == {
        "q": "demens",
        "centre": directory.sundhed.slug,
        "type": "tryouts",
        "topic": "natur",
    }
    assert params(links[da("Completed")]) == {
        "q": "demens",
        "centre": directory.sundhed.slug,
        "type": "tryouts",
        "status": "afsluttet",
    }
    # Following a link gives the page it promises.
    assert hit_titles(page_of(client.get("/soeg/" + links["natur"]))) == ["Demensvenlig have"]


def test_a_chosen_filter_is_marked_and_can_be_removed(client, directory):
    page = search_page(client, "demens", centre=directory.sundhed.slug, status="i_gang")

    chosen = page.select("main .search-facets strong[aria-current=true]")
    assert {element.text for element in chosen} == {"Center for Sundhed og Ældre", da("In progress")}
    removers = {params(link.attrs["href"]).get("centre") for link in page.select("main .search-facets a.facet-remove")}
    # Each remove link drops its own filter and keeps the other.
    assert removers == {None, directory.sundhed.slug}
    assert len(page.select("main .search-facets a.facet-remove")) == 2


@pytest.mark.parametrize(
    "filters",
    [{"centre": "findes-ikke"}, {"topic": "findes-ikke"}, {"status": "bogus"}, {"track": "findes-ikke"}],
    ids=["centre", "topic", "status", "track"],
)
def test_unknown_filter_values_are_ignored(client, directory, filters):
    assert set(found(client, "demens", **filters)) == ALL_DEMENS


# --- what the page says about the hits ---------------------------------------------------------


def test_the_page_says_how_many_hits_there_are(client, directory):
    page = search_page(client, "demens")

    status = page.select_one("main section p[role=status]").text
    assert status == da(*RESULTS_FOR, count=7) % {"shown": 7, "query": "demens"}


def test_the_snippet_marks_why_a_hit_matched(client, db):
    kontor = unit("Sekretariatet")
    person("Aase", "Andersen", kontor, about="Jeg har arbejdet med demens og pårørende i mange år.")

    page = search_page(client, "demens")

    hit = page.select_one("main li.search-hit")
    assert "demens" in hit.select_one("p.snippet").text
    assert [mark.text.lower() for mark in hit.select("p.snippet mark")] == ["demens"]


def test_the_title_marks_the_matching_words(client, db):
    unit("Team Demens")

    page = search_page(client, "demens")

    assert page.texts("main li.search-hit h3 a mark") == ["Demens"]


def test_each_hit_says_what_it_is_and_where_it_belongs(client, db):
    sundhed = centre("Center for Sundhed og Ældre")
    team = unit("Team Demens", parent=sundhed)
    kontor = unit("Sekretariatet", parent=sundhed)
    bo = person("Bo", "Berg", kontor, title="Konsulent", expertise=["demens"])
    MembershipFactory(person=bo, unit=team, is_primary=False)  # the primary unit is the one shown
    tryout("Musik og demens", owner_unit=team, status=Status.AFSLUTTET)

    hits = {hit.select_one("h3 a").text: hit for hit in search_page(client, "demens").select("main li.search-hit")}

    assert hits["Bo Berg"].texts("p")[:2] == [da("Person"), "Konsulent · Sekretariatet"]
    assert hits["Bo Berg"].select_one(".avatar").text == "BB"
    with translation.override("da"):
        team_kind = team.get_kind_display()
    assert hits["Team Demens"].texts("p")[:2] == [team_kind, "Center for Sundhed og Ældre"]
    assert hits["Musik og demens"].texts("p")[:2] == [da("Try-out"), f"{da('Completed')} Team Demens"]
    assert hits["Bo Berg"].select_one("h3 a").attrs["href"] == bo.get_absolute_url()
    assert hits["Team Demens"].select_one("h3 a").attrs["href"] == team.get_absolute_url()


def test_a_hit_deleted_behind_the_index_is_left_out(client, db):
    kontor = unit("Sekretariatet")
    person("Aase", "Andersen", kontor, expertise=["demens"])
    gone = person("Bo", "Berg", kontor, expertise=["demens"])
    with mute_signals(post_delete, pre_delete):
        gone.delete()  # as a bulk delete without signals would: the index still has Bo

    assert found(client, "demens") == ["Aase Andersen"]


def test_nothing_found_says_so_and_offers_related_topics(client, directory):
    page = search_page(client, "trivsel", status="stoppet")

    assert not page.select("main li.search-hit")
    assert da(NO_RESULTS_FOR) % {"query": "trivsel"} in page.texts("main section p[role=status]")
    assert "/emner/trivsel/" in page.hrefs("main a.tag-link")
    assert "?q=trivsel" in page.hrefs("main section a")  # search again without the filters


def test_nothing_found_without_related_topics(client, directory):
    page = search_page(client, "xyzzyq")

    assert da(NO_RESULTS_FOR) % {"query": "xyzzyq"} in page.texts("main section p[role=status]")
    assert not page.select("main a.tag-link")


# --- pagination --------------------------------------------------------------------------------


@pytest.fixture
def many_experts(db):
    with indexed_at_the_end():
        kontor = unit("Sekretariatet")
        return [person("Ekspert", f"Nummer {number:02}", kontor, expertise=["demens"]) for number in range(45)]


def test_hits_come_twenty_to_a_page(client, many_experts):
    pages = [hit_titles(search_page(client, "demens", page=str(number))) for number in (1, 2, 3)]

    assert [len(titles) for titles in pages] == [20, 20, 5]
    assert len({title for titles in pages for title in titles}) == 45
    next_link = search_page(client, "demens").select_one("main nav.pagination a.button-next")
    assert params(next_link.attrs["href"]) == {"q": "demens", "page": "2"}


# Not a number: the first page; out of range: the last page (of 45 hits, 20 to a page).
ODD_PAGE_NUMBERS = {"abc": 20, "": 20, "2.5": 20, "-1": 5, "0": 5, "99999": 5}


def test_odd_page_numbers_still_give_a_page_of_hits(client, many_experts):
    shown = {number: len(hit_titles(search_page(client, "demens", page=number))) for number in ODD_PAGE_NUMBERS}

    assert shown == ODD_PAGE_NUMBERS


# --- odd input ---------------------------------------------------------------------------------

ODD_QUERIES = {
    "quotes": '"borger\' "',
    "operators": "& | ! ( ) : * ' \"",
    "script": XSS,
    "10k": "x" * 10_000,
    "10k-words": "demens " * 1_500,
    "emoji": "😀🙈 demens",
    "only-emoji": "😀",
    "nul": "dem\x00ens",
    "only-nul": "\x00",
    "stop-words": "og i på",
    "spaces": "   ",
    "sql": "' OR 1=1 --",
    "tsquery": "a & !b | (c:*)",
    "fts5": 'demens NEAR/2 "x" OR col:y* ^z',
    "percent": "%_\\",
    "marks": "⟦demens⟧",
    "control": "\x1b[31mdemens\x07",
    "rtl": "\u202edemens",
    "long-word": "a" * 300,
}


@pytest.fixture
def small_directory(db):
    """Just enough for every step of a search to run: a word in the lexicon, facets, snippets."""
    with indexed_at_the_end():
        sundhed = centre("Center for Sundhed og Ældre")
        bo = person("Bo", "Berg", sundhed, expertise=["demens"], about="Spørg mig om demens og pårørende.")
        tryout("Musik og demens", sundhed, track="styring", tags=["demens"], contacts=[bo])


@pytest.mark.parametrize("query", list(ODD_QUERIES.values()), ids=list(ODD_QUERIES))
def test_any_query_text_gives_a_page_and_suggestions(client, small_directory, query):
    filters = {"type": "people", "centre": "center-for-sundhed-og-aeldre", "status": "i_gang", "page": "x"}

    assert client.get("/soeg/", {"q": query}).status_code == 200
    assert client.get("/soeg/", {"q": query, **filters}).status_code == 200
    response = client.get("/soeg/forslag/", {"q": query})
    assert response.status_code == 200
    assert set(response.json()) == {"items", "announce"}


def test_a_too_long_query_is_cut_with_a_note(client, directory):
    page = search_page(client, "demens " + "x" * 10_000)

    assert da(TOO_LONG) % {"limit": 200} in page.texts("main .alert-warning")
    assert len(page.select_one("main input[name=q]").attrs["value"]) == 200
    assert set(hit_titles(page)) == ALL_DEMENS


def test_a_short_query_has_no_note(client, directory):
    assert not search_page(client, "demens").select("main .alert-warning")


# --- escaping ----------------------------------------------------------------------------------


def test_the_query_is_never_shown_unescaped(client, directory):
    response = client.get("/soeg/", {"q": XSS})
    html = response.content.decode()

    assert XSS not in html
    assert ESCAPED_XSS in html


def test_text_of_a_hit_is_never_shown_unescaped(client, db):
    person("Aase", "Andersen", unit("Sekretariatet"), about=f"Jeg kan {XSS} om demens", title=XSS)

    html = client.get("/soeg/", {"q": "demens"}).content.decode()

    assert "Aase Andersen" in html
    assert XSS not in html
    assert ESCAPED_XSS in html  # her job title, under her name
    for query in (XSS, "script alert"):
        assert XSS not in client.get("/soeg/", {"q": query}).content.decode(), query


def snippets_html(response):
    return re.findall(r'<p class="snippet[^"]*">(.*?)</p>', response.content.decode(), re.DOTALL)


def test_snippets_are_escaped_except_the_marks(client, db):
    person("Aase", "Andersen", unit("Sekretariatet"), about="Spørg mig om <b>x</b> og <i>demens</i>.")

    response = client.get("/soeg/", {"q": "demens"})

    [snippet] = snippets_html(response)
    label = f'<span class="snippet-label">{da("About me")}:</span> '
    assert snippet.startswith(label), "the line names the field that matched"
    assert "&lt;b&gt;x&lt;/b&gt;" in snippet
    assert set(re.findall(r"<[^>]*>", snippet.removeprefix(label))) == {"<mark>", "</mark>"}


def test_a_name_with_markup_is_shown_as_text(client, db):
    person("Aase", "<b>Andersen</b>", unit("Sekretariatet"))

    response = client.get("/soeg/", {"q": "andersen"})

    assert "<b>Andersen" not in response.content.decode()
    assert hit_titles(page_of(response)) == ["Aase <b>Andersen</b>"]


# --- queries per page --------------------------------------------------------------------------


def build_matches(kind, count, topic):
    """`count` things of one kind about `topic`, all in one centre."""
    with indexed_at_the_end():
        _build_matches(kind, count, topic)


def _build_matches(kind, count, topic):
    sundhed = centre("Center for Sundhed og Ældre")
    home = unit("Sekretariatet", parent=sundhed)
    for number in range(count):
        if kind == "people":
            person("Ekspert", f"{topic} {number}", home, expertise=[topic])
        elif kind == "units":
            unit(f"Team {number}", parent=sundhed, tags=[topic])
        else:
            tryout(f"Forsøg {number}", home, track="styring", tags=[topic])


# Session and user; the lexicon for the word; the search: the sample that tells a common word,
# then facet counts with their names, topic counts with their names, the ranked page with its
# texts and what it shows of each hit (one statement on PostgreSQL, three on SQLite).
MAX_QUERIES = {"people": 3, "units": 3, "tryouts": 3}
SEARCH_STATEMENTS = {"postgresql": 2, "sqlite": 4}


@pytest.mark.parametrize("kind", list(MAX_QUERIES))
def test_queries_per_search_page_do_not_grow_with_the_hits(client, kind, django_assert_max_num_queries):
    build_matches(kind, 2, "musik")
    build_matches(kind, 40, "demens")
    few = count_queries(client, f"/soeg/?q=musik&type={kind}")
    many = count_queries(client, f"/soeg/?q=demens&type={kind}")

    assert few == many, f"{few} queries for 2 hits, {many} for 40"
    with django_assert_max_num_queries(MAX_QUERIES[kind] + SEARCH_STATEMENTS[connection.vendor]):
        client.get(f"/soeg/?q=demens&type={kind}")


def test_a_typo_costs_a_fixed_number_of_extra_queries(client, db):
    build_matches("people", 2, "rehabilitering")
    build_matches("people", 40, "borgerinddragelse")

    with CaptureQueriesContext(connection) as few:
        assert hit_titles(page_of(client.get("/soeg/?q=rehabillitering")))
    with CaptureQueriesContext(connection) as many:
        assert hit_titles(page_of(client.get("/soeg/?q=borgerindragelse")))

    assert len(few) == len(many)


# --- suggestions as you type -------------------------------------------------------------------


def suggestions(client, query):
    response = client.get("/soeg/forslag/", {"q": query})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_suggestions_list_what_the_start_of_a_word_finds(client, directory):
    answer = suggestions(client, "carl")

    assert answer == {
        "items": [{"label": "Carl Carlsen", "kind": da("Person"), "url": directory.carl.get_absolute_url()}],
        "announce": da("%(count)d suggestion", "%(count)d suggestions", 1) % {"count": 1},
    }


def test_suggestions_name_the_kind_of_each_item(client, directory):
    items = suggestions(client, "demens")["items"]

    kinds = {item["label"]: item["kind"] for item in items}
    assert kinds["Bo Berg"] == da("Person")
    assert kinds["Ældreplejen Nord"] == da("Unit")
    assert kinds["Musik og demens"] == da("Try-out")
    assert {item["url"] for item in items} >= {directory.nord.get_absolute_url(), directory.musik.get_absolute_url()}


def test_suggestions_are_few(client, db):
    build_matches("people", 10, "demens")

    answer = suggestions(client, "eksp")

    assert len(answer["items"]) == 8
    assert answer["announce"] == da("%(count)d suggestion", "%(count)d suggestions", 8) % {"count": 8}


@pytest.mark.parametrize("query", ["", "   ", "\x00"])
def test_an_empty_query_gets_no_suggestions(client, directory, query):
    assert suggestions(client, query) == {"items": [], "announce": ""}


def test_suggestions_include_topics_and_stay_few(client, directory):
    items = suggestions(client, "demen")["items"]

    topics = [item for item in items if item["kind"] == da("Topic")]
    assert topics == [{"label": "demens", "kind": da("Topic"), "url": "/emner/demens/"}]
    assert items[-1] == topics[0], "topics come after the people, units and try-outs"
    assert len(items) <= 8


def test_a_hit_says_why_it_matched_by_field_when_the_engine_tells(db):
    """The presentation side of field-labelled snippets: given `reasons` (label, marked text) a
    hit shows "Ekspertise: …" lines instead of the joined snippet; without reasons, the joined
    snippet. (What the engine gives: test_search_reasons.py.)"""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from tests.factories import PersonFactory

    person = PersonFactory(first_name="Bo", last_name="Berg", title="Sygeplejerske")
    with_reasons = SimpleNamespace(
        kind="person",
        object=person,
        title_html="Bo Berg",
        place="",
        snippet_html="demens · Hjemmeplejen · dansk",
        reasons=[("Ekspertise", mark_safe("<mark>demens</mark>")), ("Spørg mig om", "pårørende til <b>")],
    )
    plain = SimpleNamespace(**{**vars(with_reasons), "reasons": None})
    page = page_of(
        SimpleNamespace(content=render_to_string("_partials/search_hits.html", {"page_obj": [with_reasons]}).encode())
    )
    lines = page.select("p.snippet")
    assert [line.text for line in lines] == ["Ekspertise: demens", "Spørg mig om: pårørende til <b>"]
    assert lines[0].select_one("mark").text == "demens"
    page = page_of(
        SimpleNamespace(content=render_to_string("_partials/search_hits.html", {"page_obj": [plain]}).encode())
    )
    assert page.texts("p.snippet") == ["demens · Hjemmeplejen · dansk"]
