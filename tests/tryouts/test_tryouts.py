"""Prøvehandlinger: the filterable list and the page of one try-out."""

import pytest
from django.utils import timezone

from tests.conftest import assert_queries_do_not_grow, count_queries, da, date_da, days_ago, page_of
from tests.factories import PersonFactory, TrackFactory, TryoutFactory, UnitFactory
from tryouts.models import PartnerKind, Status, Track, Tryout

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_search_index")]


def listed_tryouts(response):
    assert response.status_code == 200
    return page_of(response).texts("section[aria-labelledby=list-heading] li.tryout-card h3 a")


def tryout_page(client, tryout):
    response = client.get(tryout.get_absolute_url())
    assert response.status_code == 200
    return page_of(response)


def facts(page):
    """The facts box as {term: definition element}."""
    box = page.select_one("aside dl.contact-list")
    terms = box.select("dt")
    definitions = box.select("dd")
    assert len(terms) == len(definitions)
    return {term.text: definition for term, definition in zip(terms, definitions, strict=True)}


# --- the list ----------------------------------------------------------------------------------


def test_try_outs_are_listed_most_recently_updated_first(client, org):
    now = timezone.now()
    order = [org.tryouts.idea, org.tryouts.owned, org.tryouts.participating]
    for age, tryout in enumerate(order):
        Tryout.objects.filter(pk=tryout.pk).update(updated_at=now - timezone.timedelta(days=age))
    assert listed_tryouts(client.get("/proevehandlinger/")) == [tryout.title for tryout in order]


def test_try_out_card_shows_status_track_summary_and_owner(client, org):
    page = page_of(client.get("/proevehandlinger/"))
    card = next(c for c in page.select("li.tryout-card") if c.select_one("h3 a").text == "Morgenmad med borgerne")
    assert card.select_one("h3 a").attrs["href"] == "/proevehandlinger/morgenmad-med-borgerne/"
    assert card.select_one(".badge").text == da("In progress")
    assert "Borgerperspektivet" in card.text
    assert "Hjemmeplejen Syd" in card.text
    assert org.tryouts.owned.summary.split()[0] in card.text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "i_gang"}, ["Morgenmad med borgerne"]),
        ({"status": "afsluttet"}, ["Frivillige i skolegården"]),
        ({"status": "ide"}, ["Digital vagtplan"]),
        ({"status": "stoppet"}, []),
        ({"track": "styring"}, ["Digital vagtplan"]),
        ({"track": "borgerperspektivet"}, ["Morgenmad med borgerne"]),
        ({"unit": "hjemmeplejen-syd"}, ["Frivillige i skolegården", "Morgenmad med borgerne"]),  # owner or taking part
        ({"unit": "skolen-ved-stranden"}, ["Frivillige i skolegården"]),
        ({"unit": "team-haslev"}, ["Digital vagtplan"]),
        ({"topic": "aeldrepleje"}, ["Morgenmad med borgerne"]),
        ({"topic": "trivsel"}, ["Frivillige i skolegården"]),
        ({"unit": "hjemmeplejen-syd", "status": "afsluttet"}, ["Frivillige i skolegården"]),
        (
            {"unit": "hjemmeplejen-syd", "topic": "aeldrepleje", "track": "borgerperspektivet"},
            ["Morgenmad med borgerne"],
        ),
        ({"unit": "hjemmeplejen-syd", "track": "styring"}, []),
    ],
)
def test_try_out_list_filters(client, org, params, expected):
    response = client.get("/proevehandlinger/", params)
    assert sorted(listed_tryouts(response)) == expected
    if not expected:
        assert da("No try-outs match the filters.") in page_of(response).select_one("main").text


def test_unit_filter_names_the_unit(client, org):
    page = page_of(client.get("/proevehandlinger/", {"unit": org.afdeling.slug}))
    assert "Hjemmeplejen Syd" in page.select_one("p.active-filter").text
    assert page.select_one("form.filter-form input[name=unit]").attrs["value"] == org.afdeling.slug


def test_try_out_owned_and_shared_by_a_unit_is_listed_once(client, org):
    org.tryouts.owned.units.add(org.afdeling, org.team)
    assert (
        listed_tryouts(client.get("/proevehandlinger/", {"unit": org.afdeling.slug})).count("Morgenmad med borgerne")
        == 1
    )


def test_track_filter_offers_the_strategic_tracks(client, org):
    options = page_of(client.get("/proevehandlinger/")).select("select[name=track] option")
    assert [option.attrs["value"] for option in options] == [
        "",
        "arbejdspladskulturen",
        "borgerperspektivet",
        "styring",
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"status": "slut"},
        {"track": "findes-ikke"},
        {"unit": "findes-ikke"},
        {"topic": "findes-ikke"},
        {"status": ["ide", "i_gang"]},
        {"unit": "nul\x00tegn"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
    ],
)
def test_try_out_list_survives_unknown_filter_values(client, org, params):
    assert client.get("/proevehandlinger/", params).status_code == 200


