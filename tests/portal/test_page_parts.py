"""The visitkort's and the profile's parts kept per index generation (search/templatetags/generation.py):
a reader never sees a page from before an edit, and what belongs to one reader (edit links, the follow
button, CSRF tokens, messages) is never shown to another.

Every test first reads the page twice, so that its parts are kept (the second visit makes fewer
queries), then edits the way the app does (a model save, a service) and reads the page again. The
search index is live here (no `without_search_index`): its writes are what bump the generation.
"""

import re

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.utils import timezone
from taggit.models import Tag

from people.freshness import confirm_profile
from people.models import Role
from tests.conftest import da, date_da, days_ago, make_user_with_person, page_of, queries
from tests.factories import (
    CollaborationFactory,
    MembershipFactory,
    PersonFactory,
    SuggestionFactory,
    TryoutFactory,
    UnitFactory,
    UnitTaskFactory,
)
from units.freshness import confirm_visitkort
from vocabulary.models import Aspect, FocusAnswer, FocusArea, Strategy, Subject, SubjectKind, UnitSubject

pytestmark = pytest.mark.django_db


def kept(client, url):
    """Read `url` until its parts are kept: the second visit is served from them."""
    caches["search"].clear()
    first, _response = queries(client, url)
    again, response = queries(client, url)
    assert again < first, f"{url}: {first} queries, then {again}: the parts are not kept"
    return response


def text_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(page_of(response).select_one("main").text.split())


def shows_at_once(client, url, edit, expected=(), gone=()):
    kept(client, url)
    before = text_of(client, url)
    for text in gone:
        assert text in before
    edit()
    after = text_of(client, url)
    for text in expected:
        assert text in after, f"{text!r} not on {url} after the edit"
    for text in gone:
        assert text not in after, f"{text!r} still on {url} after the edit"


# --- the visitkort: every kind of edit it shows ----------------------------------------------


@pytest.fixture
def card(org):
    return org.afdeling.get_absolute_url()


