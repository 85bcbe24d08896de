"""People: the A–Å list with its filters, the person page, and the model's Danish order."""

import pytest

from people.models import Person, Role
from tests.conftest import assert_queries_do_not_grow, count_queries, da, page_of
from tests.factories import CentreFactory, MembershipFactory, PersonFactory, TryoutFactory, UnitFactory
from tryouts.models import Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_search_index")]

DANISH_ORDER = ["Anders Andersen", "Ib Zacho", "Eva Ærø", "Ole Østergaard", "Åse Aagaard"]


def make_danish_names(unit=None):
    people = []
    for full_name in reversed(DANISH_ORDER):
        first_name, last_name = full_name.split()
        person = PersonFactory(first_name=first_name, last_name=last_name)
        if unit:
            MembershipFactory(person=person, unit=unit)
        people.append(person)
    return people


def listed_people(response):
    assert response.status_code == 200
    return page_of(response).texts("section[aria-labelledby=list-heading] li.person-card h3 a")


def person_page(client, person):
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    return page_of(response)


# --- the list ----------------------------------------------------------------------------------


def test_people_are_listed_a_to_aa_by_last_name(client, org):
    make_danish_names()
    names = [name for name in listed_people(client.get("/medarbejdere/")) if name in DANISH_ORDER]
    assert names == DANISH_ORDER


def test_same_last_name_is_ordered_by_first_name(client, org):
    for first_name in ["Øjvind", "Bo", "Aase", "Anne"]:
        PersonFactory(first_name=first_name, last_name="Hansen")
    PersonFactory(first_name="Anne", last_name="Hansensen")
    names = [name for name in listed_people(client.get("/medarbejdere/")) if "Hansen" in name]
    assert names == ["Anne Hansen", "Bo Hansen", "Øjvind Hansen", "Aase Hansen", "Anne Hansensen"]


def test_person_card_shows_title_and_primary_unit(client, org, employee):
    MembershipFactory(person=employee.person, unit=org.team, is_primary=False)
    page = page_of(client.get("/medarbejdere/"))
    card = next(card for card in page.select("li.person-card") if card.select_one("h3 a").text == "Mette Jensen")
    assert card.select_one("h3 a").attrs["href"] == employee.person.get_absolute_url()
    assert "Social- og sundhedsassistent" in card.text
    assert "Hjemmeplejen Syd" in card.text
    assert "Team Haslev" not in card.text
    assert card.select_one(".avatar-initials").text == "MJ"


def test_inactive_people_are_hidden_everywhere(client, org, employee):
    person = PersonFactory(first_name="Ida", last_name="Inaktiv", is_active=False, expertise=["ældrepleje"])
    MembershipFactory(person=person, unit=org.afdeling)
    org.tasks.ongoing.contact = person
    org.tasks.ongoing.save()
    org.tryouts.owned.contacts.add(person)

    assert "Ida Inaktiv" not in listed_people(client.get("/medarbejdere/"))
    assert client.get(person.get_absolute_url()).status_code == 404
    for url in ["/emner/aeldrepleje/", org.afdeling.get_absolute_url(), org.tryouts.owned.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200
        assert "Ida Inaktiv" not in page_of(response).select_one("main").text, url


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"unit": "hjemmeplejen-syd"}, ["Lars Holm", "Mette Jensen"]),
        ({"unit": "team-haslev"}, ["Tove Toft"]),
        ({"centre": "center-for-sundhed-aeldre"}, ["Lars Holm", "Mette Jensen", "Tove Toft", "Carl Centerchef"]),
        ({"centre": "center-for-boern-og-familie"}, ["Bente Bach"]),
        ({"topic": "aeldrepleje"}, ["Mette Jensen"]),
        ({"topic": "borgerinddragelse"}, ["Mette Jensen", "Tove Toft"]),
        ({"centre": "center-for-sundhed-aeldre", "topic": "borgerinddragelse"}, ["Mette Jensen", "Tove Toft"]),
        ({"unit": "team-haslev", "topic": "aeldrepleje"}, []),
        ({"q": "jensen"}, ["Mette Jensen"]),
    ],
)
def test_people_list_filters(client, org, employee, leader, other_centre_person, params, expected):
    MembershipFactory(
        person=PersonFactory(first_name="Tove", last_name="Toft", expertise=["borgerinddragelse"]), unit=org.team
    )
    MembershipFactory(person=PersonFactory(first_name="Carl", last_name="Centerchef"), unit=org.centre)
    response = client.get("/medarbejdere/", params)
    assert listed_people(response) == sorted(expected, key=lambda name: name.split()[1])
    if not expected:
        assert da("No people match the filters.") in page_of(response).select_one("main").text


