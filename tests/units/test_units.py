"""Units: the organisation tree, the filterable list, the visitkort, and the model rules behind them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from people.models import Role
from tests.conftest import assert_queries_do_not_grow, count_queries, da, date_da, days_ago, page_of
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
from tryouts.models import Tryout
from units.models import Unit, UnitKind, UnitTask
from vocabulary.models import FocusAnswer, FocusArea

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_search_index")]


def visitkort(client, unit):
    response = client.get(unit.get_absolute_url())
    assert response.status_code == 200
    return page_of(response)


def section(page, labelled_by):
    return page.select_one(f"section[aria-labelledby={labelled_by}]")


def listed_units(page):
    return page.texts("section[aria-labelledby=list-heading] li.unit-card h3 a")


# --- visitkort ---------------------------------------------------------------------------------


def test_visitkort_shows_what_the_unit_says_about_itself(client, org):
    page = visitkort(client, org.afdeling)
    assert page.select_one("main h1").text == "Hjemmeplejen Syd"
    assert "Vi besøger borgere i eget hjem hver dag." in section(page, "about").text
    assert "Personlig pleje og praktisk hjælp." in section(page, "core-tasks").text
    assert "Forflytning og hjælpemidler." in section(page, "help").text
    assert "Frivillige til gåture." in section(page, "looking").text
    assert page.select("header .badge")  # open for visits and innovation internships


def test_visitkort_of_a_unit_without_texts_says_so(client, org):
    page = visitkort(client, UnitFactory(name="Tomt Kort", parent=org.centre, about="", core_tasks=""))
    assert not page.select("section[aria-labelledby=about]")
    assert da("This unit has not described itself yet.") in page.select_one("main").text
    assert not page.select("header .badge")


def test_visitkort_shows_current_and_coming_tasks_with_period_and_contact(client, org, employee):
    tasks = section(visitkort(client, org.afdeling), "tasks")
    items = {item.select_one("h3").text: item for item in tasks.select("li.task")}
    # Current ones newest first, then the coming one; the ended task is not shown.
    assert list(items) == ["Ny vagtplan", "Sommerbemanding", "Næste års budget"]
    coming = items["Næste års budget"].select_one("p").text
    assert coming == da("Starts %(start)s") % {"start": date_da(org.tasks.future.starts_on)}

    ending = items["Ny vagtplan"].text
    assert date_da(org.tasks.ending_soon.starts_on) in ending
    assert date_da(org.tasks.ending_soon.ends_on) in ending

    ongoing = items["Sommerbemanding"]
    assert date_da(org.tasks.ongoing.starts_on) in ongoing.text
    assert ongoing.hrefs() == [employee.person.get_absolute_url()]
    assert "Mette Jensen" in ongoing.text


def test_visitkort_hides_an_inactive_task_contact(leader_client, org, employee):
    # Seen by a colleague: a person who left is logged out at once.
    employee.person.is_active = False
    employee.person.save()
    tasks = section(visitkort(leader_client, org.afdeling), "tasks")
    assert "Mette Jensen" not in tasks.text
    assert tasks.hrefs() == []


def test_a_task_starting_next_week_is_not_hidden(client, org):
    """It used to vanish until its first day: the unit looked as if it had nothing coming."""
    UnitTask.objects.filter(unit=org.afdeling).delete()
    UnitTaskFactory(unit=org.afdeling, title="Flytning", starts_on=days_ago(-7), ends_on=days_ago(-30))
    tasks = section(visitkort(client, org.afdeling), "tasks")
    assert tasks.texts("li.task h3") == ["Flytning"]
    start, end = date_da(days_ago(-7)), date_da(days_ago(-30))
    assert da("Starts %(start)s, ends %(end)s") % {"start": start, "end": end} in tasks.text
    assert da("No current special tasks.") not in tasks.text


def test_visitkort_without_current_tasks_says_so(client, org):
    UnitTask.objects.filter(unit=org.afdeling).delete()
    assert da("No current special tasks.") in section(visitkort(client, org.afdeling), "tasks").text


def test_visitkort_shows_leaders_and_employees_apart(client, org, employee, leader):
    MembershipFactory(unit=org.afdeling, person=PersonFactory(first_name="Anna", last_name="Andersen"))
    people = section(visitkort(client, org.afdeling), "people")
    groups, heading = {}, None
    for element in people.element_children():
        if element.tag == "h3":
            heading = element.text
        elif element.tag == "ul":
            groups[heading] = element.texts("li.person-card h4 a")
    assert groups == {
        da("Management"): ["Lars Holm"],
        da("Employees"): ["Anna Andersen", "Mette Jensen"],
    }
    assert leader.person.get_absolute_url() in people.hrefs()


def test_visitkort_hides_inactive_people(leader_client, org, employee):
    # Seen by a colleague: a person who left is logged out at once.
    employee.person.is_active = False
    employee.person.save()
    people = section(visitkort(leader_client, org.afdeling), "people")
    assert "Mette Jensen" not in people.text


def test_visitkort_lists_active_sub_units(client, org):
    UnitFactory(name="Team Nedlagt", kind=UnitKind.TEAM, parent=org.afdeling, is_active=False)
    sub_units = section(visitkort(client, org.afdeling), "sub-units")
    assert sub_units.texts("a") == ["Team Haslev"]
    assert sub_units.hrefs() == [org.team.get_absolute_url()]


def test_visitkort_shows_collaborations_in_both_directions(client, org):
    collaborations = section(visitkort(client, org.afdeling), "collaborations")
    assert sorted(collaborations.texts("a")) == ["Center for Børn og Familie", "Skolen ved Stranden"]
    assert "Besøg af skoleklasser" in collaborations.text
    assert "Fælles pårørendecafé" in collaborations.text

    # The partner sees the same collaboration from its side.
    school = section(visitkort(client, org.school), "collaborations")
    assert school.texts("a") == ["Hjemmeplejen Syd"]
    assert school.hrefs() == [org.afdeling.get_absolute_url()]


def test_visitkort_hides_collaborations_with_inactive_units(client, org):
    org.school.is_active = False
    org.school.save()
    collaborations = section(visitkort(client, org.afdeling), "collaborations")
    assert collaborations.texts("a") == ["Center for Børn og Familie"]


def test_visitkort_shows_owned_and_participating_try_outs(client, org):
    tryouts = section(visitkort(client, org.afdeling), "unit-tryouts")
    assert sorted(tryouts.texts("li.tryout-card h3 a")) == ["Frivillige i skolegården", "Morgenmad med borgerne"]
    assert org.tryouts.owned.get_absolute_url() in tryouts.hrefs()
    # The team's idea belongs to the team, not to the department above it.
    assert section(visitkort(client, org.team), "unit-tryouts").texts("li.tryout-card h3 a") == ["Digital vagtplan"]


def test_visitkort_links_to_all_try_outs_when_there_are_many(client, org):
    for _number in range(21):
        TryoutFactory(owner_unit=org.team)
    tryouts = section(visitkort(client, org.team), "unit-tryouts")
    assert len(tryouts.select("li.tryout-card")) == 20
    assert f"/proevehandlinger/?unit={org.team.slug}" in tryouts.hrefs()


def test_visitkort_lists_try_outs_latest_first_with_track_and_owner(client, org):
    unit = UnitFactory(name="Tryghedsteamet")
    older = TryoutFactory(title="Ældre idé", owner_unit=unit, track=None)
    track = TrackFactory(name="Nærhed i hverdagen", slug="naerhed")
    joined = TryoutFactory(title="Fælles forsøg", owner_unit=org.school, track=track)
    joined.units.add(unit)
    newest = TryoutFactory(title="Nyeste idé", owner_unit=unit, track=None)
    for days, tryout in ((30, older), (10, joined), (1, newest)):
        Tryout.objects.filter(pk=tryout.pk).update(updated_at=timezone.now() - timedelta(days=days))
    cards = section(visitkort(client, unit), "unit-tryouts").select("li.tryout-card")
    assert [card.select_one("h3 a").text for card in cards] == ["Nyeste idé", "Fælles forsøg", "Ældre idé"]
    # The one taken part in shows its track and the unit that owns it.
    assert "Nærhed i hverdagen" in cards[1].text and "Skolen ved Stranden" in cards[1].text
    assert cards[0].select_one("h3 a").attrs["href"] == newest.get_absolute_url()


def test_visitkort_lists_sub_units_in_danish_order(client, org):
    for name in ("Team Øst", "Team Ærø", "Team Aabenraa", "Team Bøgely"):
        UnitFactory(name=name, kind=UnitKind.TEAM, parent=org.afdeling)
    sub_units = section(visitkort(client, org.afdeling), "sub-units")
    assert sub_units.texts("a") == ["Team Bøgely", "Team Haslev", "Team Ærø", "Team Øst", "Team Aabenraa"]


def test_visitkort_puts_call_mail_and_chat_with_the_leader_first(client, org, leader):
    page = visitkort(client, org.afdeling)
    article = page.select_one("article.visitkort")
    first = next(e for e in article.elements() if e.tag in ("aside", "section"))
    assert first.tag == "aside", "contact comes before the unit's long texts"
    assert first.select_one("ul.reach-actions").hrefs() == [
        "tel:56203000",
        "mailto:hjemmepleje.syd@faxekommune.dk",
        "https://teams.microsoft.com/l/chat/0/0?users=lars.holm@faxekommune.dk",
    ]
    assert "Lars Holm" in first.select_one("dl.contact-list").text


def test_visitkort_shows_topics_and_contact_details(client, org):
    page = visitkort(client, org.afdeling)
    aside = page.select_one("aside")
    assert sorted(aside.hrefs("a.tag-link")) == ["/emner/aeldrepleje/", "/emner/velfaerdsteknologi/"]
    details = aside.select_one("dl.contact-list")
    mail = details.select_one("a[href='mailto:hjemmepleje.syd@faxekommune.dk']")
    assert mail.text == "hjemmepleje.syd@faxekommune.dk"
    assert details.select_one("a[href='tel:56203000']").text == "56 20 30 00"
    assert "Rådhusvej 1, 4640 Faxe" in aside.text
    assert "Hverdage 8-15" in aside.text
    assert org.centre.get_absolute_url() in aside.hrefs()  # part of
    assert f"/medarbejdere/?unit={org.afdeling.slug}" in aside.hrefs()


def test_visitkort_shows_when_it_was_last_confirmed(client, org):
    aside = visitkort(client, org.afdeling).select_one("aside dl.contact-list")
    assert date_da(timezone.localtime(org.afdeling.last_confirmed_at)) in aside.text


def test_visitkort_confirmed_last_week_has_no_stale_note(client, org):
    unit = UnitFactory(parent=org.centre, last_confirmed_at=timezone.now() - timedelta(days=7))
    assert not visitkort(client, unit).select("article.visitkort header .alert-warning")


def test_visitkort_confirmed_13_months_ago_has_a_stale_note(client, org, stale_unit):
    page = visitkort(client, stale_unit)
    note = page.select_one("article.visitkort header .alert-warning")
    assert date_da(timezone.localtime(stale_unit.last_confirmed_at)) in note.text


def test_visitkort_never_confirmed_has_a_stale_note(client, org):
    unit = UnitFactory(parent=org.centre, last_confirmed_at=None)
    page = visitkort(client, unit)
    assert page.select("article.visitkort header .alert-warning")
    assert da("Never") in page.select_one("aside dl.contact-list").text


def test_visitkort_breadcrumbs_follow_the_tree(client, org):
    crumbs = visitkort(client, org.team).select_one("nav.breadcrumbs")
    assert crumbs.hrefs() == [
        "/",
        "/enheder/",
        org.kommune.get_absolute_url(),
        org.centre.get_absolute_url(),
        org.afdeling.get_absolute_url(),
    ]
    assert crumbs.select_one("li[aria-current=page]").text == "Team Haslev"


def test_visitkort_names_the_centre(client, org):
    header = visitkort(client, org.team).select_one("article.visitkort header")
    assert "Center for Sundhed & Ældre" in header.text
    # A centre's own card does not name itself again.
    centre = org.team.centre
    assert header.select_one("p.subtle").text.strip().endswith("Center for Sundhed & Ældre")
    assert visitkort(client, centre).select_one("article.visitkort header p.subtle").text.strip() == da("Centre")


def test_visitkort_says_which_unit_it_is_part_of(client, org):
    contact = visitkort(client, org.team).select_one(".contact-list")
    terms = contact.texts("dt")
    part_of = contact.select("dd")[terms.index(da("Part of"))]
    assert part_of.texts("a") == ["Hjemmeplejen Syd"] and part_of.hrefs() == [org.afdeling.get_absolute_url()]
    top = Unit.objects.get(name="Faxe Kommune")
    assert da("Part of") not in visitkort(client, top).select_one(".contact-list").texts("dt")


# --- the units list ----------------------------------------------------------------------------


def tree_node(page, name):
    """The <li> of the organisation tree whose own link is `name`."""
    for item in page.select("section.org-tree li"):
        if item.select("a")[0].text == name:
            return item
    raise AssertionError(f"{name} not in the tree")


def test_unfiltered_list_shows_the_organisation_tree(client, org):
    page = page_of(client.get("/enheder/"))
    tree = page.select_one("section.org-tree")
    assert tree.select("ul.tree li")[0].select("a")[0].text == "Faxe Kommune"
    kommune = tree_node(page, "Faxe Kommune")
    assert {"Center for Sundhed & Ældre", "Center for Børn og Familie"} <= set(kommune.texts("a"))
    centre = tree_node(page, "Center for Sundhed & Ældre")
    assert centre.texts("a") == ["Center for Sundhed & Ældre", "Hjemmeplejen Syd", "Team Haslev"]
    assert tree_node(page, "Team Haslev").hrefs() == [org.team.get_absolute_url()]
    assert "Skolen ved Stranden" not in centre.text


def test_tree_leaves_out_inactive_units(client, org):
    org.team.is_active = False
    org.team.save()
    tree = page_of(client.get("/enheder/")).select_one("section.org-tree")
    assert "Team Haslev" not in tree.texts("a")


def test_tree_counts_sub_units_below_the_cut(client, org):
    deeper = UnitFactory(name="Nattevagten", kind=UnitKind.TEAM, parent=org.team)
    UnitFactory(name="Nattevagt Øst", kind=UnitKind.TEAM, parent=deeper)
    page = page_of(client.get("/enheder/"))
    assert "Nattevagten" not in page.select_one("section.org-tree").texts("a")
    team = tree_node(page, "Team Haslev")
    assert da("%(counter)s sub-unit", "%(counter)s sub-units", 1) % {"counter": 1} in team.text


def test_unfiltered_list_shows_all_active_units_in_danish_order(client, org):
    UnitFactory(name="Ældrerådet", parent=org.kommune)
    UnitFactory(name="Aalborgvej Bosted", parent=org.kommune)
    UnitFactory(name="Lukket Enhed", parent=org.kommune, is_active=False)
    names = listed_units(page_of(client.get("/enheder/")))
    assert names == [
        "Center for Børn og Familie",
        "Center for Sundhed & Ældre",
        "Faxe Kommune",
        "Hjemmeplejen Syd",
        "Skolen ved Stranden",
        "Team Haslev",
        "Ældrerådet",
        "Aalborgvej Bosted",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "team"}, ["Team Haslev"]),
        ({"kind": "center"}, ["Center for Børn og Familie", "Center for Sundhed & Ældre"]),
        ({"centre": "center-for-sundhed-aeldre"}, ["Center for Sundhed & Ældre", "Hjemmeplejen Syd", "Team Haslev"]),
        ({"centre": "center-for-boern-og-familie"}, ["Center for Børn og Familie", "Skolen ved Stranden"]),
        ({"topic": "aeldrepleje"}, ["Center for Sundhed & Ældre", "Hjemmeplejen Syd"]),
        ({"topic": "trivsel"}, ["Center for Børn og Familie"]),
        ({"open_for_visits": "on"}, ["Hjemmeplejen Syd"]),
        ({"q": "haslev"}, ["Team Haslev"]),
        ({"kind": "afdeling", "centre": "center-for-sundhed-aeldre"}, ["Hjemmeplejen Syd"]),
        ({"kind": "team", "topic": "aeldrepleje"}, []),
        (
            {"centre": "center-for-sundhed-aeldre", "topic": "aeldrepleje", "open_for_visits": "on"},
            ["Hjemmeplejen Syd"],
        ),
        ({"centre": "center-for-boern-og-familie", "open_for_visits": "on"}, []),
    ],
)
def test_units_list_filters(client, org, params, expected):
    response = client.get("/enheder/", params)
    assert response.status_code == 200
    page = page_of(response)
    assert listed_units(page) == expected
    assert not page.select("section.org-tree")
    if not expected:
        assert da("No units match the filters.") in page.select_one("main").text


def test_filter_form_keeps_the_chosen_values(client, org):
    page = page_of(client.get("/enheder/", {"kind": "afdeling", "centre": "center-for-sundhed-aeldre"}))
    form = page.select_one("form.filter-form")
    assert form.select_one("select[name=kind] option[selected]").attrs["value"] == "afdeling"
    assert form.select_one("select[name=centre] option[selected]").attrs["value"] == "center-for-sundhed-aeldre"
    centres = form.texts("select[name=centre] option")[1:]
    assert centres == ["Center for Børn og Familie", "Center for Sundhed & Ældre"]


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "slot"},
        {"centre": "findes-ikke"},
        {"centre": str(10**30)},
        {"topic": "findes-ikke"},
        {"open_for_visits": "måske"},
        {"q": "nul\x00tegn"},
        {"q": "x" * 10_000},
        {"kind": ["team", "center"]},
        {"page": "abc", "kind": "nope"},
    ],
)
def test_units_list_survives_unknown_filter_values(client, org, params):
    assert client.get("/enheder/", params).status_code == 200


def make_units(count, parent, **fields):
    return [UnitFactory(name=f"Enhed {number:03d}", parent=parent, **fields) for number in range(count)]


def test_units_list_has_25_per_page(client, org):
    make_units(30, org.team, kind=UnitKind.TEAM)
    first = page_of(client.get("/enheder/", {"kind": "team"}))
    assert len(first.select("li.unit-card")) == 25
    assert first.select_one("a.button-next").attrs["href"] == "?kind=team&page=2"
    second = page_of(client.get("/enheder/", {"kind": "team", "page": "2"}))
    assert len(second.select("li.unit-card")) == 6
    assert not second.select("a.button-next")
    assert second.select_one("a.button-previous").attrs["href"] == "?kind=team&page=1"
    assert second.select_one("a.current-page").text == "2"


@pytest.mark.parametrize(("page_param", "shown_page"), [("abc", "1"), ("-1", "2"), ("0", "2"), ("99999", "2")])
def test_units_list_answers_odd_page_numbers(client, org, page_param, shown_page):
    make_units(30, org.team, kind=UnitKind.TEAM)
    response = client.get("/enheder/", {"kind": "team", "page": page_param})
    assert response.status_code == 200
    assert page_of(response).select_one("a.current-page").text == shown_page


# --- queries per page --------------------------------------------------------------------------


def build_units_list(count):
    centre = CentreFactory()
    for number in range(count):
        UnitFactory(parent=centre, tags=[f"emne {number}"])
    return "/enheder/"


def build_visitkort(count):
    """A unit with `count` members, tasks, try-outs, collaborations, topics and sub-units, answers to
    up to `count` focus areas carried by its tasks and try-outs, and neighbours sharing them (so
    "Relaterede" has something to show in the small case too)."""
    centre = CentreFactory()
    unit = UnitFactory(parent=UnitFactory(parent=centre))
    topics = [f"emne {count}-{number}" for number in range(count)]
    unit.tags.add(*topics)
    for number, topic in enumerate(topics):
        MembershipFactory(unit=unit, role=Role.LEDER if number % 2 else Role.MEDARBEJDER)
        UnitTaskFactory(unit=unit, contact=PersonFactory())
        TryoutFactory(owner_unit=unit).units.add(centre)
        TryoutFactory(owner_unit=centre).units.add(unit)
        CollaborationFactory(from_unit=unit, to_unit=UnitFactory(tags=[topic]))
        CollaborationFactory(from_unit=UnitFactory(), to_unit=unit)
        UnitFactory(parent=unit, kind=UnitKind.TEAM)
    for area in FocusArea.objects.current()[:count]:
        answer = FocusAnswer.objects.create(unit=unit, focus_area=area, text=f"Svar {area.pk}.")
        answer.tasks.add(*unit.tasks.all()[:count])
        answer.tryouts.add(*unit.owned_tryouts.all()[:count])
    return unit.get_absolute_url()


@pytest.mark.parametrize(
    ("build", "expected"),
    # The visitkort: +1 asks whether the user may edit the card (rules, cached for the request),
    # +1 whether they belong to the unit (the "start a try-out" link), +1 the user's own
    # suggestions waiting for an answer (editors: the open suggestions to decide on); +4 the
    # vocabulary's sections (KLE tasks; the unit's answers to the current strategies' focus areas,
    # the tasks and try-outs carrying them, and how many focus areas there are);
    # +1 whether they follow it; +1 the index generation, under which "Relaterede" is kept
    # (search/cache.py: its one query is counted here, the first time anyone asks), as are the
    # page's parts (search/templatetags/generation.py). The try-outs are counted in their list's
    # query (a window); the units above, parent and centre among them, in one query for the
    # breadcrumbs; whether the reader edits anything at all replaces the walk up the
    # tree (units/rules.py, `edits_nothing`); "Relaterede" reads every reason and the fields it
    # shows of each unit in one statement (portal/related.py).
    [(build_units_list, 9), (build_visitkort, 20)],
    ids=["units-list", "visitkort"],
)
def test_unit_pages_queries_do_not_grow(bare_client, django_assert_num_queries, build, expected):
    assert_queries_do_not_grow(bare_client, build, expected, django_assert_num_queries)


def test_units_list_filtered_queries_do_not_grow(bare_client, django_assert_num_queries):
    centre = CentreFactory(name="Centret")
    UnitFactory(parent=centre, tags=["fælles"])
    url = "/enheder/?centre=centret&topic=faelles&kind=afdeling"
    small = count_queries(bare_client, url)
    for _number in range(49):
        UnitFactory(parent=centre, tags=["fælles"])
    assert count_queries(bare_client, url) == small


# --- model rules -------------------------------------------------------------------------------


def test_slug_is_danish():
    unit = Unit.objects.create(name="Center for Sundhed & Ældre", kind=UnitKind.CENTER)
    assert unit.slug == "center-for-sundhed-aeldre"
    assert Unit.objects.create(name="Børnehuset Ørnereden på Åsen").slug == "boernehuset-oernereden-paa-aasen"


def test_slugs_get_unique_suffixes():
    slugs = [Unit.objects.create(name="Team Øst").slug for _number in range(3)]
    assert slugs == ["team-oest", "team-oest-2", "team-oest-3"]


def test_slug_stays_when_the_unit_is_renamed():
    unit = Unit.objects.create(name="Team Vest")
    unit.name = "Team Nord"
    unit.save()
    unit.refresh_from_db()
    assert unit.slug == "team-vest"


def test_long_names_give_slugs_that_fit():
    name = "Afdelingen for " + "meget " * 25 + "lange navne"
    first, second = Unit.objects.create(name=name), Unit.objects.create(name=name)
    assert len(first.slug) <= 80
    assert len(second.slug) <= 80
    assert second.slug.endswith("-2")
    assert first.slug != second.slug


def test_names_without_letters_still_get_a_slug(client):
    unit = Unit.objects.create(name="!!!")
    assert unit.slug
    assert client.get(unit.get_absolute_url()).status_code == 200


def centre_of(unit):
    unit.refresh_from_db()
    return unit.centre


def test_units_know_their_centre(org):
    assert centre_of(org.kommune) is None
    assert centre_of(org.centre) == org.centre
    assert centre_of(org.afdeling) == org.centre
    assert centre_of(org.team) == org.centre
    assert centre_of(org.school) == org.other_centre


def test_moving_a_subtree_to_another_centre_moves_its_descendants(org):
    night = UnitFactory(kind=UnitKind.TEAM, parent=org.team)
    afdeling = Unit.objects.get(pk=org.afdeling.pk)
    afdeling.parent = org.other_centre
    afdeling.save()
    assert centre_of(org.afdeling) == org.other_centre
    assert centre_of(org.team) == org.other_centre
    assert centre_of(night) == org.other_centre


def test_moving_a_unit_out_of_every_centre_clears_the_centre(org):
    afdeling = Unit.objects.get(pk=org.afdeling.pk)
    afdeling.parent = org.kommune
    afdeling.save()
    assert centre_of(org.afdeling) is None
    assert centre_of(org.team) is None


def test_a_unit_becoming_a_centre_takes_its_descendants_along(org):
    afdeling = Unit.objects.get(pk=org.afdeling.pk)
    afdeling.kind = UnitKind.CENTER
    afdeling.save()
    assert centre_of(org.afdeling) == org.afdeling
    assert centre_of(org.team) == org.afdeling


def test_a_centre_becoming_a_department_hands_its_units_up(org):
    centre = Unit.objects.get(pk=org.centre.pk)
    centre.kind = UnitKind.AFDELING
    centre.save()
    assert centre_of(org.centre) is None
    assert centre_of(org.afdeling) is None
    assert centre_of(org.team) is None


def test_moved_unit_shows_up_under_its_new_centre_filter(client, org):
    afdeling = Unit.objects.get(pk=org.afdeling.pk)
    afdeling.parent = org.other_centre
    afdeling.save()
    page = page_of(client.get("/enheder/", {"centre": org.other_centre.slug}))
    assert "Team Haslev" in listed_units(page)


def test_current_tasks(org):
    today = timezone.localdate()
    unit = org.team
    ongoing = UnitTaskFactory(unit=unit, starts_on=days_ago(10))
    ends_today = UnitTaskFactory(unit=unit, starts_on=days_ago(10), ends_on=today)
    starts_today = UnitTaskFactory(unit=unit, starts_on=today)
    ended_yesterday = UnitTaskFactory(unit=unit, starts_on=days_ago(10), ends_on=days_ago(1))
    UnitTaskFactory(unit=unit, starts_on=days_ago(-1))  # starts tomorrow
    current = set(UnitTask.objects.filter(unit=unit).current())
    assert current == {ongoing, ends_today, starts_today}
    # Five days ago, yesterday's ended task was still current and today's had not begun.
    five_days_ago = set(UnitTask.objects.filter(unit=unit).current(today=days_ago(5)))
    assert five_days_ago == {ongoing, ends_today, ended_yesterday}


def test_stale_after_a_year():
    assert UnitFactory(last_confirmed_at=timezone.now() - timedelta(days=396)).is_stale
    assert UnitFactory(last_confirmed_at=None).is_stale
    assert not UnitFactory(last_confirmed_at=timezone.now() - timedelta(days=7)).is_stale


# --- "Relaterede" on the visitkort ---------------------------------------------------------------


def test_related_units_count_each_shared_tryout_once(client):
    centre = CentreFactory(name="Center for Dagtilbud")
    own = UnitFactory(name="Børnehuset Solsikken", parent=centre)
    owner = UnitFactory(name="Dagplejen Øst", parent=centre)
    school = UnitFactory(name="Karise Skole", parent=centre)
    library = UnitFactory(name="Faxe Bibliotek", parent=centre)
    # One try-out owned by the day care with three units taking part, and one more with the school.
    TryoutFactory(title="Læsestart", owner_unit=owner).units.add(own, school, library)
    TryoutFactory(title="Sprogkufferter", owner_unit=own).units.add(school)

    page = page_of(client.get(own.get_absolute_url()))
    reasons = {
        item.select_one("a").text: item.select_one(".related-reason").text
        for item in page.select("main .related-list li")
    }
    assert reasons["Dagplejen Øst"] == "1 fælles prøvehandling"
    assert reasons["Faxe Bibliotek"] == "1 fælles prøvehandling"
    assert reasons["Karise Skole"] == "2 fælles prøvehandlinger"
    # Most shared first.
    assert list(reasons)[0] == "Karise Skole"


def test_related_units_give_every_reason_rank_by_weight_and_leave_out_what_is_gone(client):
    """Shared try-outs weigh 3, shared people 2 and shared topics 1 each; a unit with several
    reasons lists them all; inactive units and people who left count for nothing."""
    centre = CentreFactory(name="Center for Sundhed & Ældre")
    own = UnitFactory(name="Hjemmeplejen Nord", parent=centre, tags=["demensvenlig", "faldforebyggelse", "skærmbesøg"])
    both = UnitFactory(name="Træningscentret", parent=centre, tags=["faldforebyggelse"])
    neighbour = UnitFactory(name="Plejecenter Søbakken", parent=centre, tags=["demensvenlig", "skærmbesøg"])
    teams = [UnitFactory(name=f"Sygeplejen {letter}", parent=centre, tags=["demensvenlig"]) for letter in "ABCDEFG"]
    closed = UnitFactory(name="Hjemmeplejen Øst (lukket)", parent=centre, is_active=False, tags=["demensvenlig"])
    TryoutFactory(title="Træning i hjemmet", owner_unit=own).units.add(both, closed)
    nurse = MembershipFactory(unit=own).person
    MembershipFactory(person=nurse, unit=both, is_primary=False)
    MembershipFactory(person=nurse, unit=neighbour, is_primary=False)
    leaver = MembershipFactory(unit=own, person=PersonFactory(is_active=False)).person
    MembershipFactory(person=leaver, unit=teams[0], is_primary=False)

    items = page_of(client.get(own.get_absolute_url())).select("main .related-list li")
    reasons = {item.select_one("a").text: item.select_one(".related-reason").text for item in items}

    assert list(reasons) == [
        "Træningscentret",  # try-out 3 + person 2 + topic 1
        "Plejecenter Søbakken",  # person 2 + topics 2
        "Sygeplejen A",  # topic 1 each, by name; the leaver's unit gets nothing for them
        "Sygeplejen B",
        "Sygeplejen C",
        "Sygeplejen D",
    ]
    assert reasons["Træningscentret"] == (
        "1 fælles prøvehandling · 1 fælles medarbejder · 1 fælles emne: faldforebyggelse"
    )
    assert reasons["Plejecenter Søbakken"] == "1 fælles medarbejder · 2 fælles emner: demensvenlig, skærmbesøg"
    assert reasons["Sygeplejen A"] == "1 fælles emne: demensvenlig"
