"""Names as colleagues type them, through the search page: each test is a mistake of issue 15
that a person would have seen (the judged set in tests/search/relevance measures the rest)."""

import pytest

from tests.search.conftest import found, indexed_at_the_end, person, search_notes, search_page, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleagues(db):
    with indexed_at_the_end():
        kontor = unit("Sekretariatet")
        demens = unit("Demensteamet", about="Råd om demens i eget hjem.")
        unit("Faxe Kommune", about="Kommunen.")
        person("Anders", "Kjær", kontor, email="ankj@faxekommune.dk")
        person("Kim", "Andersen", kontor, email="kian@faxekommune.dk")
        person("Ole", "Larsen", kontor, email="olla@faxekommune.dk")
        person("Lars", "Jensen", kontor, email="laje@faxekommune.dk", title="Konsulent")
        person("Rikke", "Holmgaard", kontor, email="riho@faxekommune.dk")
        person("Karin", "Holm", kontor, email="kaho@faxekommune.dk")
        person("Kasper", "Nørgaard", kontor, email="kano@faxekommune.dk")
        person("Henning", "Nordgaard", kontor, email="heno@faxekommune.dk")
        person("Anni", "Christensen", demens, email="anch@faxekommune.dk", expertise=["demens"])
        person("Anna", "Nielsen", kontor, email="anni@faxekommune.dk")
        person("Lærke", "Friis", kontor, email="lafr@faxekommune.dk", title="Kommunikationsmedarbejder")
        person("Jette", "Pedersen", kontor, email="jepe@faxekommune.dk")


def test_a_surname_does_not_find_the_first_name_it_stems_to(client, colleagues):
    assert found(client, "Andersen") == ["Kim Andersen"]


@pytest.mark.parametrize(
    ("query", "first", "later"), [("Lars", "Lars Jensen", "Ole Larsen"), ("Holm", "Karin Holm", "Rikke Holmgaard")]
)
def test_an_exact_name_comes_before_names_that_start_with_it(client, colleagues, query, first, later):
    hits = found(client, query)

    assert hits.index(first) < hits.index(later)


def test_o_typed_for_oe_finds_the_name_and_not_another_persons(client, colleagues):
    page = search_page(client, "Norgaard")

    assert page.texts("main li.search-hit h3 a")[0] == "Kasper Nørgaard"
    assert search_notes(page) == []


@pytest.mark.parametrize(("query", "expected"), [("dmens", "Demensteamet"), ("Pedrsen", "Jette Pedersen")])
def test_one_slip_in_a_short_word_is_corrected(client, colleagues, query, expected):
    assert found(client, query)[0] == expected


def test_an_e_mail_code_that_spells_a_first_name_finds_only_that_name(client, colleagues):
    assert found(client, "Anni") == ["Anni Christensen"]
    assert found(client, "anni@faxekommune.dk") == ["Anna Nielsen"]


def test_a_long_compound_comes_before_its_parts(client, colleagues):
    hits = found(client, "kommunikationsmedarbejder")

    assert hits[0] == "Lærke Friis"
    assert "Faxe Kommune" not in hits


def test_a_question_in_many_words_puts_what_matches_most_of_them_first(client, colleagues):
    assert found(client, "hjælp til demente i eget hjem")[0] == "Demensteamet"