def test_try_out_list_has_25_per_page(client, org):
    for _number in range(28):
        TryoutFactory(owner_unit=org.team, status=Status.STOPPET)
    first = page_of(client.get("/proevehandlinger/", {"status": "stoppet"}))
    assert len(first.select("li.tryout-card")) == 25
    assert first.select_one("a.button-next").attrs["href"] == "?status=stoppet&page=2"
    last = page_of(client.get("/proevehandlinger/", {"status": "stoppet", "page": "99999"}))
    assert len(last.select("li.tryout-card")) == 3


# --- the page of one try-out -------------------------------------------------------------------


def test_try_out_page_tells_the_whole_story(client, org, employee):
    tryout = org.tryouts.owned
    page = tryout_page(client, tryout)
    assert page.select_one("main h1").text == "Morgenmad med borgerne"
    assert tryout.summary in page.select_one("p.font-lead").text
    sections = {
        "challenge": "Borgerne spiser for lidt om morgenen.",
        "approach": "Vi spiser morgenmad sammen med dem.",
        "learnings": "Fællesskab giver appetit.",
        "outcome": "Flere borgere spiser morgenmad.",
        "next": "Vi udbreder det til Team Haslev.",
    }
    for labelled_by, text in sections.items():
        assert text in page.select_one(f"section[aria-labelledby={labelled_by}]").text, labelled_by
    assert page.select_one("article .badge").text == da("In progress")
    assert "Borgerperspektivet" in page.select_one("article p.mb-1").text


def test_try_out_page_facts(client, org, employee):
    tryout = org.tryouts.owned
    tryout.units.add(org.team)
    box = facts(tryout_page(client, tryout))
    assert box[da("Period")].text == da("Since %(start)s, ongoing") % {"start": date_da(tryout.started_on)}
    assert box[da("Owner unit")].hrefs() == [org.afdeling.get_absolute_url()]
    assert box[da("Participating units")].texts("a") == ["Team Haslev"]
    contacts = box[da("Contacts")]
    assert contacts.hrefs() == [employee.person.get_absolute_url(), "mailto:mette.jensen@faxekommune.dk"]
    assert box[da("Partners")].text == "Borgere, Frivillige. Faxe Madklub"


def test_try_out_page_shows_topics(client, org):
    aside = tryout_page(client, org.tryouts.owned).select_one("aside")
    assert aside.hrefs("a.tag-link") == ["/emner/aeldrepleje/"]


def test_finished_try_out_shows_its_period_and_status(client, org):
    tryout = org.tryouts.participating
    page = tryout_page(client, tryout)
    assert page.select_one("article .badge").text == da("Completed")
    period = da("%(start)s to %(end)s") % {"start": date_da(tryout.started_on), "end": date_da(tryout.ended_on)}
    assert facts(page)[da("Period")].text == period
    assert facts(page)[da("Participating units")].texts("a") == ["Hjemmeplejen Syd"]


def test_idea_not_started_yet(client, org):
    page = tryout_page(client, org.tryouts.idea)
    assert page.select_one("article .badge").text == da("Idea")
    assert facts(page)[da("Period")].text == da("Not started yet")


def test_stopped_try_out_without_an_end_date_shows_when_it_started(client, org):
    tryout = TryoutFactory(owner_unit=org.team, status=Status.STOPPET, started_on=days_ago(40))
    page = tryout_page(client, tryout)
    assert page.select_one("article .badge").text == da("Stopped")
    assert facts(page)[da("Period")].text == da("Started %(start)s") % {"start": date_da(tryout.started_on)}


def test_try_out_page_leaves_out_inactive_contacts_and_units(leader_client, org, employee):
    # Seen by a colleague: a person who left is logged out at once.
    tryout = org.tryouts.owned
    tryout.units.add(org.team)
    employee.person.is_active = False
    employee.person.save()
    org.team.is_active = False
    org.team.save()
    box = facts(tryout_page(leader_client, tryout))
    assert da("Contacts") not in box
    assert da("Participating units") not in box


def test_partners_only_as_free_text_or_only_as_kinds(client, org):
    tryout = org.tryouts.owned
    tryout.partner_kinds.clear()
    assert facts(tryout_page(client, tryout))[da("Partners")].text == "Faxe Madklub"
    tryout.partners = ""
    tryout.save()
    tryout.partner_kinds.add(PartnerKind.objects.get(name="Andre kommuner"))
    assert facts(tryout_page(client, tryout))[da("Partners")].text == "Andre kommuner"


