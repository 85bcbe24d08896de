"""Mine sider as an employee and as a leader: my profile and its completeness, the visitkort I edit,
suggestions waiting for me, my own suggestions and their outcomes, in a constant number of queries."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from people.models import Role
from tests.conftest import assert_queries_do_not_grow, da, make_user_with_person, page_of
from tests.factories import MembershipFactory, PersonFactory, SuggestionFactory, TryoutFactory, UnitFactory
from units.models import SuggestionStatus, Unit, UnitKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_search_index")]


def section(response, name):
    return page_of(response).select_one(f"section[aria-labelledby={name}]")


# --- my profile ----------------------------------------------------------------------------------


def test_my_profile_shows_its_completeness_and_what_to_add(client, employee):
    profile = section(client.get("/mine/"), "my-profile")
    # Mette has a title, expertise and phone numbers; about, ask me about, photo, location, languages are missing.
    assert profile.select_one(".profile-upkeep p strong").text == da("%(percent)s %% filled in") % {"percent": 38}
    assert da("Tell colleagues a little about yourself") in profile.texts("ul.completeness-hints li")
    assert reverse("people:edit", kwargs={"pk": employee.person.pk}) in profile.hrefs()
    assert profile.select_one("form").attrs["action"] == reverse("confirm_profile")


def test_a_never_confirmed_profile_asks_to_be_confirmed(client, employee):
    profile = section(client.get("/mine/"), "my-profile")
    assert da("Your profile has never been confirmed.") in profile.text
    client.post(reverse("confirm_profile"))
    profile = section(client.get("/mine/"), "my-profile")
    assert da("Your profile has never been confirmed.") not in profile.text
    assert not profile.select(".status-stale")


def test_the_page_offers_my_data(client):
    assert page_of(client.get("/mine/")).select_one("section[aria-labelledby=my-data]")


# --- the visitkort I edit ------------------------------------------------------------------------


def test_an_employee_who_edits_nothing_is_told_so(client):
    response = client.get("/mine/")
    kept = section(response, "kept-units")
    assert kept.select_one("p").text == da(
        "You do not edit any visitkort. A unit's leaders and the editors they appoint keep its visitkort; "
        "everyone can suggest additions and corrections."
    )
    assert not page_of(response).select("section[aria-labelledby=waiting-suggestions]")


def test_a_leader_sees_the_cards_they_edit_stalest_first(leader_client, org, employee):
    Unit.objects.filter(pk=org.team.pk).update(last_confirmed_at=timezone.now() - timedelta(days=400))
    SuggestionFactory(author=employee, target=org.afdeling)
    SuggestionFactory(author=employee, target=org.afdeling)
    SuggestionFactory(author=employee, target=org.afdeling, status=SuggestionStatus.DECLINED)
    kept = section(leader_client.get("/mine/"), "kept-units")
    items = kept.select("li.kept-unit")
    assert [item.select_one("h3 a").text for item in items] == ["Team Haslev", "Hjemmeplejen Syd"]
    team, afdeling = items
    assert team.select(".status-stale")
    assert not afdeling.select(".status-stale")
    assert "50 %" in team.text
    assert da("%(counter)s open suggestion", "%(counter)s open suggestions", 2) % {"counter": 2} in afdeling.text
    assert f"{org.afdeling.get_absolute_url()}#suggestions" in afdeling.hrefs()
    assert afdeling.select_one("form").attrs["action"] == reverse("units:confirm", kwargs={"slug": org.afdeling.slug})
    assert reverse("units:edit", kwargs={"slug": org.afdeling.slug}) in afdeling.hrefs()


def test_confirming_from_mine_comes_back_to_mine(leader_client, org):
    Unit.objects.filter(pk=org.team.pk).update(last_confirmed_at=None)
    form = section(leader_client.get("/mine/?page=1"), "kept-units").select_one("li.kept-unit form")
    data = {field.attrs["name"]: field.attrs.get("value", "") for field in form.select("input")}
    response = leader_client.post(form.attrs["action"], data)
    assert response["Location"] == "/mine/?page=1"
    org.team.refresh_from_db()
    assert org.team.last_confirmed_at is not None


def test_a_centre_leader_pages_through_many_cards(org):
    user = make_user_with_person("centerchef", org.centre, Role.LEDER)
    for number in range(30):
        UnitFactory(name=f"Team {number:02d}", parent=org.centre, kind=UnitKind.TEAM)
    browser = Client()
    browser.force_login(user)
    first = section(browser.get("/mine/"), "kept-units")
    assert len(first.select("li.kept-unit")) == 25
    assert first.select_one("nav.pagination")
    second = section(browser.get("/mine/?page=2"), "kept-units")
    # The centre, Hjemmeplejen Syd, Team Haslev and the 30 new teams.
    assert len(second.select("li.kept-unit")) == 33 - 25
    assert section(browser.get("/mine/?page=abc"), "kept-units").select("li.kept-unit")


# --- suggestions ---------------------------------------------------------------------------------


def test_suggestions_waiting_for_a_leader_are_listed_with_their_cards(leader_client, org, employee):
    SuggestionFactory(author=employee, target=org.afdeling, text="Ny adresse.")
    tryout_suggestion = SuggestionFactory(author=employee, target=org.tryouts.owned, text="Nævn madklubben.")
    SuggestionFactory(author=employee, target=org.school, text="Ikke din enhed.")
    SuggestionFactory(author=employee, target=org.team, text="Allerede besvaret.", status=SuggestionStatus.ACCEPTED)
    waiting = section(leader_client.get("/mine/"), "waiting-suggestions")
    assert waiting.texts("li.waiting-suggestion blockquote") == ["Ny adresse.", "Nævn madklubben."]
    assert org.tryouts.owned.get_absolute_url() in waiting.hrefs()
    assert reverse("units:suggestion", kwargs={"pk": tryout_suggestion.pk}) in waiting.hrefs()


def test_a_leader_without_waiting_suggestions_is_told_so(leader_client):
    waiting = section(leader_client.get("/mine/"), "waiting-suggestions")
    assert waiting.select_one("p").text == da("No suggestions are waiting for you.")


def test_my_suggestions_show_their_outcome_and_reply(client, leader, org, employee):
    SuggestionFactory(author=employee, target=org.afdeling, text="Åben")
    SuggestionFactory(
        author=employee,
        target=org.tryouts.owned,
        text="Afvist",
        status=SuggestionStatus.DECLINED,
        reply="Det har vi allerede.",
        resolver=leader,
        resolved_at=timezone.now(),
    )
    mine = section(client.get("/mine/"), "my-suggestions")
    items = {item.select_one("blockquote").text: item for item in mine.select("li.my-suggestion")}
    assert set(items) == {"Åben", "Afvist"}
    assert da("Open") in items["Åben"].text
    assert da("Declined") in items["Afvist"].text
    assert "Det har vi allerede." in items["Afvist"].text
    assert "Lars Holm" in items["Afvist"].text
    assert org.tryouts.owned.get_absolute_url() in items["Afvist"].hrefs()


def test_someone_who_wrote_no_suggestions_is_told_how(client):
    mine = section(client.get("/mine/"), "my-suggestions")
    assert mine.select_one("p").text == da(
        "You have not written any suggestions yet. "
        "You can suggest an addition or correction on any visitkort or try-out."
    )


def test_other_peoples_suggestions_are_not_mine(client, org, leader):
    SuggestionFactory(author=leader, target=org.afdeling, text="Lars' forslag")
    assert "Lars' forslag" not in section(client.get("/mine/"), "my-suggestions").text


# --- queries -------------------------------------------------------------------------------------


def build_mine_for_a_leader(count):
    """A leader of a centre with `count` units below it, each with open suggestions and a try-out
    with one, and `count` suggestions of their own, answered."""
    leader = make_user_with_person(f"chef{count}", UnitFactory(kind=UnitKind.CENTER), Role.LEDER)
    centre = leader.person.memberships.get().unit
    leader.person.expertise.add(*[f"emne {n}" for n in range(count)])
    for number in range(count):
        unit = UnitFactory(parent=centre, tags=[f"emne {number}"])
        MembershipFactory(person=leader.person, unit=unit, is_primary=False)
        author = make_user_with_person(f"forfatter{count}-{number}", unit, Role.MEDARBEJDER)
        SuggestionFactory(author=author, target=unit)
        SuggestionFactory(author=author, target=TryoutFactory(owner_unit=unit))
        SuggestionFactory(
            author=leader,
            target=UnitFactory(),
            status=SuggestionStatus.DECLINED,
            resolver=author,
            resolved_at=timezone.now(),
            reply="Nej tak",
        )
    PersonFactory()
    return leader


@pytest.fixture
def leader_browser():
    browser = Client()

    def build(count):
        browser.force_login(build_mine_for_a_leader(count))
        return "/mine/"

    return browser, build


# Session and user; my person, its memberships and expertise, the list of my memberships; the units
# I edit: count, page, their topics; suggestions waiting for me: count, page, their units, their
# try-outs; my own suggestions and their units (try-outs too when there are any); what I follow and
# my digest setting; whether I lead a unit (the link to /indsigt/).
MINE_QUERIES = 18


def test_mine_queries_do_not_grow(leader_browser, django_assert_num_queries):
    browser, build = leader_browser
    assert_queries_do_not_grow(browser, build, MINE_QUERIES, django_assert_num_queries, many=30)