def test_person_in_two_units_of_a_centre_is_listed_once(client, org, employee):
    MembershipFactory(person=employee.person, unit=org.team, is_primary=False)
    names = listed_people(client.get("/medarbejdere/", {"centre": org.centre.slug}))
    assert names.count("Mette Jensen") == 1


def test_unit_filter_names_the_unit_and_links_back_to_everyone(client, org, employee):
    page = page_of(client.get("/medarbejdere/", {"unit": org.afdeling.slug}))
    active = page.select_one("p.active-filter")
    assert "Hjemmeplejen Syd" in active.text
    assert active.hrefs() == ["?"]
    # The unit stays chosen when the visible filters are used.
    assert page.select_one("form.filter-form input[type=hidden][name=unit]").attrs["value"] == org.afdeling.slug


def test_visitkort_link_to_all_people_shows_the_unit(client, org, employee, leader):
    page = page_of(client.get(org.afdeling.get_absolute_url()))
    link = next(href for href in page.hrefs("aside a") if href.startswith("/medarbejdere/?unit="))
    assert listed_people(client.get(link)) == ["Lars Holm", "Mette Jensen"]


@pytest.mark.parametrize(
    "params",
    [
        {"unit": "findes-ikke"},
        {"centre": "findes-ikke"},
        {"topic": "findes-ikke"},
        {"q": "nul\x00tegn"},
        {"q": "ord " * 5_000},
        {"unit": ["a", "b"]},
        {"page": "-1", "topic": "nope"},
    ],
)
def test_people_list_survives_unknown_filter_values(client, org, params):
    assert client.get("/medarbejdere/", params).status_code == 200


def test_people_list_has_25_per_page(client, org):
    for number in range(30):
        MembershipFactory(person=PersonFactory(last_name=f"Holt {number:02d}"), unit=org.team)
    first = page_of(client.get("/medarbejdere/", {"unit": org.team.slug}))
    assert len(first.select("li.person-card")) == 25
    assert first.select_one("a.button-next").attrs["href"] == f"?unit={org.team.slug}&page=2"
    second = page_of(client.get("/medarbejdere/", {"unit": org.team.slug, "page": "2"}))
    assert len(second.select("li.person-card")) == 5


@pytest.mark.parametrize(("page_param", "shown_page"), [("abc", "1"), ("-1", "2"), ("99999", "2")])
def test_people_list_answers_odd_page_numbers(client, org, page_param, shown_page):
    for number in range(30):
        PersonFactory(last_name=f"Holt {number:02d}")
    response = client.get("/medarbejdere/", {"page": page_param})
    assert response.status_code == 200
    assert page_of(response).select_one("a.current-page").text == shown_page


# --- the person page ---------------------------------------------------------------------------


def test_person_page_shows_who_they_are(client, org, employee):
    page = person_page(client, employee.person)
    assert page.select_one("main h1").text == "Mette Jensen"
    assert "Social- og sundhedsassistent" in page.select_one(".profile-head").text
    avatar = page.select_one(".profile-head .avatar-initials")
    assert avatar.text == "MJ"
    assert not page.select(".profile-head img")
    crumbs = page.select_one("nav.breadcrumbs")
    assert crumbs.hrefs() == ["/", "/medarbejdere/"]


