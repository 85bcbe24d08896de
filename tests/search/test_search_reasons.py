"""Why a hit matched, by field: under each hit the results page names the field that holds the
query's words ("Særlig viden: ensomhed, demens") with the words marked, instead of the
joined texts of the whole card. Run on SQLite and on PostgreSQL (DATABASE_URL)."""

import pytest

from tests.conftest import count_queries, da
from tests.search.conftest import centre, indexed_at_the_end, person, search_page, tryout, unit

LONG_HELP = (
    "Vi kommer hjem til borgere i hele kommunen, hver dag og hele døgnet, og vi samarbejder tæt med "
    "praktiserende læger, sygeplejersker og terapeuter. Vi kan hjælpe med rehabilitering i eget hjem "
    "efter en indlæggelse, så borgeren igen kan klare hverdagen selv, og vi rådgiver pårørende om "
    "hjælpemidler, tryghed og praktisk hjælp i hjemmet."
)


@pytest.fixture
def org(db):
    """A small hand-written municipality: each test below names the field a query must match in."""
    with indexed_at_the_end():
        sundhed = centre("Center for Sundhed og Ældre")
        hjemmeplejen = unit("Hjemmeplejen Nord", parent=sundhed, can_help_with=LONG_HELP, tags=["hjemmepleje"])
        aktivitet = unit("Aktivitetscentret Mælkebøtten", parent=sundhed, tags=["fællesskab"])
        person(
            "Mette",
            "Bøgh",
            hjemmeplejen,
            title="SOSU-assistent",
            expertise=["ensomhed", "demens", "sorgstøtte"],
            ask_me_about="Pårørendegrupper og aflastning for ægtefæller",
            languages="Dansk, engelsk",
        )
        person(
            "Jens", "Holm", aktivitet, title="Aktivitetsmedarbejder", ask_me_about="Velfærdsteknologi og spiserobotter"
        )
        tryout(
            "Gåture i fællesskab",
            aktivitet,
            learnings="Faste vennebesøg hver uge gav færre indlæggelser end enkeltstående arrangementer.",
            tags=["bevægelse"],
        )


def reasons(page, title):
    """The reason lines under the hit titled `title`: [(line as read, [marked words])]."""
    for hit in page.select("main li.search-hit"):
        if hit.select_one("h3 a").text == title:
            return [(line.text, [mark.text for mark in line.select("mark")]) for line in hit.select("p.snippet")]
    raise AssertionError(f"no hit titled {title!r}")


def line(label, text):
    return f"{da(label)}: {text}"


def test_an_expertise_match_names_the_field(client, org):
    page = search_page(client, "ensomhed")

    assert reasons(page, "Mette Bøgh") == [(line("Expertise", "demens, ensomhed, sorgstøtte"), ["ensomhed"])]


def test_an_ask_me_about_match_names_the_field(client, org):
    page = search_page(client, "spiserobotter")

    assert reasons(page, "Jens Holm") == [
        (line("Ask me about", "Velfærdsteknologi og spiserobotter"), ["spiserobotter"])
    ]


def test_a_units_help_text_is_cut_around_the_match(client, org):
    page = search_page(client, "rehabilitering")

    [(text, marks)] = reasons(page, "Hjemmeplejen Nord")
    assert text.startswith(f"{da('We can help with')}: … ")
    assert "Vi kan hjælpe med rehabilitering i eget hjem" in text
    assert text.endswith(" …") and len(text) < len(LONG_HELP) / 2, "a long text shows the words around the match"
    assert marks == ["rehabilitering"]


def test_a_tryouts_learnings_match_names_the_field(client, org):
    page = search_page(client, "vennebesøg")

    [(text, marks)] = reasons(page, "Gåture i fællesskab")
    assert text.startswith(f"{da('What we have learned')}: Faste vennebesøg")
    assert marks == ["vennebesøg"]


def test_a_typo_marks_the_word_it_was_meant_to_be(client, org):
    page = search_page(client, "aflastnig")

    assert reasons(page, "Mette Bøgh") == [
        (line("Ask me about", "Pårørendegrupper og aflastning for ægtefæller"), ["aflastning"])
    ]


def test_o_for_ø_marks_the_word_with_ø(client, org):
    assert reasons(search_page(client, "sorgstotte"), "Mette Bøgh") == [
        (line("Expertise", "demens, ensomhed, sorgstøtte"), ["sorgstøtte"])
    ]
    # "Bogh" finds Bøgh by her name: the name is marked and needs no line of its own.
    page = search_page(client, "Bogh")
    assert page.texts("main li.search-hit h3 a mark") == ["Bøgh"]
    assert reasons(page, "Mette Bøgh") == []


def test_two_words_in_two_fields_give_two_lines(client, org):
    page = search_page(client, "demens aflastning")

    assert reasons(page, "Mette Bøgh") == [
        (line("Expertise", "demens, ensomhed, sorgstøtte"), ["demens"]),
        (line("Ask me about", "Pårørendegrupper og aflastning for ægtefæller"), ["aflastning"]),
    ]


def test_the_name_and_the_line_under_it_need_no_reason(client, org):
    """No keyword soup when the name and the job title say it all: they are marked instead."""
    page = search_page(client, "mette sosu")

    hit = page.select("main li.search-hit")[0]
    assert hit.select_one("h3 a").text == "Mette Bøgh"
    assert [mark.text for mark in hit.select("mark")] == ["Mette", "SOSU"]
    assert reasons(page, "Mette Bøgh") == []


def test_a_topic_with_markup_is_shown_as_text(client, db):
    with indexed_at_the_end():
        person("Aase", "Andersen", unit("Sekretariatet"), expertise=["<script>alert(1)</script>", "demens"])

    response = client.get("/soeg/", {"q": "alert"})
    html = response.content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in html
    assert reasons(search_page(client, "alert"), "Aase Andersen") == [
        (line("Expertise", "<script>alert(1)</script>, demens"), ["alert"])
    ]


