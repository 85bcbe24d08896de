"""Danish as colleagues type it: inflections, typos, compounds, prefixes, æ/ø/å, names, ranking.

Every test searches through the page (/soeg/?q=…) as a logged-in colleague and reads the hit
titles in the order the page shows them.
"""

from types import SimpleNamespace

import pytest

from tests.conftest import da
from tests.search.conftest import centre, found, indexed_at_the_end, person, search_notes, search_page, tryout, unit
from tryouts.models import Status

pytestmark = pytest.mark.django_db

SHOWING_RESULTS_FOR = "Showing results for “%(corrected)s”."
RESULTS_FOR = ("%(shown)s result for “%(query)s”", "%(shown)s results for “%(query)s”")


@pytest.fixture
def directory(db):
    """A few colleagues and units of Center for Sundhed og Ældre."""
    with indexed_at_the_end():
        return _directory()


def _directory():
    sundhed = centre("Center for Sundhed og Ældre")
    nord = unit("Ældreplejen Nord", parent=sundhed, about="Vi besøger ældre borgere i eget hjem.")
    rehab = unit("Rehabilitering Syd", parent=sundhed, about="Vi hjælper borgere tilbage til hverdagen efter sygdom.")
    kontor = unit("Sekretariatet", parent=sundhed)
    return SimpleNamespace(
        sundhed=sundhed,
        nord=nord,
        rehab=rehab,
        mette=person(
            "Mette",
            "Hansen",
            kontor,
            title="Konsulent",
            email="mehan@faxekommune.dk",
            expertise=["borgerinddragelse"],
        ),
        mette_marie=person("Mette Marie", "Hansen", kontor, title="Sekretær"),
        lars=person("Lars", "Jensen", kontor, title="Konsulent", expertise=["demens"]),
        bo=person("Bo", "Berg", kontor, title="Udviklingskonsulent", expertise=["ældrepleje"]),
        soeren=person("Søren", "Kjærgaard", kontor, title="Fysioterapeut"),
        soeren_oe=person("Soeren", "Aagaard", kontor, title="Ergoterapeut"),
        medarbejder=tryout("Medarbejderinddragelse i vagtplanen", owner_unit=kontor),
    )


# --- inflections, typos, compounds, prefixes ---------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [("borgerinddragelsen", "Mette Hansen"), ("rehabiliteringsforløbet", "Rehabilitering Syd")],
)
def test_an_inflected_word_finds_its_base_word(client, directory, query, expected):
    hits = found(client, query)

    assert hits[0] == expected
    assert "Lars Jensen" not in hits


@pytest.mark.parametrize(
    ("query", "expected", "corrected"),
    [
        ("borgerindragelse", "Mette Hansen", "borgerinddragelse"),
        ("rehabillitering", "Rehabilitering Syd", "rehabilitering"),
        ("Mete Hansen", "Mette Hansen", "mette hansen"),
    ],
)
def test_a_typo_still_finds_the_right_hit_and_says_what_was_searched(client, directory, query, expected, corrected):
    page = search_page(client, query)

    assert page.texts("main li.search-hit h3 a")[0] == expected
    assert da(SHOWING_RESULTS_FOR) % {"corrected": corrected} in search_notes(page)


def test_after_a_typo_the_count_names_the_words_searched_for(client, directory):
    """Not "Viser resultater for ”borgerinddragelse”" above "1 resultat for ”borgerindragelse”"."""
    page = search_page(client, "borgerindragelse")

    status = page.select_one("main section p[role=status]").text
    counter = len(page.select("main li.search-hit"))
    assert status == da(*RESULTS_FOR, count=counter) % {"shown": counter, "query": "borgerinddragelse"}


@pytest.mark.parametrize("query", ["mette hansen", "borgerinddragelsen", "inddragelse", "pleje"])
def test_words_spelled_right_are_not_corrected(client, directory, query):
    page = search_page(client, query)

    assert page.texts("main li.search-hit h3 a")
    assert search_notes(page) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [("inddragelse", "Mette Hansen"), ("pleje", "Bo Berg"), ("pleje", "Ældreplejen Nord")],
    ids=["inddragelse-borgerinddragelse", "pleje-ældrepleje-expertise", "pleje-ældreplejen-unit"],
)
def test_a_part_of_a_compound_finds_the_compound(client, directory, query, expected):
    assert expected in found(client, query)


def test_a_part_of_a_compound_finds_every_compound_that_holds_it(client, directory):
    # "inddragelse" is in borgerinddragelse (Mette's expertise) and medarbejderinddragelse (a try-out).
    hits = found(client, "inddragelse")

    assert "Mette Hansen" in hits
    assert "Medarbejderinddragelse i vagtplanen" in hits


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("borgerind", {"Mette Hansen"}),
        ("rehab", {"Rehabilitering Syd"}),
        ("mett", {"Mette Hansen", "Mette Marie Hansen"}),
    ],
)
def test_the_start_of_a_word_finds_it_as_you_type(client, directory, query, expected):
    hits = found(client, query)

    assert expected <= set(hits)
    assert "Lars Jensen" not in hits


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("aeldrepleje", "Bo Berg"),
        ("ældrepleje", "Bo Berg"),
        ("Soeren", "Søren Kjærgaard"),
        ("Søren", "Søren Kjærgaard"),
        ("Søren", "Soeren Aagaard"),
        ("Ågård", "Soeren Aagaard"),
        ("Kjaergaard", "Søren Kjærgaard"),
        ("Kjærgård", "Søren Kjærgaard"),
    ],
)
def test_danish_letters_and_their_ae_oe_aa_spellings_match(client, directory, query, expected):
    assert expected in found(client, query)