def test_person_page_shows_units_and_roles(client, org, employee):
    MembershipFactory(person=employee.person, unit=org.team, role=Role.KOORDINATOR, job_title="Nøgleperson")
    MembershipFactory(person=employee.person, unit=UnitFactory(name="Lukket Enhed", is_active=False))
    units = person_page(client, employee.person).select_one("section[aria-labelledby=units]")
    items = {item.select_one("a").text: item for item in units.select("li")}
    assert list(items) == ["Hjemmeplejen Syd", "Team Haslev"]  # primary first; inactive units left out
    assert items["Hjemmeplejen Syd"].select_one("a").attrs["href"] == org.afdeling.get_absolute_url()
    assert da("Employee") in items["Hjemmeplejen Syd"].text
    assert da("primary unit") in items["Hjemmeplejen Syd"].text
    assert da("Coordinator") in items["Team Haslev"].text
    assert "Nøgleperson" in items["Team Haslev"].text


def test_leader_role_is_shown(client, org, leader):
    units = person_page(client, leader.person).select_one("section[aria-labelledby=units]")
    assert da("Leader") in units.text


def test_person_page_links_expertise_to_topic_pages(client, org, employee):
    expertise = person_page(client, employee.person).select_one("section[aria-labelledby=expertise]")
    links = {link.text: link.attrs["href"] for link in expertise.select("a.tag-link")}
    assert links == {"ældrepleje": "/emner/aeldrepleje/", "borgerinddragelse": "/emner/borgerinddragelse/"}


def test_person_page_contact_links(client, org, employee):
    aside = person_page(client, employee.person).select_one("aside")
    details = aside.select_one("dl.contact-list")
    assert details.select_one("a[href='mailto:mette.jensen@faxekommune.dk']").text == "mette.jensen@faxekommune.dk"
    assert details.select_one("a[href='tel:20304050']").text == "20 30 40 50"
    assert details.select_one("a[href='tel:+4561626364']").text == "+45 61 62 63 64"


def test_person_page_puts_call_mail_and_chat_first(client, org, employee):
    """On a phone the contact box comes right after the name (it is first in the page's order);
    the Teams chat link is built from the e-mail address."""
    page = person_page(client, employee.person)
    article = page.select_one("article.profile")
    first = next(e for e in article.elements() if e.tag in ("aside", "section"))
    assert first.tag == "aside", "contact comes before the other sections"
    actions = first.select_one("ul.reach-actions")
    hrefs = actions.hrefs()
    assert hrefs == [
        "tel:+4561626364",
        "mailto:mette.jensen@faxekommune.dk",
        "https://teams.microsoft.com/l/chat/0/0?users=mette.jensen@faxekommune.dk",
    ]
    assert [link.text.split()[0] for link in actions.select("a")] == [da("Call"), da("Mail"), da("Chat")]


def test_the_teams_chat_can_be_switched_off(client, org, employee, settings):
    settings.TEAMS_CHAT = False
    page = person_page(client, employee.person)
    assert not [href for href in page.hrefs() if "teams.microsoft.com" in href]
    assert "mailto:mette.jensen@faxekommune.dk" in page.select_one("ul.reach-actions").hrefs()