def test_a_field_saved_after_indexing_is_shown_as_saved(client, org):
    """The sections are written where the index writes its entries: an edit shows at once."""
    from people.models import Person

    jens = Person.objects.get(last_name="Holm")
    jens.ask_me_about = "Skærmbesøg hos borgere"
    jens.save()

    assert reasons(search_page(client, "skærmbesøg"), "Jens Holm") == [
        (line("Ask me about", "Skærmbesøg hos borgere"), ["Skærmbesøg"])
    ]


def test_reasons_cost_no_query_per_hit(client, db):
    with indexed_at_the_end():
        home = unit("Sekretariatet")
        for number in range(2):
            person("Ekspert", f"Musik {number}", home, ask_me_about="Kor og musik for beboere")
        for number in range(30):
            person("Ekspert", f"Nummer {number}", home, ask_me_about="Vi synger for beboere med demens")

    few = count_queries(client, "/soeg/?q=kor&type=people")
    many = count_queries(client, "/soeg/?q=synger&type=people")

    assert few == many, f"{few} queries for 2 hits, {many} for 30"
    page = search_page(client, "synger", type="people")
    assert len(page.select("main li.search-hit")) == 20
    assert all(reasons(page, title)[0][1] == ["synger"] for title in page.texts("main li.search-hit h3 a"))


def test_a_long_text_shows_each_word_where_it_stands(client, db):
    about = (
        "Jeg har arbejdet med demens i mange år, først på et plejecenter i Haslev og siden i hjemmeplejen, "
        "hvor jeg har haft ansvar for nye kolleger, vagtplaner, kvalitet og dokumentation, og i dag "
        "tilbyder jeg aflastning til pårørende om aftenen, i weekenden og i ferierne hele året rundt."
    )
    with indexed_at_the_end():
        person("Karen", "Ravn", unit("Sekretariatet"), about=about)

    [(text, marks)] = reasons(search_page(client, "demens aflastning"), "Karen Ravn")

    assert marks == ["demens", "aflastning"]
    assert text == (
        f"{da('About me')}: Jeg har arbejdet med demens i mange år, først på et plejecenter i Haslev "
        "… i dag tilbyder jeg aflastning til pårørende om aftenen, i weekenden og i ferierne …"
    )


def test_the_lines_of_a_list_stay_apart_in_the_reason(client, db):
    """A visitkort lists what the unit helps with one per line; run together, "hjemmesidetekster
    Hjælp til borgere" reads as one odd sentence. Lines that end a sentence need no mark."""
    help_lines = "Gode råd om klare breve og hjemmesidetekster\nHjælp til borgere med det digitale\nMitID."
    long_lines = (
        "Sparring om pårørendesamarbejde og borgerinddragelse, når familien og personalet skal finde en fælles vej\n"
        "Viden om ernæring og appetitvækkende måltider for ældre borgere i eget hjem"
    )
    with indexed_at_the_end():
        unit("Borgerservice", can_help_with=help_lines)
        unit("Aktivitetscentret Valmuen", can_help_with=long_lines)

    [(text, marks)] = reasons(search_page(client, "breve"), "Borgerservice")
    assert text == line(
        "We can help with", "Gode råd om klare breve og hjemmesidetekster · Hjælp til borgere med det digitale · MitID."
    )
    assert marks == ["breve"]

    # Cut after a line's last word, the cut shows as "…" alone.
    [(text, marks)] = reasons(search_page(client, "pårørendesamarbejde"), "Aktivitetscentret Valmuen")
    assert text == line(
        "We can help with",
        "Sparring om pårørendesamarbejde og borgerinddragelse, når familien og personalet skal finde en fælles vej …",
    )
    assert marks == ["pårørendesamarbejde"]


def test_a_cut_does_not_leave_a_stray_word_of_the_next_sentence(client, db):
    """A line "… i hverdagens travlhed. Borgerne …" reads as if "Borgerne" belonged there: it
    ends with the sentence when the next one has only just begun."""
    learnings = (
        "En fast tovholder var afgørende for, at prøvehandlingen ikke forsvandt i hverdagens travlhed. "
        "Borgerne havde flere ressourcer, end vi havde regnet med."
    )
    with indexed_at_the_end():
        tryout("Fejlfredag", unit("Team Budget og Analyse"), learnings=learnings)

    [(text, marks)] = reasons(search_page(client, "tovholder"), "Fejlfredag")
    assert text == line(
        "What we have learned",
        "En fast tovholder var afgørende for, at prøvehandlingen ikke forsvandt i hverdagens travlhed. …",
    )
    assert marks == ["tovholder"]

    # A word the query looks for is never dropped to end a sentence.
    [(text, marks)] = reasons(search_page(client, "tovholder borgerne"), "Fejlfredag")
    assert marks == ["tovholder", "Borgerne"]


def test_a_role_in_another_unit_is_named_as_the_profile_names_it(client, db):
    """Not "Enhed: Borgerservicemedarbejder, Borgerservice; Tovholder …": the line lists roles."""
    from tests.factories import MembershipFactory

    with indexed_at_the_end():
        rolf = person("Rolf", "Henriksen", unit("Borgerservice"), title="Borgerservicemedarbejder")
        MembershipFactory(person=rolf, unit=unit("Center for Kultur"), job_title="Tovholder for borgerinddragelse")

    [(text, marks)] = reasons(search_page(client, "tovholder"), "Rolf Henriksen")
    assert text.startswith(f"{da('Units and roles')}: ")
    assert "Tovholder for borgerinddragelse, Center for Kultur" in text
    assert marks == ["Tovholder"]
