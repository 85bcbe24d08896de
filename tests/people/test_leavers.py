"""A person who leaves loses their login and every right at once, whichever way they left (the
import's --deactivate-missing, the admin action, the admin form, or anything else that marks them
inactive), is named nowhere as an editor, and the GDPR clock starts (issue 17, items 1 and 2)."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from people.gdpr import anonymise_leavers
from people.models import Person, Role
from tests.conftest import PASSWORD, da, login_redirect, make_user_with_person, page_of
from tests.factories import SuggestionFactory
from tests.test_admin import admin_url, form_data
from units.models import UnitEditor

DORTE = "Dorte Dahl"


@pytest.fixture
def dorte(org):
    """A delegated editor of Hjemmeplejen Syd (she works at the school), as the HR import knows her."""
    user = make_user_with_person(
        "dorte",
        org.school,
        Role.MEDARBEJDER,
        first_name="Dorte",
        last_name="Dahl",
        email="dorte.dahl@faxekommune.dk",
        external_id="M77",
    )
    UnitEditor.objects.create(user=user, unit=org.afdeling)
    return user


def password_login(username):
    """A browser logged in through the login form, as a person does it."""
    browser = Client()
    assert browser.post(reverse("login"), {"username": username, "password": PASSWORD}).status_code == 302
    return browser


def editors_named_on_the_403_page(client, unit):
    response = client.get(reverse("units:edit", kwargs={"slug": unit.slug}))
    assert response.status_code == 403
    return page_of(response).select_one("main").text


def leave_by_admin_action(admin_client, person, tmp_path):
    response = admin_client.post(
        admin_url(Person, "changelist"), {"action": "mark_inactive", "_selected_action": [person.pk]}
    )
    assert response.status_code == 302


def leave_by_admin_form(admin_client, person, tmp_path):
    url = admin_url(Person, "change", person.pk)
    data = form_data(admin_client.get(url), Person)
    assert data.pop("is_active") == ["on"]
    response = admin_client.post(url, data)
    assert response.status_code == 302, page_of(response).text


def leave_by_import(admin_client, person, tmp_path):
    """The HR file no longer has her: import_org --deactivate-missing."""
    file = tmp_path / "org.json"
    file.write_text(json.dumps({"people": [{"external_id": "M1", "first_name": "Ny", "last_name": "Kollega"}]}))
    call_command("import_org", str(file), "--deactivate-missing", "--no-progress", stdout=StringIO())


WAYS_OF_LEAVING = [leave_by_admin_action, leave_by_admin_form, leave_by_import]


@pytest.mark.parametrize("leave", WAYS_OF_LEAVING, ids=["admin action", "admin form", "import"])
def test_a_leaver_loses_login_and_every_right_at_once(
    leave, dorte, org, client, leader_client, admin_client, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    dorte_browser = password_login("dorte")
    assert dorte_browser.get(reverse("units:edit", kwargs={"slug": org.afdeling.slug})).status_code == 200
    assert DORTE in editors_named_on_the_403_page(client, org.afdeling)
    before = timezone.now()

    leave(admin_client, dorte.person, tmp_path)

    dorte.refresh_from_db()
    person = dorte.person
    assert not person.is_active and person.deactivated_at >= before
    assert not dorte.is_active
    # The session she had open ends at once, and she cannot log in again.
    for url in ["/mine/", reverse("units:edit", kwargs={"slug": org.afdeling.slug})]:
        assert dorte_browser.get(url)["Location"] == login_redirect(url)
    refused = Client().post(reverse("login"), {"username": "dorte", "password": PASSWORD})
    assert refused.status_code == 200 and da("You could not be logged in") in page_of(refused).text
    # Nobody is told to ask her: not on the 403 page, not on the card's editors page, not by e-mail.
    assert DORTE not in editors_named_on_the_403_page(client, org.afdeling)
    editors_page = leader_client.get(reverse("units:editors", kwargs={"slug": org.afdeling.slug}))
    assert DORTE not in page_of(editors_page).text
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(
            reverse("units:suggest", kwargs={"slug": org.afdeling.slug}), {"suggestion-text": "Ny telefontid"}
        )
    assert posted.status_code == 302
    assert "dorte.dahl@faxekommune.dk" not in [address for message in mailoutbox for address in message.to]
    # The GDPR clock runs: anonymise_leavers finds her once the period has passed.
    later = timezone.now() + timedelta(days=91)
    assert (person.pk, "M77") in anonymise_leavers(90, dry_run=True, now=later).people


def test_a_leaver_marked_inactive_any_other_way_cannot_log_in_or_edit_either(dorte, org, client):
    """Code that bypasses the services (a bulk update, the shell) leaves the user active; the login
    and the rules still ask whether the person has left."""
    dorte_browser = password_login("dorte")
    Person.objects.filter(pk=dorte.person.pk).update(is_active=False)

    assert dorte_browser.get("/mine/")["Location"] == login_redirect("/mine/")
    assert Client().post(reverse("login"), {"username": "dorte", "password": PASSWORD}).status_code == 200
    assert not dorte.has_perm("units.change_unit", org.afdeling)
    assert DORTE not in editors_named_on_the_403_page(client, org.afdeling)


def test_reactivating_in_admin_stops_the_clock_and_gives_the_login_back(dorte, org, admin_client, tmp_path):
    leave_by_admin_action(admin_client, dorte.person, tmp_path)
    url = admin_url(Person, "change", dorte.person.pk)
    data = form_data(admin_client.get(url), Person)
    assert "is_active" not in data
    data["is_active"] = ["on"]

    assert admin_client.post(url, data).status_code == 302

    dorte.refresh_from_db()
    assert dorte.is_active and dorte.person.is_active and dorte.person.deactivated_at is None
    assert anonymise_leavers(0, dry_run=True, now=timezone.now() + timedelta(days=400)).people == []
    browser = password_login("dorte")
    assert browser.get(reverse("units:edit", kwargs={"slug": org.afdeling.slug})).status_code == 200


def test_back_in_the_hr_file_gives_the_login_back(dorte, admin_client, tmp_path):
    leave_by_import(admin_client, dorte.person, tmp_path)
    assert not get_user_model().objects.get(pk=dorte.pk).is_active
    file = tmp_path / "back.json"
    file.write_text(json.dumps({"people": [{"external_id": "M77", "first_name": "Dorte", "last_name": "Dahl"}]}))

    call_command("import_org", str(file), "--no-progress", stdout=StringIO())

    assert password_login("dorte").get("/mine/").status_code == 200


def test_a_dry_run_of_the_import_ends_no_session(dorte, tmp_path):
    dorte_browser = password_login("dorte")
    file = tmp_path / "org.json"
    file.write_text(json.dumps({"people": [{"external_id": "M1", "first_name": "Ny", "last_name": "Kollega"}]}))

    call_command("import_org", str(file), "--deactivate-missing", "--dry-run", "--no-progress", stdout=StringIO())

    assert dorte_browser.get("/mine/").status_code == 200


def test_the_admin_sees_when_a_person_left(dorte, admin_client, tmp_path):
    leave_by_admin_action(admin_client, dorte.person, tmp_path)
    page = page_of(admin_client.get(admin_url(Person, "change", dorte.person.pk)))
    assert page.select_one(".field-deactivated_at") is not None
    assert "deactivated_at" not in form_data(admin_client.get(admin_url(Person, "change", dorte.person.pk)), Person)


@pytest.mark.django_db(transaction=True)
def test_people_deactivated_before_the_fix_get_their_clock_started_by_the_migration():
    """Admin deactivations used to leave deactivated_at empty (never anonymised) and the user active."""
    executor = MigrationExecutor(connection)
    before, after = (
        [("people", "0004_import_jobs")],
        [("people", "0005_start_the_clock_for_earlier_leavers")],
    )
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User, Person = old.get_model("auth", "User"), old.get_model("people", "Person")
    left_earlier = Person.objects.create(
        first_name="Tidligere", last_name="Leder", user=User.objects.create(username="gammel"), is_active=False
    )
    dated = timezone.now() - timedelta(days=30)
    left_with_a_date = Person.objects.create(first_name="Med", last_name="Dato", is_active=False, deactivated_at=dated)
    staying = Person.objects.create(first_name="Bliver", last_name="Her", user=User.objects.create(username="ny"))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    try:
        assert Person.objects.get(pk=left_earlier.pk).deactivated_at is not None
        assert not get_user_model().objects.get(username="gammel").is_active
        assert Person.objects.get(pk=left_with_a_date.pk).deactivated_at == dated
        assert Person.objects.get(pk=staying.pk).deactivated_at is None
        assert get_user_model().objects.get(username="ny").is_active
    finally:
        # Back to the newest schema, so the tests after this one find every column.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_leaver_is_not_mailed_the_outcome_of_their_suggestion(
    dorte, org, leader_client, admin_client, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    suggestion = SuggestionFactory(author=dorte, target=org.afdeling, text="Tilføj vores nye telefonnummer.")
    leave_by_admin_action(admin_client, dorte.person, tmp_path)

    with django_capture_on_commit_callbacks(execute=True):
        response = leader_client.post(reverse("units:accept_suggestion", kwargs={"pk": suggestion.pk}))

    assert response.status_code == 302
    assert mailoutbox == []