def test_person_page_names_centre_unit_nearest_leader_and_colleagues(client, org, employee, leader):
    colleague = PersonFactory(first_name="Ib", last_name="Isaksen", title="Sygeplejerske")
    MembershipFactory(person=colleague, unit=org.afdeling)
    MembershipFactory(person=PersonFactory(first_name="Gone", last_name="Away", is_active=False), unit=org.afdeling)
    page = person_page(client, employee.person)
    details = page.select_one("aside dl.contact-list")
    values = dict(zip(details.texts("dt"), [dd.text.strip() for dd in details.select("dd")], strict=True))
    assert values[da("Centre")] == "Center for Sundhed & Ældre"
    assert values[da("Unit")] == "Hjemmeplejen Syd"
    assert values[da("Nearest leader", "Nearest leaders", 1)] == "Lars Holm"
    assert leader.person.get_absolute_url() in details.hrefs()
    colleagues = page.select_one("section[aria-labelledby=colleagues]")
    assert da("Colleagues in %(name)s") % {"name": "Hjemmeplejen Syd"} in colleagues.select_one("h2").text
    assert colleagues.texts("li a") == ["Lars Holm", "Ib Isaksen"]


def test_a_leaders_nearest_leader_is_the_one_above(client, org, leader):
    centre_chief = PersonFactory(first_name="Carla", last_name="Chef")
    MembershipFactory(person=centre_chief, unit=org.centre, role=Role.LEDER)
    details = person_page(client, leader.person).select_one("aside dl.contact-list")
    leaders = details.select("dd")[-1]
    assert "Carla Chef" in leaders.text and "Center for Sundhed & Ældre" in leaders.text
    assert "Lars Holm" not in leaders.text


def test_person_page_shows_the_try_outs_they_are_contact_for(client, org, employee):
    org.tryouts.idea.contacts.add(employee.person)
    tryouts = person_page(client, employee.person).select_one("section[aria-labelledby=person-tryouts]")
    assert sorted(tryouts.texts("li.tryout-card h3 a")) == ["Digital vagtplan", "Morgenmad med borgerne"]
    assert org.tryouts.owned.get_absolute_url() in tryouts.hrefs()
    assert "Borgerperspektivet" in tryouts.text  # the track


def test_person_page_of_someone_with_little_registered(client, org):
    person = PersonFactory(first_name="Nanna", last_name="Ny", title="", email="", phone="")
    page = person_page(client, person)
    assert da("Not registered in any unit.") in page.select_one("section[aria-labelledby=units]").text
    assert da("No expertise registered yet.") in page.select_one("section[aria-labelledby=expertise]").text
    assert da("Not a contact for any try-out.") in page.select_one("section[aria-labelledby=person-tryouts]").text
    assert not [href for href in page.hrefs("aside a") if href.startswith(("mailto:", "tel:"))]


def test_person_page_shows_ask_me_about_and_about(client, org):
    person = PersonFactory(ask_me_about="Demensvenlige boliger", about="Jeg har arbejdet her i 20 år.")
    page = person_page(client, person)
    assert "Demensvenlige boliger" in page.select_one("section[aria-labelledby=ask]").text
    assert "Jeg har arbejdet her i 20 år." in page.select_one("section[aria-labelledby=about]").text


def test_unknown_person_is_not_found(client):
    assert client.get("/medarbejdere/999999/").status_code == 404


def test_person_address_that_is_not_a_number_is_not_found(client):
    assert client.get("/medarbejdere/abc/").status_code == 404


# --- queries per page --------------------------------------------------------------------------


def build_people_list(count):
    for number in range(count):
        person = PersonFactory(expertise=[f"emne {number}"])
        MembershipFactory(person=person, unit=UnitFactory())
        MembershipFactory(person=person, unit=UnitFactory(), is_primary=False)
    return "/medarbejdere/"


def build_person(count):
    """A person with `count` units, topics and try-outs, and colleagues sharing the topics."""
    topics = [f"emne {count}-{number}" for number in range(count)]
    person = PersonFactory(expertise=topics)
    for number, topic in enumerate(topics):
        MembershipFactory(person=person, unit=UnitFactory(), is_primary=number == 0)
        TryoutFactory(owner_unit=UnitFactory(), status=Status.I_GANG, contacts=[person])
        PersonFactory(expertise=[topic])
    return person.get_absolute_url()


