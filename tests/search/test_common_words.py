"""A word found in much of the directory: the page estimates how many it found from a sample and
ranks only the best candidates (search.engine._matches), says so in plain Danish, and still puts
the right things first. Run on SQLite and on PostgreSQL (DATABASE_URL).

The directory below is hand-written: a volunteering centre, volunteer coordinators across the
centres, a team whose topic is volunteering, and a home-care staff who mention volunteers in
passing."""

import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import override_settings
from django.utils import translation

from search.engine import search
from tests.conftest import da
from tests.search.conftest import centre, hit_titles, indexed_at_the_end, person, search_page, tryout, unit

ESTIMATE_NOTE = (
    "So many results are not all counted: the number is an estimate, and you can page through the best "
    "%(ranked)s. Add a word or choose a filter to find fewer."
)
COORDINATOR_TITLES = ["Frivilligkonsulent", "Koordinator for frivillige", "Frivilligkoordinator"]
# Above this many matches (as the sample tells) the search estimates; the directory has ~180.
LIMIT = 40

MENTIONS = [
    "Jeg kører ud til borgere i Haslev og samarbejder med de frivillige fra besøgstjenesten.",
    "Sygeplejerske i aftenvagten. Holder kontakt til pårørende og til frivillige i lokalområdet.",
    "Social- og sundhedsassistent. Har sat gang i gåture med frivillige hver torsdag.",
    "Planlægger ruterne i hjemmeplejen og koordinerer med frivillige ved ferier.",
    "Ergoterapeut med fokus på hverdagsrehabilitering; frivillige hjælper med træningen.",
    "Social- og sundhedshjælper i dagvagt, kender de frivillige i Rønnede.",
]


@pytest.fixture
def directory(db):
    with indexed_at_the_end():
        sundhed = centre("Center for Sundhed og Ældre")
        kultur = centre("Center for Kultur og Fritid")
        frivilligcentret = unit("Frivilligcentret", parent=kultur, can_help_with="Kontakt til foreninger")
        hjemmeplejen = unit("Hjemmeplejen Syd", parent=sundhed)
        person("Birgitte", "Lund", frivilligcentret, title="Frivilligkoordinator")  # in Kultur
        unit("Team Aktiv Hverdag", parent=sundhed, tags=["frivillighed"])
        for number, title in enumerate(COORDINATOR_TITLES * 8):
            person(f"Koordinator{number}", "Holm", hjemmeplejen, title=title)
        for number in range(160):
            person(f"Medarbejder{number}", "Jensen", hjemmeplejen, about=MENTIONS[number % len(MENTIONS)])
        for number in range(16):
            tryout(f"Besøgsven nummer {number}", frivilligcentret, approach="Frivillige besøger ensomme ældre.")
        person("Ole", "Kragh", hjemmeplejen, ask_me_about="Spiserobotter og anden velfærdsteknologi")
        return {"sundhed": sundhed, "kultur": kultur}


def status_of(page):
    return page.texts("main section p[role=status]")[0]


def count_in(text):
    """The number in "ca. 180 resultater for …" (Danish digit grouping)."""
    return int(re.search(r"\d[\d.]*", text).group().replace(".", ""))


def estimate_note(page):
    """The note that says the count is an estimate, or None."""
    notes = [text for text in page.texts("main .search-note") if text.startswith(da(ESTIMATE_NOTE)[:30])]
    return notes[0] if notes else None


def every_match(query, kinds=None, **filters):
    """How many entries really match, and the first page with every match ranked."""
    with override_settings(SEARCH_EXACT_LIMIT=None):
        results = search(query, kinds=kinds, filters=filters, use_cache=False, with_reasons=False)
    return results.total, [str(hit.object) for hit in results.hits]


@override_settings(SEARCH_EXACT_LIMIT=LIMIT)
def test_a_common_word_shows_an_estimate_and_says_so(client, directory):
    page = search_page(client, "frivillige")

    status = status_of(page)
    estimate = count_in(status)
    assert status == da("About %(shown)s results for “%(query)s”") % {"shown": estimate, "query": "frivillige"}
    true_total, _ranking = every_match("frivillige")
    assert true_total / 2 <= estimate <= true_total * 2, (status, true_total)
    note = estimate_note(page)
    ranked = count_in(note)
    assert note == da(ESTIMATE_NOTE) % {"ranked": ranked}
    assert 0 < ranked <= true_total
    tabs = page.texts("main .kind-tabs a .count")
    assert all(da("about %(count)s") % {"count": ""} in tab for tab in tabs if tab != "(0)"), tabs


@override_settings(SEARCH_EXACT_LIMIT=LIMIT)
def test_the_best_hits_come_first_as_when_every_match_is_ranked(client, directory):
    titles = hit_titles(search_page(client, "frivillige"))

    # The centre by its name, then the coordinators by their titles: the whole first page holds the
    # word in a name or title, as when every match is ranked.
    assert titles[0] == "Frivilligcentret"
    assert all(title.endswith("Holm") or title == "Birgitte Lund" for title in titles[1:])
    assert titles == every_match("frivillige")[1]