def save(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()


def test_the_units_own_text_and_name(client, org, card):
    shows_at_once(client, card, lambda: save(org.afdeling, about="Vi cykler ud til borgerne."), ["Vi cykler ud"])
    shows_at_once(client, card, lambda: save(org.afdeling, name="Hjemmeplejen Sydøst"), ["Hjemmeplejen Sydøst"])


def test_the_centre_and_the_parent_above_it(client, org, card):
    shows_at_once(client, card, lambda: save(org.centre, name="Center for Ældre"), ["Center for Ældre"])


def test_a_confirmation_of_the_card(client, org, card, leader):
    org.afdeling.last_confirmed_at = timezone.now() - timezone.timedelta(days=40)
    org.afdeling.save()
    today = date_da(timezone.localdate())
    shows_at_once(client, card, lambda: confirm_visitkort(org.afdeling, leader), [today])


def test_tasks_added_ended_and_removed(client, org, card):
    shows_at_once(client, card, lambda: UnitTaskFactory(unit=org.afdeling, title="Vaccinationer"), ["Vaccinationer"])
    shows_at_once(client, card, lambda: save(org.tasks.ongoing, ends_on=days_ago(1)), gone=["Sommerbemanding"])
    shows_at_once(client, card, lambda: org.tasks.ending_soon.delete(), gone=["Ny vagtplan"])


def test_members_joining_renamed_leaving_and_becoming_leader(client, org, card, employee):
    newcomer = PersonFactory(first_name="Yrsa", last_name="Østergaard")
    shows_at_once(client, card, lambda: MembershipFactory(unit=org.afdeling, person=newcomer), ["Yrsa Østergaard"])
    shows_at_once(client, card, lambda: save(newcomer, first_name="Ylva"), ["Ylva Østergaard"], ["Yrsa Østergaard"])
    membership = newcomer.memberships.get()
    kept(client, card)
    save(membership, role=Role.LEDER)
    management = page_of(client.get(card)).texts("aside .contact-list ul a")
    assert "Ylva Østergaard" in management
    shows_at_once(client, card, lambda: save(newcomer, is_active=False), gone=["Ylva Østergaard"])


def test_try_outs_added_renamed_and_joined(client, org, card):
    shows_at_once(client, card, lambda: TryoutFactory(owner_unit=org.afdeling, title="Gå-hold"), ["Gå-hold"])
    owned = org.tryouts.owned
    shows_at_once(client, card, lambda: save(owned, title="Aftensmad med borgerne"), ["Aftensmad med borgerne"])
    elsewhere = TryoutFactory(owner_unit=org.school, title="Læsevenner")
    shows_at_once(client, card, lambda: elsewhere.units.add(org.afdeling), ["Læsevenner"])


def test_collaborations_added_changed_and_removed(client, org, card):
    partner = UnitFactory(name="Genoptræningen")
    shows_at_once(
        client, card, lambda: CollaborationFactory(from_unit=org.afdeling, to_unit=partner), ["Genoptræningen"]
    )
    outgoing = org.collaborations.outgoing
    shows_at_once(client, card, lambda: save(outgoing, description="Juleklip"), ["Juleklip"], ["Besøg af skoleklasser"])
    shows_at_once(client, card, lambda: org.collaborations.incoming.delete(), gone=["Fælles pårørendecafé"])


def test_topics_added_and_renamed(client, org, card):
    shows_at_once(client, card, lambda: org.afdeling.tags.add("demensvenlig"), ["demensvenlig"])
    tag = Tag.objects.get(name="velfærdsteknologi")
    shows_at_once(client, card, lambda: save(tag, name="velfærdsteknik"), ["velfærdsteknik"], ["velfærdsteknologi"])


def test_kle_tasks_added_and_their_titles(client, org, card):
    subject = Subject.objects.create(
        number="27.98.01", title="Hjemmehjælp i eget hjem", kind=SubjectKind.SUBJECT, level=3
    )
    shows_at_once(
        client,
        card,
        lambda: UnitSubject.objects.create(unit=org.afdeling, subject=subject, aspect=Aspect.UDFOERENDE),
        ["Hjemmehjælp i eget hjem"],
    )
    shows_at_once(client, card, lambda: save(subject, title="Praktisk hjælp"), ["Praktisk hjælp"])


def test_the_strategy_answers_and_what_they_link(client, org, card):
    strategy = Strategy.objects.create(name="Udviklingsstrategi", slug="udvikling")
    area = FocusArea.objects.create(strategy=strategy, title="Nærvær", slug="naervaer")
    answer = FocusAnswer.objects.create(unit=org.afdeling, focus_area=area, text="Vi tager os tid.")
    kept(client, card)
    assert "Vi tager os tid." in text_of(client, card)
    shows_at_once(client, card, lambda: save(answer, text="Vi lytter først."), ["Vi lytter først."])
    task = UnitTaskFactory(unit=org.afdeling, title="Lyttekursus", starts_on=days_ago(400), ends_on=days_ago(300))
    shows_at_once(client, card, lambda: answer.tasks.add(task), ["Lyttekursus"])
    shows_at_once(client, card, lambda: save(area, title="Nærvær og tid"), ["Nærvær og tid"])
    shows_at_once(client, card, lambda: save(strategy, name="Strategi 2030"), ["Strategi 2030"])


def test_sub_units_opened_and_closed(client, org, card):
    shows_at_once(client, card, lambda: UnitFactory(parent=org.afdeling, name="Team Rønnede"), ["Team Rønnede"])
    shows_at_once(client, card, lambda: save(org.team, is_active=False), gone=["Team Haslev"])


# --- the profile --------------------------------------------------------------------------------


@pytest.fixture
def profile(employee):
    return employee.person.get_absolute_url()


def test_the_persons_own_fields_and_expertise(client, employee, profile):
    person = employee.person
    shows_at_once(client, profile, lambda: save(person, title="Sygeplejerske"), ["Sygeplejerske"])
    shows_at_once(client, profile, lambda: save(person, ask_me_about="Forflytning"), ["Forflytning"])
    shows_at_once(client, profile, lambda: person.expertise.add("sårpleje"), ["sårpleje"])


def test_units_roles_colleagues_and_leaders(client, org, employee, profile):
    person = employee.person
    shows_at_once(client, profile, lambda: MembershipFactory(person=person, unit=org.school), ["Skolen ved Stranden"])
    shows_at_once(client, profile, lambda: save(org.school, name="Strandskolen"), ["Strandskolen"])
    colleague = PersonFactory(first_name="Karl", last_name="Kollega")
    shows_at_once(client, profile, lambda: MembershipFactory(person=colleague, unit=org.afdeling), ["Karl Kollega"])
    boss = PersonFactory(first_name="Birthe", last_name="Bestyrer")
    shows_at_once(
        client,
        profile,
        lambda: MembershipFactory(person=boss, unit=org.afdeling, role=Role.LEDER),
        ["Birthe Bestyrer"],
    )


def test_try_outs_the_person_is_contact_for(client, org, employee, profile):
    tryout = TryoutFactory(owner_unit=org.school, title="Sangkor")
    shows_at_once(client, profile, lambda: tryout.contacts.add(employee.person), ["Sangkor"])
    shows_at_once(client, profile, lambda: save(tryout, title="Sangkoret"), ["Sangkoret"])


def test_a_confirmed_profile_gives_a_new_generation(client, employee, profile):
    kept(client, profile)
    confirm_profile(employee.person)
    first_after, _response = queries(client, profile)
    again, _response = queries(client, profile)
    assert again < first_after


# --- what belongs to one reader -----------------------------------------------------------------


def test_edit_links_follow_the_reader_not_the_first_reader(client, leader_client, org, card):
    edit = da("Edit the visitkort")
    change_kle = da("Change the KLE tasks")
    kept(client, card)
    leader_page = text_of(leader_client, card)
    assert edit in leader_page and change_kle in leader_page
    assert edit not in text_of(client, card)
    # And the other way round: the leader's parts first.
    org.afdeling.save()  # a new generation: nothing kept
    kept(leader_client, card)
    employee_page = text_of(client, card)
    assert edit not in employee_page and change_kle not in employee_page


def test_the_follow_button_is_each_readers_own(client, leader_client, org, card):
    follow, following = da("Follow"), da("Following")
    response = client.post(f"/foelg/unit/{org.afdeling.pk}/", {"next": card})
    assert response.status_code == 302
    kept(client, card)
    own = page_of(client.get(card)).texts("form.follow-form button")
    other = page_of(leader_client.get(card)).texts("form.follow-form button")
    assert own[0].startswith(following)
    assert other[0].startswith(follow) and not other[0].startswith(following)


def _csrf_tokens(response):
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())


