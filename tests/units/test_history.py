"""Change history ("Ændringshistorik") of visitkort, profiles and try-outs, and reverting in admin."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import count_queries, da, date_da, page_of
from tests.factories import UserFactory
from tests.units.test_editing import card_data, edit_url
from units.models import Unit


def history_url(unit):
    return reverse("units:history", kwargs={"slug": unit.slug})


def save_card(browser, unit, **changes):
    unit.refresh_from_db()
    assert browser.post(edit_url(unit), card_data(unit, **changes)).status_code == 302


def test_the_history_shows_who_changed_which_field_when(org, client, leader_client):
    save_card(leader_client, org.afdeling, phone="56 20 99 99", about="Vi er <b>nye</b>.")
    page = page_of(client.get(history_url(org.afdeling)))
    assert "Hjemmeplejen Syd" in page.select_one("h1").text
    newest = page.select(".history-entry")[0]
    assert "Lars Holm" in newest.select_one("h2").text
    assert date_da(org.afdeling.history.latest().history_date) in newest.select_one("h2").text
    changes = dict(zip(newest.texts("dt"), newest.texts("dd"), strict=True))
    assert set(changes) == {da("Who we are"), da("Phone")}
    assert "56 20 30 00" in changes[da("Phone")] and "56 20 99 99" in changes[da("Phone")]
    assert newest.select_one("dd del").text == "Vi besøger borgere i eget hjem hver dag."
    assert newest.select_one("dd ins").text == "Vi er <b>nye</b>."
    assert page.select(".history-entry")[-1].text.endswith(da("Created."))


def test_the_history_is_linked_from_the_card_and_paginated(org, client, leader_client):
    assert history_url(org.afdeling) in page_of(client.get(org.afdeling.get_absolute_url())).hrefs()
    for n in range(25):
        save_card(leader_client, org.afdeling, phone=f"{n:02d}")
    first = page_of(client.get(history_url(org.afdeling)))
    assert len(first.select(".history-entry")) == 20
    second = page_of(client.get(history_url(org.afdeling) + "?page=2"))
    entries = second.select(".history-entry")
    assert len(entries) == 6
    # The last entry of page 1 is diffed against the first record of page 2.
    assert "04" in first.select(".history-entry")[-1].text and "05" in first.select(".history-entry")[-1].text
    assert client.get(history_url(org.afdeling) + "?page=x").status_code == 200


def test_history_pages_make_a_fixed_number_of_queries(org, client, leader_client, django_assert_num_queries):
    url = history_url(org.afdeling)
    few = count_queries(client, url)
    for n in range(30):
        save_card(leader_client, org.afdeling, phone=f"{n:02d}")
    assert count_queries(client, url) == few
    with django_assert_num_queries(few):
        client.get(url)
    assert few == 6


def test_profile_and_try_out_histories(org, client, employee, leader_client):
    person = employee.person
    client.post(
        reverse("people:edit", kwargs={"pk": person.pk}),
        {"version": person.version, "title": "Sygeplejerske", "expertise": "demens"},
    )
    page = page_of(client.get(reverse("people:history", kwargs={"pk": person.pk})))
    changes = dict(
        zip(page.select(".history-entry")[0].texts("dt"), page.select(".history-entry")[0].texts("dd"), strict=True)
    )
    assert "Sygeplejerske" in changes[da("Job title")]
    assert reverse("people:history", kwargs={"pk": person.pk}) in page_of(client.get(person.get_absolute_url())).hrefs()

    tryout = org.tryouts.owned
    url = reverse("tryouts:history", kwargs={"slug": tryout.slug})
    assert url in page_of(client.get(tryout.get_absolute_url())).hrefs()
    assert page_of(client.get(url)).select(".history-entry")


def test_admins_revert_a_visitkort_to_an_earlier_version(org, leader_client):
    save_card(leader_client, org.afdeling, about="Forkert tekst.")
    admin = Client()
    admin.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    original = org.afdeling.history.earliest()
    url = reverse("admin:units_unit_simple_history", args=[org.afdeling.pk, original.history_id])
    form = admin.get(url)
    assert form.status_code == 200
    unit = Unit.objects.get(pk=org.afdeling.pk)
    data = {
        "name": unit.name,
        "slug": unit.slug,
        "kind": unit.kind,
        "parent": unit.parent_id,
        "is_active": "on",
        "about": original.about,
        "core_tasks": original.core_tasks,
        "can_help_with": original.can_help_with,
        "looking_for": original.looking_for,
        "email": original.email,
        "phone": original.phone,
        "address": original.address,
        "opening_hours": original.opening_hours,
        "loaded_version": unit.version,
    }
    # Inline formsets of the change form, left empty.
    for prefix in ("memberships", "tasks", "collaborations_from", "editors"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = admin.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    unit.refresh_from_db()
    assert unit.about == "Vi besøger borgere i eget hjem hver dag."
    assert unit.version == 3


@pytest.mark.parametrize("name", ["units:history", "tryouts:history"])
def test_unknown_objects_give_404(org, client, name):
    assert client.get(reverse(name, kwargs={"slug": "findes-ikke"})).status_code == 404


def test_the_first_edit_of_a_card_without_history_shows_what_changed(org, client, leader_client):
    """Seeded and imported cards are written in bulk, without history records: the first edit
    makes a starting record first, so its entry lists the changed fields (not "unchanged")."""
    org.afdeling.history.all().delete()
    save_card(leader_client, org.afdeling, phone="56 20 99 99")
    entries = page_of(client.get(history_url(org.afdeling))).select(".history-entry")
    assert len(entries) == 2
    changes = dict(zip(entries[0].texts("dt"), entries[0].texts("dd"), strict=True))
    assert set(changes) == {da("Phone")}
    assert "56 20 30 00" in changes[da("Phone")] and "56 20 99 99" in changes[da("Phone")]
    start = entries[1]
    assert da("Starting point of the history: the card as it was before its first change in the directory.") in (
        start.text
    )
    assert da("Administration or import") in start.select_one("h2").text
    # Only once: the second edit compares with the first.
    save_card(leader_client, org.afdeling, phone="56 20 11 11")
    assert org.afdeling.history.count() == 3


def test_topic_changes_appear_in_the_history(org, client, leader_client):
    save_card(leader_client, org.afdeling, tags="ældrepleje, demens")
    newest = page_of(client.get(history_url(org.afdeling))).select(".history-entry")[0]
    changes = dict(zip(newest.texts("dt"), newest.texts("dd"), strict=True))
    assert set(changes) == {da("Topics")}
    assert newest.select_one("dd del").text == "velfærdsteknologi, ældrepleje"
    assert newest.select_one("dd ins").text == "demens, ældrepleje"


def test_expertise_changes_appear_in_a_profiles_history(org, client, employee):
    person = employee.person
    client.post(
        reverse("people:edit", kwargs={"pk": person.pk}),
        {"version": person.version, "title": person.title, "expertise": "ældrepleje, demens"},
    )
    newest = page_of(client.get(reverse("people:history", kwargs={"pk": person.pk}))).select(".history-entry")[0]
    changes = dict(zip(newest.texts("dt"), newest.texts("dd"), strict=True))
    assert "demens, ældrepleje" in changes[da("Expertise")]
    assert "borgerinddragelse" in changes[da("Expertise")]