@override_settings(SEARCH_EXACT_LIMIT=LIMIT)
def test_pages_of_an_estimate_stop_at_the_best_ones(client, directory):
    first = search_page(client, "frivillige")
    ranked = count_in(estimate_note(first))
    last_number = -(-ranked // 20)

    past_the_end = search_page(client, "frivillige", page=999)

    assert past_the_end.texts("main .pagination .current-page") == [str(last_number)]
    assert len(hit_titles(past_the_end)) == ranked - (last_number - 1) * 20
    second = hit_titles(search_page(client, "frivillige", page=2))
    assert len(second) == min(20, ranked - 20)
    assert not set(second) & set(hit_titles(first)), "page 2 repeats page 1"


@override_settings(SEARCH_EXACT_LIMIT=LIMIT)
def test_a_rare_word_is_counted_exactly(client, directory):
    page = search_page(client, "spiserobotter")

    assert status_of(page) == da("%(shown)s result for “%(query)s”", "%(shown)s results for “%(query)s”", 1) % {
        "shown": 1,
        "query": "spiserobotter",
    }
    assert hit_titles(page) == ["Ole Kragh"]
    assert estimate_note(page) is None


@override_settings(SEARCH_EXACT_LIMIT=LIMIT)
def test_filters_narrow_an_estimated_search(client, directory):
    kultur = directory["kultur"]

    in_kultur = search_page(client, "frivillige", centre=kultur.slug)
    people = search_page(client, "frivillige", type="people")

    assert hit_titles(in_kultur)[0] == "Frivilligcentret"
    assert set(hit_titles(in_kultur)) <= {"Frivilligcentret", "Birgitte Lund"} | {
        f"Besøgsven nummer {n}" for n in range(16)
    }
    assert hit_titles(people) == every_match("frivillige", kinds=["person"])[1]


@pytest.mark.parametrize(
    ("value", "estimate", "shown"),
    [
        (7, False, "7"),
        (19398, False, "19.398"),
        (19552, True, "ca. 20.000"),
        (96, True, "ca. 96"),
        (1216, True, "ca. 1.200"),
    ],
)
def test_counts_are_written_as_danes_write_them(value, estimate, shown):
    template = Template("{% load directory %}{{ value|number:estimate }}")
    with translation.override("da"):
        assert template.render(Context({"value": value, "estimate": estimate})) == shown


@override_settings(SEARCH_EXACT_LIMIT=LIMIT)
def test_a_common_word_beside_a_rare_one_still_finds_the_rare_one(client, directory):
    """Nobody holds both words: the search falls back to any of them (estimated, for the common
    one), and the colleague who holds the rare one is among the ranked hits, as when every match
    is ranked."""
    page = search_page(client, "frivillige spiserobotter")

    assert da("Nothing matches all the words; showing what matches some of them.") in page.texts("main .search-note")
    assert estimate_note(page) is not None
    ranked = search("frivillige spiserobotter", use_cache=False, per_page=500, with_reasons=False)
    assert "Ole Kragh" in [str(hit.object) for hit in ranked.hits]
    assert ranked.approximate


@override_settings(SEARCH_EXACT_LIMIT=LIMIT)
def test_suggestions_for_a_common_word_are_its_best_hits_without_counting_it(client, directory):
    """As you type, a common word's suggestions are the first hits of the page, found without the
    sample's facet counts, which the suggestions never show."""
    answer = client.get("/soeg/forslag/", {"q": "frivillige"}, HTTP_ACCEPT_LANGUAGE="da").json()

    labels = [item["label"] for item in answer["items"] if item["kind"] != da("Topic")]
    assert labels == every_match("frivillige")[1][: len(labels)]
    assert labels[0] == "Frivilligcentret" and len(labels) >= 5
    results = search("frivillige", per_page=8, with_facets=False, with_reasons=False, use_cache=False)
    assert results.approximate and not results.facets
    assert results.total == results.ranked > len(results.hits)


@pytest.fixture
def sparse_sample(monkeypatch):
    """A sparse sample of every 32nd entry, and 3 matches in it enough to count from it: what a
    word in tens of thousands of entries does in a municipality of 500,000 people, at this size."""
    from search import engine
    from search.backends.base import Backend

    monkeypatch.setattr(Backend, "SPARSE_EVERY", 32)
    monkeypatch.setattr(engine, "SPARSE_ENOUGH", 3)


@override_settings(SEARCH_EXACT_LIMIT=LIMIT)
def test_the_commonest_words_are_counted_from_the_sparse_sample(client, directory, sparse_sample):
    statements = []
    with connection.execute_wrapper(lambda execute, sql, *args: statements.append(sql) or execute(sql, *args)):
        results = search("frivillige", use_cache=False, with_reasons=False)
    page = search_page(client, "frivillige")

    true_total, ranking = every_match("frivillige")
    assert results.approximate and results.total % 32 == 0
    # Counted from every 32nd entry: the statements after the first (which counts both samples) read it.
    assert any("% 32 = 0" in sql and "% 16 = 0" not in sql for sql in statements)
    assert true_total / 2 <= results.total <= true_total * 2, (results.total, true_total)
    assert status_of(page) == da("About %(shown)s results for “%(query)s”") % {
        "shown": count_in(status_of(page)),
        "query": "frivillige",
    }
    assert hit_titles(page) == ranking
    # A rare word is still counted exactly, whatever the sparse sample holds.
    assert search("spiserobotter", use_cache=False).total == 1
