"""Keeping visitkort and profiles current: the confirm buttons, the "may be out of date" note, the
completeness score, and `send_freshness_reminders`.

Permission matrix for "Bekræft at visitkortet er aktuelt" (POST): the unit's leader, the leader of
the centre above and a delegated editor may (✓); an employee of the unit and a leader in another
centre get 403 (✗), also by a direct POST; anonymous visitors are sent to log in. Everyone confirms
only their own profile (the URL names no person).
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from people.models import Role
from tests.conftest import da, date_da, login_redirect, make_user_with_person, page_of
from tests.factories import MembershipFactory, PersonFactory, UnitFactory, UserFactory
from units.editors import EditorMap, contacts_of, editors_of
from units.models import FreshnessReminder, Unit, UnitEditor, UnitKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_search_index")]

LONG_AGO = timedelta(days=400)


def login(user):
    browser = Client()
    browser.force_login(user)
    return browser


def confirm_url(unit):
    return reverse("units:confirm", kwargs={"slug": unit.slug})


def make_stale(*units, ago=LONG_AGO):
    Unit.objects.filter(pk__in=[unit.pk for unit in units]).update(last_confirmed_at=timezone.now() - ago)
    for unit in units:
        unit.refresh_from_db()


@pytest.fixture
def people(org, employee, leader):
    delegated = make_user_with_person("redaktoer", org.school, Role.MEDARBEJDER, email="rikke@faxekommune.dk")
    UnitEditor.objects.create(user=delegated, unit=org.afdeling)
    return {
        "employee": employee,
        "leader": leader,
        "centre_leader": make_user_with_person("centerchef", org.centre, Role.LEDER, email="carl@faxekommune.dk"),
        "delegated_editor": delegated,
        "school_leader": make_user_with_person("skoleleder", org.school, Role.LEDER, email="sofie@faxekommune.dk"),
    }


# --- the note and the button on the card -------------------------------------------------------


def test_a_stale_card_says_when_it_was_last_confirmed(client, org):
    make_stale(org.afdeling)
    note = page_of(client.get(org.afdeling.get_absolute_url())).select_one("header [role=note]")
    assert date_da(org.afdeling.last_confirmed_at) in note.text
    assert "forældet" in note.text or "out of date" in note.text


def test_a_never_confirmed_card_says_so(client, org):
    Unit.objects.filter(pk=org.afdeling.pk).update(last_confirmed_at=None)
    note = page_of(client.get(org.afdeling.get_absolute_url())).select_one("header [role=note]")
    assert note.text == da("This visitkort may be out of date: it has never been confirmed.")


def test_a_card_confirmed_within_a_year_has_no_note(client, org):
    make_stale(org.afdeling, ago=timedelta(days=364))
    assert not page_of(client.get(org.afdeling.get_absolute_url())).select("header [role=note]")


@pytest.mark.parametrize("who", ["leader", "centre_leader", "delegated_editor"])
def test_editors_see_the_confirm_button_beside_the_note(people, org, who):
    make_stale(org.afdeling)
    header = page_of(login(people[who]).get(org.afdeling.get_absolute_url())).select_one("article header")
    assert header.select("[role=note]")
    form = header.select_one("section.upkeep form")
    assert form.attrs["action"] == confirm_url(org.afdeling)
    assert form.select_one("button").text == da("Confirm that the visitkort is current")


@pytest.mark.parametrize("who", ["employee", "school_leader"])
def test_others_see_no_confirm_button(people, org, who):
    make_stale(org.afdeling)
    page = page_of(login(people[who]).get(org.afdeling.get_absolute_url()))
    assert not page.select("section.upkeep")
    assert confirm_url(org.afdeling) not in page.hrefs()


@pytest.mark.parametrize("who", ["leader", "centre_leader", "delegated_editor"])
def test_editors_confirm_the_card(people, org, who):
    make_stale(org.afdeling)
    version = org.afdeling.version
    history = org.afdeling.history.count()
    response = login(people[who]).post(confirm_url(org.afdeling), follow=True)
    assert response.redirect_chain == [(org.afdeling.get_absolute_url(), 302)]
    page = page_of(response)
    assert da("Thank you. The visitkort is marked as current.") in page.text
    assert not page.select("header [role=note]")
    org.afdeling.refresh_from_db()
    assert timezone.now() - org.afdeling.last_confirmed_at < timedelta(minutes=1)
    # A confirmation is not an edit: an editor with the form open can still save.
    assert org.afdeling.version == version
    assert org.afdeling.history.count() == history


@pytest.mark.parametrize("who", ["employee", "school_leader"])
def test_others_are_refused_even_with_a_direct_post(people, org, who):
    make_stale(org.afdeling)
    before = org.afdeling.last_confirmed_at
    response = login(people[who]).post(confirm_url(org.afdeling))
    assert response.status_code == 403
    assert page_of(response).select_one("h1").text == da("You do not have access to this")
    org.afdeling.refresh_from_db()
    assert org.afdeling.last_confirmed_at == before


def test_confirming_is_post_only_and_needs_a_login(anon_client, leader_client, org):
    make_stale(org.afdeling)
    assert leader_client.get(confirm_url(org.afdeling)).status_code == 405
    response = anon_client.post(confirm_url(org.afdeling))
    assert response["Location"] == login_redirect(confirm_url(org.afdeling))
    assert leader_client.post("/enheder/findes-ikke/bekraeft/").status_code == 404
    org.afdeling.refresh_from_db()
    assert org.afdeling.is_stale


def test_confirming_returns_to_the_page_it_came_from_on_this_site_only(leader_client, org):
    response = leader_client.post(confirm_url(org.afdeling), {"next": "/mine/?page=2"})
    assert response["Location"] == "/mine/?page=2"
    response = leader_client.post(confirm_url(org.afdeling), {"next": "https://example.com/"})
    assert response["Location"] == org.afdeling.get_absolute_url()


@pytest.mark.parametrize(
    "next_url",
    ["mine", "abc", "0", "<script>", "1\x00", "//example.com/", "/\\example.com", "javascript:alert(1)"],
)
def test_confirming_with_an_odd_return_address_goes_back_to_the_card(leader_client, org, next_url):
    # Not a path on this site: the card, never an error page (a bare word used to be taken for a view name).
    response = leader_client.post(confirm_url(org.afdeling), {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == org.afdeling.get_absolute_url()


# --- own profile ---------------------------------------------------------------------------------


def test_an_employee_confirms_their_own_profile(client, employee):
    response = client.post(reverse("confirm_profile"), follow=True)
    assert response.redirect_chain == [("/mine/", 302)]
    assert da("Thank you. Your profile is marked as current.") in page_of(response).text
    employee.person.refresh_from_db()
    assert not employee.person.is_stale


def test_confirming_a_profile_is_post_only_and_needs_a_profile(client, admin_client, employee):
    assert client.get(reverse("confirm_profile")).status_code == 405
    assert admin_client.post(reverse("confirm_profile")).status_code == 404
    employee.person.refresh_from_db()
    assert employee.person.last_confirmed_at is None


# --- completeness on the card ------------------------------------------------------------------


def test_editors_see_how_complete_the_card_is_with_hints(leader_client, org):
    panel = page_of(leader_client.get(org.team.get_absolute_url())).select_one("section.upkeep")
    # Team Haslev (factory): about, core tasks, email, phone and a topic; no help, looking for, address, tasks.
    assert panel.select_one("p strong").text == da("%(percent)s %% filled in") % {"percent": 50}
    assert panel.texts("ul.completeness-hints li") == [
        da("Add what you can help with"),
        da("Add what you are looking for"),
        da("Add your address"),
        da("Add the special tasks you are working on right now"),
    ]


# --- who edits a unit (units/editors.py) -------------------------------------------------------


def test_editors_of_a_unit_are_exactly_those_the_rules_let_edit(people, org):
    users = list(people.values())
    for unit in [org.kommune, org.centre, org.afdeling, org.team, org.school]:
        expected = {user.pk for user in users if Unit.objects.editable_by(user).filter(pk=unit.pk).exists()}
        assert {editor.user_id for editor in editors_of(unit)} == expected, unit.name
        assert {editor.user_id for editor in EditorMap().editors(unit.pk)} == expected, unit.name


def test_contacts_are_the_nearest_editors_with_an_email(people, org):
    assert {e.email for e in contacts_of(org.afdeling)} == {"lars.holm@faxekommune.dk", "rikke@faxekommune.dk"}
    assert [e.email for e in contacts_of(org.team)] == ["lars.holm@faxekommune.dk"]
    people["leader"].person.email = ""
    people["leader"].person.save()
    assert [e.email for e in contacts_of(org.team)] == ["carl@faxekommune.dk"]
    assert contacts_of(org.kommune) == []


def test_inactive_leaders_are_no_editors(people, org):
    person = people["leader"].person
    person.is_active = False
    person.save()
    assert people["leader"].pk not in {e.user_id for e in editors_of(org.afdeling)}
    assert [e.email for e in contacts_of(org.team)] == ["carl@faxekommune.dk"]


# --- send_freshness_reminders ------------------------------------------------------------------


def remind(*args):
    out = StringIO()
    call_command("send_freshness_reminders", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_says_who_would_get_what_and_does_nothing(people, org, mailoutbox):
    make_stale(org.afdeling, org.team)
    output = remind("--dry-run")
    assert "lars.holm@faxekommune.dk" in output
    assert "Hjemmeplejen Syd" in output and "Team Haslev" in output
    assert "dry run, nothing sent: stale cards due a reminder: 2; emails that would be sent: 2;" in output
    assert mailoutbox == []
    assert not FreshnessReminder.objects.exists()


def test_each_editor_gets_one_email_listing_their_stale_cards(people, org, mailoutbox, caplog):
    make_stale(org.afdeling, org.team, org.school)
    output = remind()
    letters = {message.to[0]: message for message in mailoutbox}
    assert set(letters) == {"lars.holm@faxekommune.dk", "rikke@faxekommune.dk", "sofie@faxekommune.dk"}
    lars = letters["lars.holm@faxekommune.dk"]
    assert "Hjemmeplejen Syd" in lars.body and "Team Haslev" in lars.body
    assert f"http://localhost:8000{org.team.get_absolute_url()}" in lars.body
    assert "Skolen ved Stranden" not in lars.body
    assert "Team Haslev" not in letters["rikke@faxekommune.dk"].body, "a delegated editor edits only their unit"
    reminders = {r.unit_id: r.recipients for r in FreshnessReminder.objects.all()}
    assert set(reminders) == {org.afdeling.pk, org.team.pk, org.school.pk}
    assert "lars.holm@faxekommune.dk" in reminders[org.team.pk]
    assert "emails: 3 (sent 3, failed 0); cards reminded: 3" in output
    assert "freshness reminders:" in caplog.text


def test_a_card_is_reminded_about_at_most_once_in_30_days(people, org, mailoutbox):
    make_stale(org.afdeling)
    remind()
    sent = len(mailoutbox)
    assert sent
    remind()
    assert len(mailoutbox) == sent
    FreshnessReminder.objects.update(sent_at=timezone.now() - timedelta(days=31))
    remind()
    assert len(mailoutbox) == 2 * sent


def test_fresh_and_inactive_cards_get_no_reminder(people, org, mailoutbox):
    make_stale(org.team)
    Unit.objects.filter(pk=org.team.pk).update(is_active=False)
    remind()
    assert mailoutbox == []


def test_a_confirmed_card_is_no_longer_reminded_about(people, org, mailoutbox):
    make_stale(org.afdeling)
    login(people["leader"]).post(confirm_url(org.afdeling))
    remind()
    assert mailoutbox == []


def test_cards_without_an_editor_with_an_email_are_reported(people, org, mailoutbox, caplog):
    orphan = UnitFactory(name="Ingen Leder", parent=None, kind=UnitKind.TEAM)
    make_stale(orphan)
    output = remind()
    assert "no editor with an email: Ingen Leder" in output
    assert "cards without an editor with an email: 1" in output
    assert "Ingen Leder" in caplog.text
    assert mailoutbox == []
    assert not FreshnessReminder.objects.filter(unit=orphan).exists()
    assert "no editor with an email: Ingen Leder" in remind("--dry-run")


def test_reminders_cost_the_same_queries_for_many_cards(db, mailoutbox):
    def build(count):
        centre = UnitFactory(kind=UnitKind.CENTER)
        make_user_with_person(f"chef{count}", centre, Role.LEDER, email=f"chef{count}@faxekommune.dk")
        for number in range(count):
            unit = UnitFactory(parent=centre, last_confirmed_at=timezone.now() - LONG_AGO)
            leader = PersonFactory(user=UserFactory(), email=f"leder{count}-{number}@faxekommune.dk")
            MembershipFactory(person=leader, unit=unit, role=Role.LEDER)

    counts = []
    for count in (2, 40):
        FreshnessReminder.objects.all().delete()
        Unit.objects.update(last_confirmed_at=timezone.now())
        build(count)
        with CaptureQueriesContext(connection) as queries:
            remind()
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1], counts
    assert len(mailoutbox) == 2 + 40