@pytest.mark.parametrize(
    ("build", "expected"),
    # The profile: +3 for the workplace (the primary unit's chain, its leaders, the colleagues);
    # +1 the index generation, under which "Relaterede" is kept (search/cache.py; it reads the
    # colleagues with their shared topics in one statement, portal/related.py).
    [(build_people_list, 10), (build_person, 11)],
    ids=["people-list", "person"],
)
def test_people_pages_queries_do_not_grow(bare_client, django_assert_num_queries, build, expected):
    assert_queries_do_not_grow(bare_client, build, expected, django_assert_num_queries)


def test_people_list_filtered_queries_do_not_grow(bare_client, org):
    url = f"/medarbejdere/?centre={org.centre.slug}&topic=faelles"
    MembershipFactory(person=PersonFactory(expertise=["fælles"]), unit=org.team)
    small = count_queries(bare_client, url)
    for _number in range(49):
        MembershipFactory(person=PersonFactory(expertise=["fælles"]), unit=org.team)
    assert count_queries(bare_client, url) == small


# --- the model ---------------------------------------------------------------------------------


def test_people_are_ordered_danish_by_default():
    make_danish_names()
    assert [person.full_name for person in Person.objects.all()] == DANISH_ORDER


def test_sort_order_follows_a_change_of_name():
    people = make_danish_names()
    aagaard = next(person for person in people if person.last_name == "Aagaard")
    aagaard.last_name = "Abildgaard"
    aagaard.save()
    assert [person.last_name for person in Person.objects.all()][:2] == ["Abildgaard", "Andersen"]


def test_names_and_initials():
    person = PersonFactory(first_name="Åse", last_name="Ørnsholt")
    assert person.full_name == "Åse Ørnsholt"
    assert person.initials == "ÅØ"
    assert str(person) == "Åse Ørnsholt"


def test_related_colleagues_are_in_other_centres_ranked_by_shared_expertise(client):
    """A profile's "Relaterede": active people in other centres, most shared expertise first,
    each with the shared topics by name; colleagues in the person's own centre and leavers are
    left out, and a person's centre is that of their primary unit."""
    own_centre, other_centre = CentreFactory(name="Center for Dagtilbud"), CentreFactory(name="Center for Skole")
    person = MembershipFactory(unit=UnitFactory(parent=own_centre)).person
    person.expertise.add("sprogvurdering", "forældresamarbejde", "overgange")
    school = UnitFactory(name="Karise Skole", parent=other_centre)

    def colleague(name, topics, unit=school, **fields):
        first, last = name.split()
        found = PersonFactory(first_name=first, last_name=last, expertise=topics, **fields)
        MembershipFactory(person=found, unit=unit)
        return found

    colleague("Sofie Holm", ["sprogvurdering"])
    colleague("Anders Berg", ["overgange", "sprogvurdering"])
    colleague("Bente Juul", ["forældresamarbejde"])
    colleague("Carl Friis", ["sprogvurdering", "overgange", "forældresamarbejde"], is_active=False)
    colleague("Dorthe Lund", ["sprogvurdering", "overgange"], unit=UnitFactory(parent=own_centre))
    # Primary in the person's own centre, and also in a unit of the other one: left out.
    both = colleague("Eva Krogh", ["overgange"], unit=UnitFactory(parent=own_centre))
    MembershipFactory(person=both, unit=school, is_primary=False)

    items = page_of(client.get(person.get_absolute_url())).select("main .related-list li")
    reasons = {item.select_one("a").text: item.select_one(".related-reason").text for item in items}
    assert reasons == {
        "Anders Berg": "2 fælles emner: overgange, sprogvurdering",
        "Bente Juul": "1 fælles emne: forældresamarbejde",
        "Sofie Holm": "1 fælles emne: sprogvurdering",
    }
    assert list(reasons) == ["Anders Berg", "Bente Juul", "Sofie Holm"]
