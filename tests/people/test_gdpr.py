"""GDPR: "Hent mine data" gives a user everything stored about them; anonymise_leavers scrubs
people who left long enough ago, keeping the try-outs they took part in."""

import json
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from people.gdpr import FORMER_EMPLOYEE
from people.models import Person
from search.models import SearchEntry
from tests.conftest import da, login_redirect, page_of, reindex
from tests.factories import PersonFactory, SuggestionFactory, UserFactory

pytestmark = pytest.mark.django_db

MY_DATA = "/medarbejdere/mine-data.json"


# --- Hent mine data ---------------------------------------------------------------------------


def test_the_my_data_block_explains_and_links_to_the_download(employee):
    request = RequestFactory().get("/mine/")
    request.user = employee
    html = render_to_string("people/_my_data.html", request=request)
    page = page_of(SimpleNamespace(content=html.encode()))
    assert da("Download my data") in page.text
    assert MY_DATA in page.hrefs()


def test_my_data_holds_profile_memberships_expertise_suggestions_history_and_account(client, employee, org):
    person = employee.person
    person.about = "Jeg cykler til arbejde."
    person.save()
    SuggestionFactory(author=employee, target=org.afdeling, text="Tilføj åbningstider om lørdagen")
    response = client.get(MY_DATA)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "no-cache" in response.get("Cache-Control", "") or "max-age=0" in response.get("Cache-Control", "")
    data = json.loads(response.content)
    assert data["account"]["username"] == "medarbejder"
    assert "password" not in data["account"]
    assert data["person"]["last_name"] == "Jensen"
    assert data["person"]["about"] == "Jeg cykler til arbejde."
    assert data["person"]["expertise"] == ["borgerinddragelse", "ældrepleje"]
    assert data["person"]["memberships"][0]["unit__name"] == "Hjemmeplejen Syd"
    assert data["person"]["contact_for_tryouts"][0]["title"] == "Morgenmad med borgerne"
    assert [s["text"] for s in data["suggestions_written"]] == ["Tilføj åbningstider om lørdagen"]
    assert len(data["person"]["history"]) >= 2
    assert data["person"]["history"][-1]["values"]["about"] == "Jeg cykler til arbejde."
    assert b"password" not in response.content or b'"password"' not in response.content


def test_my_data_holds_no_one_elses_data(client, employee, leader):
    data = json.loads(client.get(MY_DATA).content)
    assert "Holm" not in json.dumps(data)


def test_a_user_without_a_profile_gets_their_account(bare_client):
    data = json.loads(bare_client.get(MY_DATA).content)
    assert data["account"]["username"] == "tæller"
    assert data["person"] is None


def test_my_data_needs_login(anon_client):
    assert anon_client.get(MY_DATA)["Location"] == login_redirect(MY_DATA)


# --- anonymise_leavers ----------------------------------------------------------------------