def test_forms_carry_the_readers_own_csrf_token(org, employee, leader):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(employee)
    second.force_login(leader)
    card = org.afdeling.get_absolute_url()
    kept(first, card)
    response = second.get(card)
    tokens = _csrf_tokens(response)
    assert tokens, "the page has forms"
    assert not set(tokens) & set(_csrf_tokens(first.get(card)))
    # The leader's own token works for the leader's follow form (a stranger's would be refused).
    answer = second.post(f"/foelg/unit/{org.afdeling.pk}/", {"csrfmiddlewaretoken": tokens[0], "next": card})
    assert answer.status_code == 302


def test_messages_go_to_their_reader_only(client, leader_client, org, card):
    thanks = da("Thank you. The visitkort is marked as current.")
    kept(client, card)
    response = leader_client.post(f"{card}bekraeft/", follow=True)
    assert thanks in response.content.decode()
    assert thanks not in client.get(card).content.decode()
    assert thanks not in leader_client.get(card).content.decode()  # shown once


def test_own_profile_edit_link_is_never_shown_on_anothers_visit(client, leader_client, employee, profile):
    edit = da("Edit your profile")
    kept(client, profile)
    assert edit in text_of(client, profile)
    assert edit not in text_of(leader_client, profile)


def test_a_third_reader_sees_the_page_without_the_others_suggestions(client, employee, org, card):
    SuggestionFactory(author=employee, target=org.afdeling, text="Tilføj åbningstider i weekenden.")
    kept(client, card)
    assert "Tilføj åbningstider i weekenden." in text_of(client, card)
    other = Client()
    other.force_login(make_user_with_person("kollega", org.school, Role.MEDARBEJDER))
    assert "Tilføj åbningstider i weekenden." not in text_of(other, card)