def test_unknown_try_out_is_not_found(client):
    assert client.get("/proevehandlinger/findes-ikke/").status_code == 404


def test_try_out_slug_is_danish_and_unique(org):
    first = TryoutFactory(title="Åbne døre på plejecentret", owner_unit=org.afdeling)
    second = TryoutFactory(title="Åbne døre på plejecentret", owner_unit=org.team)
    assert first.slug == "aabne-doere-paa-plejecentret"
    assert second.slug == "aabne-doere-paa-plejecentret-2"


def test_default_tracks_and_partner_kinds_exist(db):
    assert list(Track.objects.values_list("name", flat=True)) == [
        "Arbejdspladskulturen",
        "Borgerperspektivet",
        "Styring",
    ]
    assert PartnerKind.objects.filter(name__in=["Borgere", "Virksomheder", "Foreninger", "Andre kommuner"]).count() == 4


# --- queries per page --------------------------------------------------------------------------


def build_tryout_list(count):
    for number in range(count):
        tryout = TryoutFactory(owner_unit=UnitFactory(), track=TrackFactory(), tags=[f"emne {number}"])
        tryout.units.add(UnitFactory())
    return "/proevehandlinger/"


def build_tryout(count):
    """A try-out with `count` units, contacts, topics and partner kinds, and similar try-outs elsewhere."""
    tryout = TryoutFactory(owner_unit=UnitFactory(), started_on=days_ago(3))
    topics = [f"emne {count}-{number}" for number in range(count)]
    tryout.tags.add(*topics)
    tryout.units.add(*[UnitFactory() for _number in range(count)])
    tryout.contacts.add(*[PersonFactory() for _number in range(count)])
    tryout.partner_kinds.add(*[PartnerKind.objects.create(name=f"Partner {tryout.pk}-{n}") for n in range(count)])
    for topic in topics:
        TryoutFactory(owner_unit=UnitFactory(), tags=[topic])
    return tryout.get_absolute_url()


@pytest.mark.parametrize(
    ("build", "expected"),
    # The try-out: +1 asks whether the user may edit it (rules, cached for the request), +1 the
    # user's own suggestions waiting for an answer, +1 its KLE subjects, +1 whether they follow it,
    # +1 the index generation, under which "Relaterede" is kept (search/cache.py; it reads the
    # shared topics in one statement and the try-outs it shows in one query, portal/related.py).
    # The list: +1 asks whether the user has a unit to start a try-out for.
    [(build_tryout_list, 10), (build_tryout, 14)],
    ids=["tryout-list", "tryout"],
)
def test_try_out_pages_queries_do_not_grow(bare_client, django_assert_num_queries, build, expected):
    assert_queries_do_not_grow(bare_client, build, expected, django_assert_num_queries)


def test_try_out_list_filtered_by_unit_queries_do_not_grow(bare_client):
    unit = UnitFactory(name="Fælles Enhed")
    TryoutFactory(owner_unit=unit, tags=["fælles"])
    url = f"/proevehandlinger/?unit={unit.slug}&topic=faelles&status=i_gang"
    small = count_queries(bare_client, url)
    for _number in range(49):
        TryoutFactory(owner_unit=UnitFactory(), tags=["fælles"]).units.add(unit)
    assert count_queries(bare_client, url) == small


def test_related_tryouts_are_other_units_ranked_by_shared_topics(client):
    """A try-out's "Relaterede": try-outs of other units, most shared topics first, each with
    the shared topics by name; the owner's own other try-outs are left out."""
    owner, other = UnitFactory(name="Bibliotekerne"), UnitFactory(name="Ungdomsskolen")
    tryout = TryoutFactory(owner_unit=owner, tags=["læselyst", "frivillige", "unge"])
    TryoutFactory(title="Lektiecafé", owner_unit=other, tags=["frivillige", "unge"])
    TryoutFactory(title="Bogklub for drenge", owner_unit=other, tags=["læselyst"])
    TryoutFactory(title="Sommerbogen", owner_unit=owner, tags=["læselyst", "unge"])
    TryoutFactory(title="Madskole", owner_unit=other, tags=["mad"])

    items = page_of(client.get(tryout.get_absolute_url())).select("main .related-list li")
    reasons = {item.select_one("a").text: item.select_one(".related-reason").text for item in items}
    assert list(reasons) == ["Lektiecafé", "Bogklub for drenge"]
    assert reasons["Lektiecafé"] == "2 fælles emner: frivillige, unge"
    assert reasons["Bogklub for drenge"] == "1 fælles emne: læselyst"