@pytest.mark.parametrize(
    "queries",
    [
        ["mette hansen", "METTE HANSEN", "Mette Hansen", "mEtTe HaNsEn"],
        ["ældrepleje", "ÆLDREPLEJE", "Ældrepleje"],
        ["søren", "SØREN", "Søren"],
    ],
    ids=["name", "æ", "ø"],
)
def test_case_never_matters(client, directory, queries):
    first, *others = [found(client, query) for query in queries]

    assert first
    for hits in others:
        assert hits == first


# --- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["mette hansen", "hansen mette", "Hansen, Mette"])
def test_a_full_name_in_either_order_finds_the_person_first(client, directory, query):
    hits = found(client, query)

    assert hits[0] == "Mette Hansen"
    assert "Lars Jensen" not in hits


@pytest.mark.parametrize("query", ["mh", "MH"])
def test_initials_find_the_person(client, directory, query):
    hits = found(client, query)

    assert "Mette Hansen" in hits
    assert "Lars Jensen" not in hits


def test_the_email_prefix_finds_the_person(client, directory):
    assert found(client, "mehan") == ["Mette Hansen"]


# --- ranking a person would agree with ---------------------------------------------------------


def test_the_exact_name_comes_before_other_hits(client, db):
    kontor = unit("Sekretariatet")
    # Created first and sorting first by name: only the ranking can put Mette Hansen on top.
    person("Karin", "Holm", kontor, about="Jeg arbejder tæt sammen med Mette Hansen om demens.")
    person("Mette Marie", "Hansen", kontor)
    person("Mette", "Hansen", kontor)

    assert found(client, "mette hansen") == ["Mette Hansen", "Mette Marie Hansen", "Karin Holm"]


def test_a_person_with_the_expertise_comes_before_one_who_mentions_it_once(client, db):
    kontor = unit("Sekretariatet")
    person("Aase", "Andersen", kontor, about="Jeg har engang været på et kursus om demens, men arbejder med løn.")
    person("Bo", "Berg", kontor, expertise=["demens"])

    assert found(client, "demens", type="people") == ["Bo Berg", "Aase Andersen"]


def test_a_word_whose_stem_is_a_stop_word_does_not_find_the_stop_word(client, db):
    """The stem of "demens" is "dem"; a text that only says "dem" (them) is no hit, on either database."""
    unit("Hjemmeplejen Øst", about="Mange af vores borgere lever med demens.")
    unit("Team Vest", about="Vi har lavet gode vagtplaner og vil bygge videre på dem.")

    assert found(client, "demens", type="units") == ["Hjemmeplejen Øst"]


def test_a_unit_with_the_word_in_its_name_comes_before_one_with_it_in_its_text(client, db):
    unit("Hjemmeplejen Øst", about="Mange af vores borgere lever med demens.")
    unit("Team Demens", about="Vi rådgiver kolleger og pårørende.")

    assert found(client, "demens", type="units") == ["Team Demens", "Hjemmeplejen Øst"]


def test_a_tryout_with_the_word_in_its_title_comes_before_one_with_it_in_its_text(client, db):
    owner = unit("Innovationsteamet")
    tryout("Aftenhold i caféen", owner_unit=owner, challenge="Borgere med demens keder sig om aftenen.")
    tryout("Musik og demens", owner_unit=owner, challenge="Vi synger med borgerne om aftenen.")

    assert found(client, "demens", type="tryouts") == ["Musik og demens", "Aftenhold i caféen"]


def test_a_tryout_in_progress_comes_before_an_ended_one_with_the_same_text(client, db):
    owner = unit("Innovationsteamet")
    ended = tryout("Gåture for borgere med demens", owner_unit=owner, status=Status.AFSLUTTET)
    in_progress = tryout("Gåture for borgere med demens", owner_unit=owner, status=Status.I_GANG)

    page = search_page(client, "gåture", type="tryouts")

    assert page.hrefs("main li.search-hit h3 a") == [in_progress.get_absolute_url(), ended.get_absolute_url()]


# --- "hvem ved noget om X" ---------------------------------------------------------------------


def expert_by_expertise(kontor):
    return person("Bo", "Berg", kontor, expertise=["demens"])


def expert_by_tryout(kontor):
    expert = person("Bo", "Berg", kontor)
    tryout("Musik om aftenen", owner_unit=unit("Plejecenter Solsikken"), tags=["demens"], contacts=[expert])
    return expert


def expert_by_unit_topic(kontor):
    return person("Bo", "Berg", unit("Demensteamet Faxe", tags=["demens"]))


@pytest.mark.parametrize(
    "make_expert",
    [expert_by_expertise, expert_by_tryout, expert_by_unit_topic],
    ids=["expertise", "tryout-contact", "unit-topic"],
)
def test_who_knows_about_a_topic_finds_the_person(client, db, make_expert):
    kontor = unit("Sekretariatet")
    person("Lars", "Jensen", kontor, expertise=["økonomi"])
    make_expert(kontor)

    assert found(client, "Hvem ved noget om demens?", type="people") == ["Bo Berg"]


def test_who_knows_about_a_topic_lists_the_expert_first(client, db):
    kontor = unit("Sekretariatet")
    expert_by_unit_topic(kontor)
    tryout_contact = person("Anne", "Ahl", kontor)
    tryout("Musik om aftenen", owner_unit=unit("Plejecenter Solsikken"), tags=["demens"], contacts=[tryout_contact])
    person("Carl", "Carlsen", kontor, expertise=["demens"])

    hits = found(client, "hvem ved noget om demens", type="people")

    assert hits[0] == "Carl Carlsen"
    assert set(hits) == {"Carl Carlsen", "Anne Ahl", "Bo Berg"}