def test_a_kept_visitkort_costs_a_reader_few_queries(client, org, card, django_assert_num_queries):
    kept(client, card)
    # Session, user, generation, the unit; whether they follow it, may start a try-out for it, and
    # their own suggestions waiting: the editor check is answered by `edits_nothing`, kept too.
    with django_assert_num_queries(7):
        client.get(card)


def test_a_new_leader_may_edit_at_once_though_edits_nothing_was_kept(org, card, employee):
    browser = Client()
    browser.force_login(employee)
    edit = da("Edit the visitkort")
    kept(browser, card)
    assert edit not in text_of(browser, card)
    membership = employee.person.memberships.get(unit=org.afdeling)
    membership.role = Role.LEDER
    membership.save()
    assert edit in text_of(browser, card)
    assert browser.get(f"{card}rediger/").status_code == 200


def test_a_new_delegated_editor_may_edit_at_once(org, card, employee, leader_client):
    browser = Client()
    browser.force_login(employee)
    kept(browser, card)
    assert leader_client.post(f"{card}redaktoerer/", {"name": "mette.jensen@faxekommune.dk"}).status_code == 302
    assert da("Edit the visitkort") in text_of(browser, card)


# --- the header, menu and footer around every page (base.html's `per_process` parts) -------------


def test_the_page_around_the_content_keeps_each_requests_own_values(org, employee, leader):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(employee)
    second.force_login(leader)
    first.get("/soeg/?q=skole")  # the header and footer parts are kept from here on
    page = page_of(second.get("/soeg/?q=hjemmepleje"))
    assert page.select_one("#header-search").attrs["value"] == "hjemmepleje"
    assert page.select_one(".language-form input[name=next]").attrs["value"] == "/soeg/?q=hjemmepleje"
    tokens = set(_csrf_tokens(second.get("/enheder/")))
    assert len(tokens) == 1, "the log-out and language forms carry the reader's token"
    assert not tokens & set(_csrf_tokens(first.get("/enheder/")))
    # The main menu marks the page's own section, on a page kept before for another section.
    current = page_of(second.get("/enheder/")).select(".navigation-menu [aria-current=page]")
    assert [link.text.strip() for link in current] == [da("Units")]
    assert not page_of(second.get("/soeg/?q=skole")).select(".navigation-menu [aria-current=page]")


def test_the_page_around_the_content_follows_the_readers_language(client, leader_client):
    client.get("/enheder/")
    leader_client.post("/sprog/", {"language": "en", "next": "/"})
    page = page_of(leader_client.get("/enheder/"))
    assert page.select_one("#language-select option[selected]").attrs["value"] == "en"
    assert page.select_one(".navigation-menu [aria-current=page]").text.strip() == "Units"
    page = page_of(client.get("/enheder/"))
    assert page.select_one("#language-select option[selected]").attrs["value"] == "da"
    assert page.select_one(".navigation-menu [aria-current=page]").text.strip() == da("Units")


def test_the_error_page_leaves_the_page_around_the_content_whole(client, rf):
    from django.views.defaults import server_error

    server_error(rf.get("/"))  # rendered from an empty context: no municipality name, no menu
    page = page_of(client.get("/enheder/"))
    assert settings.MUNICIPALITY_NAME in page.select_one("header .site-heading").text
    assert settings.MUNICIPALITY_NAME in page.select_one("footer").text


def test_the_empty_suggestion_field_is_rendered_once_and_each_form_keeps_its_reader(org, card, employee, leader):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(employee)
    second.force_login(leader)
    first.get(card)
    response = second.get(card)
    # Kept from the first reader's page (the form's inclusion tag has its own context).
    assert "_partials/form_field.html" not in [t.name for t in response.templates]
    form = page_of(response).select_one("form.suggestion-form")
    field = form.select_one("textarea[name=suggestion-text]")
    assert form.select_one(f"label[for={field.attrs['id']}]").text.strip() == da("Your suggestion")
    assert set(_csrf_tokens(response)).isdisjoint(_csrf_tokens(first.get(card)))
    sent = second.post(
        f"{card}forslag/",
        {"suggestion-text": "Telefontiden er ændret", "csrfmiddlewaretoken": _csrf_tokens(response)[0]},
    )
    assert sent.status_code == 302