def run(*args):
    out = StringIO()
    call_command("anonymise_leavers", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def leaver(employee, org):
    """The employee left 100 days ago (the HR import deactivated her)."""
    person = employee.person
    person.photo = "people/mette.jpg"
    person.ask_me_about = "Forflytning"
    person.is_active, person.deactivated_at = False, timezone.now() - timedelta(days=100)
    person.save()
    return person


def test_leavers_are_scrubbed_but_keep_their_place_in_tryouts(leaver, org, caplog):
    recent = PersonFactory(is_active=False, deactivated_at=timezone.now() - timedelta(days=10), last_name="Nyligt")
    active = PersonFactory(last_name="Aktiv")
    user_pk = leaver.user_id
    with caplog.at_level("INFO", logger="faxe_directory.gdpr"):
        output = run("--days", "90")
    assert f"person {leaver.pk}" in output
    assert "Anonymised 1 leaver" in caplog.text

    leaver.refresh_from_db()
    assert (leaver.first_name, leaver.last_name) == (FORMER_EMPLOYEE, "")
    for name in ("title", "email", "phone", "mobile", "location", "about", "ask_me_about", "photo"):
        assert not getattr(leaver, name), name
    assert list(leaver.expertise.names()) == []
    assert leaver.user is None and leaver.anonymised_at is not None
    account = get_user_model().objects.get(pk=user_pk)
    assert not account.is_active and not account.has_usable_password() and account.email == ""
    # Her history no longer holds her name or contact details.
    for record in leaver.history.all():
        assert (record.first_name, record.email, record.phone, record.mobile) == (FORMER_EMPLOYEE, "", "", "")
    # The try-out she was contact for keeps her, as "Tidligere medarbejder".
    assert [p.full_name for p in org.tryouts.owned.contacts.all()] == [FORMER_EMPLOYEE]
    assert not SearchEntry.objects.filter(kind="person", object_id=leaver.pk).exists()
    recent.refresh_from_db()
    active.refresh_from_db()
    assert (recent.last_name, active.last_name) == ("Nyligt", "Aktiv")


def test_dry_run_lists_leavers_and_changes_nothing(leaver):
    output = run("--days", "90", "--dry-run")
    assert f"person {leaver.pk}" in output
    assert da("Dry run, nothing changed: %(count)d people would be anonymised.") % {"count": 1} in output
    leaver.refresh_from_db()
    assert leaver.last_name == "Jensen" and leaver.anonymised_at is None


def test_anonymising_twice_changes_nothing_more(leaver):
    run("--days", "90")
    leaver.refresh_from_db()
    stamp, version = leaver.anonymised_at, leaver.version
    output = run("--days", "90")
    assert da("%(count)d people anonymised.") % {"count": 0} in output
    leaver.refresh_from_db()
    assert (leaver.anonymised_at, leaver.version) == (stamp, version)


def test_days_must_not_be_negative_nor_text(leaver):
    with pytest.raises(CommandError, match="--days"):
        run("--days", "-1")
    with pytest.raises(CommandError):
        run("--days", "halvfems")
    leaver.refresh_from_db()
    assert leaver.anonymised_at is None


def test_an_anonymised_person_is_gone_from_pages_and_logged_out(client, leader_client, leaver):
    run("--days", "90")
    assert leader_client.get(leaver.get_absolute_url()).status_code == 404
    # Her own session ends with her deactivated account.
    assert client.get("/mine/")["Location"] == login_redirect("/mine/")
    assert not Person.objects.active().filter(pk=leaver.pk).exists()


def test_a_former_employee_returning_in_the_import_is_reactivated(leaver, tmp_path):
    run("--days", "90")
    leaver.external_id = "M77"
    leaver.save()
    path = tmp_path / "people.csv"
    path.write_text("external_id;first_name;last_name\nM77;Mette;Jensen\n", encoding="utf-8")
    call_command("import_org", str(path), "--no-progress", stdout=StringIO())
    leaver.refresh_from_db()
    assert leaver.is_active and leaver.full_name == "Mette Jensen"
    assert leaver.deactivated_at is None and leaver.anonymised_at is None


def test_a_user_with_a_suggestion_keeps_it_after_anonymising(leaver, org):
    suggestion = SuggestionFactory(author=leaver.user, target=org.afdeling)
    run("--days", "90")
    suggestion.refresh_from_db()
    assert suggestion.author.username.startswith("anonymised-")


def test_users_never_linked_to_people_are_left_alone():
    user = UserFactory(username="admin2")
    run("--days", "0")
    user.refresh_from_db()
    assert user.is_active


def test_nothing_of_an_anonymised_leaver_stays_findable(leaver, leader_client, org):
    """Not their name, e-mail prefix, texts, job title or own topic: not as hits, not as the
    spelling correction the search page offers, not in the topic vocabulary."""
    from taggit.models import Tag

    from search.models import SearchTerm

    deactivated_at = leaver.deactivated_at
    leaver.first_name, leaver.last_name, leaver.email = "Gertrud", "Xylofonsen", "gxylo@faxekommune.dk"
    leaver.ask_me_about = "Zebrastriber på kryds og tværs"
    leaver.is_active, leaver.deactivated_at = True, None  # while she worked here, the index learnt her words
    leaver.save()
    leaver.memberships.update(job_title="Klokkeringer")
    leaver.expertise.add("Klokkespilmetoden")
    PersonFactory(first_name="Gertrud", last_name="Hansen")  # a colleague keeps the shared first name
    reindex()
    assert SearchTerm.objects.filter(word__in=["xylofonsen", "gxylo", "klokkeringer"]).count() == 3
    leaver.is_active, leaver.deactivated_at = False, deactivated_at
    leaver.save()

    run("--days", "90")

    for word in ("xylofonsen", "gxylo", "zebrastriber", "klokkeringer", "klokkespilmetoden"):
        assert not SearchTerm.objects.filter(word=word).exists(), word
        response = leader_client.get("/soeg/", {"q": word[:-1] + "x"})  # a typo of it
        assert "ylofonsen" not in response.content.decode().lower(), word
    assert SearchTerm.objects.filter(word="gertrud").exists()
    assert not Tag.objects.filter(name="Klokkespilmetoden").exists()
    assert list(leaver.memberships.values_list("job_title", flat=True)) == [""]
