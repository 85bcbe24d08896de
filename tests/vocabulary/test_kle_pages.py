"""/emner/kle/: the tree with what sits under each main group and group, and a subject's page
listing its units, people and try-outs; both in a fixed number of queries."""

import pytest
from taggit.models import Tag

from tests.conftest import assert_queries_do_not_grow, da, page_of
from tests.factories import MembershipFactory, PersonFactory, TryoutFactory, UnitFactory
from tests.vocabulary.conftest import load_kle
from vocabulary import services
from vocabulary.models import Aspect, Subject, TopicSubject, TryoutSubject


@pytest.fixture
def tied(org, kle, employee):
    """Hjemmeplejen Syd performs 27.36.04, the school has insight in 17.01.05; the employee's
    expertise "ældrepleje" is tied to 27.36; the breakfast try-out carries 27.36.04 and P08."""
    services.add_unit_subject(org.afdeling, kle["27.36.04"], Aspect.UDFOERENDE)
    services.add_unit_subject(org.team, kle["27.36.08"], Aspect.ANSVARLIG)
    services.add_unit_subject(org.school, kle["17.01.05"], Aspect.INDSIGT)
    TopicSubject.objects.create(tag=Tag.objects.get(name="ældrepleje"), subject=kle["27.36"])
    services.add_tryout_subject(org.tryouts.owned, kle["27.36.04"])
    services.add_tryout_subject(org.tryouts.owned, kle["P08"])
    return kle


def test_the_tree_counts_units_people_and_try_outs_under_each_group(client, tied):
    page = page_of(client.get("/emner/kle/"))
    items = {item.select_one("a").text: item.text for item in page.select("ul.kle-tree li")}
    assert "2 enheder" in items["27 Social service"].split("27.36")[0]  # two units below the main group
    group = items["27.36 Personlig hjælp, omsorg og pleje m.v."]
    assert "2 enheder" in group and "1 medarbejder" in group and "1 prøvehandling" in group
    assert "1 enhed" in items["17 Folkeskoleundervisning"]
    assert "1 prøvehandling" in items["P08 Forsøgsordninger"]
    assert "OS2mo" in page.select_one(".kle-credit").text


def test_a_subject_page_lists_what_is_under_it(client, org, tied, employee):
    response = client.get("/emner/kle/27.36/")
    page = page_of(response)
    assert page.select_one("h1").text == "27.36 Personlig hjælp, omsorg og pleje m.v."
    assert "27.36.04 Personlig og praktisk hjælp" in page.texts("section[aria-labelledby=children-heading] li a")
    tabs = page.texts(".kind-tabs a")
    assert tabs == [f"{da('Units')} (2)", f"{da('People')} (1)", f"{da('Try-outs')} (1)"]
    assert set(page.texts(".unit-card h3")) == {"Hjemmeplejen Syd", "Team Haslev"}
    people = page_of(client.get("/emner/kle/27.36/?vis=medarbejdere"))
    assert people.texts(".person-card h3") == ["Mette Jensen"]
    tryouts = page_of(client.get("/emner/kle/27.36.04/?vis=proevehandlinger"))
    assert tryouts.texts(".tryout-card h3") == ["Morgenmad med borgerne"]
    assert "ældrepleje" in page_of(client.get("/emner/kle/27.36/")).texts(".tag-list a")


def test_facets_and_their_letter_have_pages(client, tied):
    page = page_of(client.get("/emner/kle/P/"))
    assert "P08 Forsøgsordninger" in page.texts("section[aria-labelledby=children-heading] li a")
    assert page.texts(".tryout-card h3") == ["Morgenmad med borgerne"]
    assert client.get("/emner/kle/P08/").status_code == 200


def test_the_tree_searches_by_number_and_words(client, kle):
    assert page_of(client.get("/emner/kle/", {"q": "27.36.0"})).texts("main ul.plain-list li a") == [
        "27.36.04 Personlig og praktisk hjælp",
        "27.36.08 Afløsning eller aflastning til ægtefælle, forældre m.v. og midlertidigt ophold",
    ]
    found = page_of(client.get("/emner/kle/", {"q": "praktisk hjælp"})).texts("main ul.plain-list li a")
    assert "27.36.04 Personlig og praktisk hjælp" in found
    assert client.get("/emner/kle/", {"q": "\x00' OR 1=1 --"}).status_code == 200


def test_unknown_subjects_are_not_found_and_an_empty_plan_says_so(client, org):
    assert client.get("/emner/kle/27.36.04/").status_code == 404
    page = page_of(client.get("/emner/kle/"))
    assert "import_kle" in page.select_one("main").text


def build_tree(count):
    """KLE with `count` units, people and try-outs under groups of two main groups."""
    if not Subject.objects.exists():
        load_kle()
    subjects = list(Subject.objects.filter(level=3, number__startswith="27."))
    for number in range(count):
        subject = subjects[number % len(subjects)]
        unit = UnitFactory()
        services.add_unit_subject(unit, subject, Aspect.UDFOERENDE)
        tag = Tag.objects.create(name=f"emne {count}-{number}")
        TopicSubject.objects.create(tag=tag, subject=subject)
        MembershipFactory(person=PersonFactory(expertise=[tag.name]), unit=unit)
        TryoutSubject.objects.create(tryout=TryoutFactory(owner_unit=unit), subject=subject)
    return "/emner/kle/"


def build_subject(tab):
    def build(count):
        build_tree(count)
        return f"/emner/kle/27/?vis={tab}"

    return build


@pytest.mark.parametrize(
    ("build", "expected"),
    # 2 for the session and user. The tree: its subjects and 3 counts (units, people, try-outs)
    # each for main groups, groups, facet letters and facets. A subject: itself, its 3 totals,
    # the shown list's count and page (+1 people's units, +1 try-outs' topics), its children and
    # their 3 counts, the topics tied to it, and whether the user follows it (the "Følg" button).
    [
        (build_tree, 15),
        (build_subject("enheder"), 14),
        (build_subject("medarbejdere"), 15),
        (build_subject("proevehandlinger"), 15),
    ],
    ids=["tree", "subject-units", "subject-people", "subject-tryouts"],
)
def test_kle_pages_queries_do_not_grow(bare_client, without_search_index, django_assert_num_queries, build, expected):
    assert_queries_do_not_grow(bare_client, build, expected, django_assert_num_queries, many=30)
