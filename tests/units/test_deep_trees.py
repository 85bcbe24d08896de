"""Organisations of any depth: an import of 20 nested levels gives the leader at the top the rights
over every card below, breadcrumbs show the whole path, and a card deep down still renders in a
constant number of queries (the chain above a unit is read with one recursive query)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from people.models import Role
from tests.conftest import count_queries, make_user_with_person, page_of
from tests.factories import UserFactory
from tests.units.test_editing import card_data, edit_url
from units.models import Unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_search_index")]

LEVELS = 20
IMPORT_URL = "/admin/people/person/import/"


def login(user):
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def deep_tree():
    """20 nested units, imported through the admin like an HR file: Niveau 1 … Niveau 20."""
    rows = ["external_id;name;kind;parent_external_id"]
    kinds = ["kommune", "direktion", "center"] + ["afdeling"] * (LEVELS - 4) + ["team"]
    for level in range(1, LEVELS + 1):
        parent = f"N{level - 1}" if level > 1 else ""
        rows.append(f"N{level};Niveau {level};{kinds[level - 1]};{parent}")
    admin = login(UserFactory(username="hr", is_staff=True, is_superuser=True))
    upload = SimpleUploadedFile("units.csv", "\r\n".join(rows).encode(), content_type="text/csv")
    # The upload starts the dry run as a background job (run at once in tests); then confirm it.
    job_url = admin.post(IMPORT_URL, {"files": [upload]})["Location"]
    admin.post(f"{job_url}confirm/")
    units = {unit.external_id: unit for unit in Unit.objects.filter(external_id__startswith="N")}
    assert len(units) == LEVELS
    return [units[f"N{level}"] for level in range(1, LEVELS + 1)]


@pytest.fixture
def top_leader(deep_tree):
    return make_user_with_person(
        "direktoer", deep_tree[0], Role.LEDER, first_name="Dorte", last_name="Direktør", email="dorte@faxe.dk"
    )


def test_the_leader_at_the_top_edits_the_card_at_the_bottom(deep_tree, top_leader):
    bottom = deep_tree[-1]
    browser = login(top_leader)
    card = page_of(browser.get(bottom.get_absolute_url()))
    assert edit_url(bottom) in card.hrefs()
    assert browser.get(edit_url(bottom)).status_code == 200
    response = browser.post(edit_url(bottom), card_data(bottom, about="Vi er nederst i træet."))
    assert response.status_code == 302
    bottom.refresh_from_db()
    assert bottom.about == "Vi er nederst i træet."


def test_the_bottom_card_is_on_the_top_leaders_own_page(deep_tree, top_leader):
    page = page_of(login(top_leader).get(reverse("mine")))
    assert deep_tree[-1].get_absolute_url() in page.hrefs()


def test_a_colleague_is_refused_and_told_that_the_top_leader_can_help(deep_tree, top_leader):
    colleague = make_user_with_person("kollega", deep_tree[-1], Role.MEDARBEJDER, first_name="Kim", last_name="Kollega")
    response = login(colleague).get(edit_url(deep_tree[-1]))
    assert response.status_code == 403
    assert "Dorte Direktør" in page_of(response).text


def test_a_suggestion_on_the_bottom_card_reaches_the_top_leader(
    deep_tree, top_leader, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = make_user_with_person("kollega", deep_tree[-1], Role.MEDARBEJDER, first_name="Kim", last_name="Kollega")
    url = reverse("units:suggest", kwargs={"slug": deep_tree[-1].slug})
    with django_capture_on_commit_callbacks(execute=True):
        login(colleague).post(url, {"suggestion-text": "Tilføj vores telefontid."})
    assert [message.to for message in mailoutbox] == [["dorte@faxe.dk"]]


def test_breadcrumbs_show_the_whole_path(client, deep_tree):
    crumbs = page_of(client.get(deep_tree[-1].get_absolute_url())).select_one("nav.breadcrumbs")
    assert crumbs.hrefs() == ["/", "/enheder/", *[unit.get_absolute_url() for unit in deep_tree[:-1]]]
    assert crumbs.select_one("li[aria-current=page]").text == "Niveau 20"


def test_a_deep_card_takes_as_many_queries_as_any_card_below_the_loaded_levels(client, deep_tree, top_leader):
    browser = login(top_leader)
    at_level_8 = count_queries(browser, deep_tree[7].get_absolute_url())
    at_level_20 = count_queries(browser, deep_tree[-1].get_absolute_url())
    at_level_5 = count_queries(browser, deep_tree[4].get_absolute_url())
    # The visitkort loads the unit with its parent; the units above the parent come in one query
    # whatever the depth (the breadcrumbs, when their kept part is rendered anew).
    assert at_level_20 == at_level_8 == at_level_5


def test_a_unit_can_be_moved_under_a_deep_unit_in_admin_but_not_under_itself(deep_tree):
    from tests.test_admin import admin_url, form_data

    admin = login(UserFactory(username="hr", is_staff=True, is_superuser=True))
    url = admin_url(Unit, "change", deep_tree[1].pk)
    data = form_data(admin.get(url), Unit)
    data["parent"] = [str(deep_tree[-1].pk)]
    response = admin.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent"]

    new = Unit.objects.create(name="Nyt team")
    url = admin_url(Unit, "change", new.pk)
    data = form_data(admin.get(url), Unit)
    data["parent"] = [str(deep_tree[-1].pk)]
    assert admin.post(url, data).status_code == 302
    new.refresh_from_db()
    assert new.parent == deep_tree[-1]
    assert new.centre == deep_tree[2]
