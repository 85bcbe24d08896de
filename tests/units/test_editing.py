"""Editing a visitkort, its tasks, collaborations and delegated editors: who may, what they see,
and what bad input, stale forms and double clicks do."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from people.models import Role
from tests.conftest import da, date_da, login_redirect, make_user_with_person, page_of
from tests.factories import MembershipFactory, PersonFactory, SuggestionFactory, UnitFactory, UserFactory
from units.models import Collaboration, Unit, UnitEditor, UnitTask


def edit_url(unit):
    return reverse("units:edit", kwargs={"slug": unit.slug})


def card_data(unit, **changes):
    """The edit form as a browser posts it after loading it now."""
    data = {
        "version": unit.version,
        "about": unit.about,
        "core_tasks": unit.core_tasks,
        "can_help_with": unit.can_help_with,
        "looking_for": unit.looking_for,
        "email": unit.email,
        "phone": unit.phone,
        "address": unit.address,
        "website": unit.website,
        "opening_hours": unit.opening_hours,
        "tags": ", ".join(sorted(unit.tags.names())),
    }
    if unit.open_for_visits:
        data["open_for_visits"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def login(user):
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def editor_client(org):
    """A delegated editor of Hjemmeplejen Syd (an employee elsewhere)."""
    user = make_user_with_person("redaktoer", org.school, Role.MEDARBEJDER, first_name="Rikke", last_name="Ravn")
    UnitEditor.objects.create(user=user, unit=org.afdeling)
    return login(user)


@pytest.fixture
def centre_leader_client(org):
    return login(make_user_with_person("centerchef", org.centre, Role.LEDER, first_name="Carl", last_name="Centerchef"))


@pytest.fixture
def school_leader_client(org):
    return login(make_user_with_person("skoleleder", org.school, Role.LEDER, first_name="Sofie", last_name="Skov"))


@pytest.fixture
def staff_client(db):
    return login(UserFactory(username="admin", is_staff=True, is_superuser=True))


# --- who may edit the visitkort ---------------------------------------------------------------


@pytest.mark.parametrize("who", ["leader_client", "editor_client", "centre_leader_client"])
def test_editors_open_and_save_the_visitkort(request, org, who):
    browser = request.getfixturevalue(who)
    page = page_of(browser.get(edit_url(org.afdeling)))
    assert page.select_one("textarea#id_about").text == "Vi besøger borgere i eget hjem hver dag."
    response = browser.post(edit_url(org.afdeling), card_data(org.afdeling, about="Nyt om os."))
    assert response.status_code == 302
    assert response["Location"] == org.afdeling.get_absolute_url()
    detail = browser.get(response["Location"])
    assert "Nyt om os." in detail.content.decode()
    assert da("The visitkort is saved.") in detail.content.decode()
    unit = Unit.objects.get(pk=org.afdeling.pk)
    assert unit.about == "Nyt om os."
    assert unit.version == org.afdeling.version + 1


@pytest.mark.parametrize("who", ["client", "school_leader_client"])
def test_others_are_refused_with_an_explanation(request, org, leader, who):
    browser = request.getfixturevalue(who)
    for method in ("get", "post"):
        response = getattr(browser, method)(edit_url(org.afdeling), card_data(org.afdeling, about="Hacket"))
        assert response.status_code == 403
        page = page_of(response)
        assert page.select_one("h1").text == da("You do not have access to this")
        # Who can change it: the leader, with a link to them; and where to suggest instead.
        assert "Lars Holm" in page.texts(".editor-list li")[0]
        assert org.afdeling.get_absolute_url() in page.hrefs("main a")
    assert Unit.objects.get(pk=org.afdeling.pk).about == "Vi besøger borgere i eget hjem hver dag."


def test_the_refusal_names_the_leaders_shown_on_the_card_and_those_above(org, client):
    """Most leaders are imported and have never logged in: they are still the unit's leaders (the
    card shows them), so the refusal names them instead of "no leader is registered", and it
    names the leaders of the units above too, nearest first."""
    imported = PersonFactory(first_name="Ida", last_name="Import")
    MembershipFactory(person=imported, unit=org.afdeling, role=Role.LEDER)
    chief = PersonFactory(first_name="Carl", last_name="Centerchef")
    MembershipFactory(person=chief, unit=org.centre, role=Role.LEDER)
    director = make_user_with_person("direktoer", org.kommune, Role.LEDER, first_name="Dorte", last_name="Direktør")
    MembershipFactory(
        person=PersonFactory(first_name="Gone", last_name="Away", is_active=False), unit=org.afdeling, role=Role.LEDER
    )
    assert "Ida Import" in page_of(client.get(org.afdeling.get_absolute_url())).select_one("aside").text

    page = page_of(client.get(edit_url(org.afdeling)))
    assert da("No leader is registered for the unit. Contact the administration of the directory.") not in page.text
    assert page.texts(".editor-list li") == [
        f"Ida Import · {da('leader')}",
        f"Carl Centerchef · {da('leader of %(name)s') % {'name': 'Center for Sundhed & Ældre'}}",
        f"Dorte Direktør · {da('leader of %(name)s') % {'name': 'Faxe Kommune'}}",
    ]
    assert imported.get_absolute_url() in page.hrefs(".editor-list a")
    assert director.person.get_absolute_url() in page.hrefs(".editor-list a")


def test_anonymous_visitors_are_sent_to_log_in(org, anon_client):
    url = edit_url(org.afdeling)
    assert anon_client.get(url)["Location"] == login_redirect(url)
    response = anon_client.post(url, card_data(org.afdeling, about="Hacket"))
    assert response.status_code == 302
    assert Unit.objects.get(pk=org.afdeling.pk).about == "Vi besøger borgere i eget hjem hver dag."


def test_superusers_may_edit_but_plain_staff_use_admin(org, staff_client):
    assert staff_client.get(edit_url(org.afdeling)).status_code == 200
    staff = login(UserFactory(username="kontor", is_staff=True))
    assert staff.get(edit_url(org.afdeling)).status_code == 403


def test_edit_link_only_for_those_who_may(org, client, leader_client, editor_client):
    url = edit_url(org.afdeling)
    assert url in page_of(leader_client.get(org.afdeling.get_absolute_url())).hrefs()
    assert url in page_of(editor_client.get(org.afdeling.get_absolute_url())).hrefs()
    assert url not in page_of(client.get(org.afdeling.get_absolute_url())).hrefs()


# --- bad input ----------------------------------------------------------------------------------


def test_over_long_texts_bad_urls_and_emails_are_refused_next_to_the_field(org, leader_client):
    response = leader_client.post(
        edit_url(org.afdeling),
        card_data(org.afdeling, about="x" * 5001, website="javascript:alert(1)", email="ikke en mail"),
    )
    assert response.status_code == 200
    page = page_of(response)
    summary = page.select_one(".alert-error[data-error-summary]")
    assert set(summary.hrefs()) == {"#id_about", "#id_website", "#id_email"}
    about_error = page.select_one("#id_about-error").text
    assert "5000" in about_error and "5001" in about_error
    assert page.select_one("textarea#id_about").attrs["aria-describedby"] == "id_about-hint id_about-error"
    assert page.select_one("textarea#id_about").attrs["aria-invalid"] == "true"
    # The user's text stays in the form.
    assert page.select_one("textarea#id_about").text == "x" * 5001
    assert Unit.objects.get(pk=org.afdeling.pk).version == org.afdeling.version


def test_html_is_saved_and_shown_as_text(org, leader_client):
    leader_client.post(edit_url(org.afdeling), card_data(org.afdeling, about="<script>alert(1)</script> <b>fed</b>"))
    html = leader_client.get(org.afdeling.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;fed&lt;/b&gt;" in html
    assert "<script>alert(1)" not in html


def test_website_without_scheme_gets_https(org, leader_client):
    leader_client.post(edit_url(org.afdeling), card_data(org.afdeling, website="www.faxekommune.dk"))
    assert Unit.objects.get(pk=org.afdeling.pk).website == "https://www.faxekommune.dk"


def test_odd_input_never_gives_a_500(org, leader_client):
    for data in (
        {},
        {"version": "abc"},
        card_data(org.afdeling, about="nul\x00tegn"),
        card_data(org.afdeling, tags="\x00"),
        card_data(org.afdeling, version="-1"),
        card_data(org.afdeling, suggestion="abc"),
        card_data(org.afdeling, suggestion="999999"),
    ):
        response = leader_client.post(edit_url(org.afdeling), data)
        assert response.status_code in (200, 302, 409), data
    assert leader_client.get(edit_url(org.afdeling) + "?forslag=abc").status_code == 200


def test_a_form_without_version_is_refused(org, leader_client):
    data = card_data(org.afdeling, about="Uden version")
    del data["version"]
    page = page_of(leader_client.post(edit_url(org.afdeling), data))
    assert da("The form is missing its version. Open the edit page again and make your changes there.") in (
        page.select_one("[data-error-summary]").text
    )
    assert Unit.objects.get(pk=org.afdeling.pk).about != "Uden version"


# --- topics -------------------------------------------------------------------------------------


def test_topics_are_saved_from_comma_separated_text(org, leader_client):
    leader_client.post(edit_url(org.afdeling), card_data(org.afdeling, tags="ældrepleje, Demens; nattevagt"))
    assert sorted(Unit.objects.get(pk=org.afdeling.pk).tags.names()) == ["Demens", "nattevagt", "ældrepleje"]
    page = page_of(leader_client.get(edit_url(org.afdeling)))
    assert page.select_one("input#id_tags").attrs["value"] == "Demens, nattevagt, ældrepleje"


def test_two_hundred_topics_are_refused_politely(org, leader_client):
    tags = ", ".join(f"emne {n}" for n in range(200))
    page = page_of(leader_client.post(edit_url(org.afdeling), card_data(org.afdeling, tags=tags)))
    message = page.select_one("#id_tags-error").text
    assert "30" in message and "200" in message
    assert sorted(Unit.objects.get(pk=org.afdeling.pk).tags.names()) == ["velfærdsteknologi", "ældrepleje"]


def test_thirty_topics_are_fine_but_an_over_long_topic_is_not(org, leader_client):
    tags = ", ".join(f"emne {n}" for n in range(30))
    assert leader_client.post(edit_url(org.afdeling), card_data(org.afdeling, tags=tags)).status_code == 302
    unit = Unit.objects.get(pk=org.afdeling.pk)
    assert len(unit.tags.names()) == 30
    page = page_of(leader_client.post(edit_url(unit), card_data(unit, tags="kort, " + "a" * 101)))
    assert "100" in page.select_one("#id_tags-error").text


def test_tag_suggestions_list_existing_topics(org, client):
    response = client.get(reverse("tag_suggestions"), {"q": "ældr"})
    assert response.json()["items"] == ["ældrepleje"]
    assert client.get(reverse("tag_suggestions"), {"q": ""}).json()["items"] == []
    assert client.get(reverse("tag_suggestions"), {"q": "\x00" * 3 + "x" * 5000}).status_code == 200


def test_tag_inputs_carry_the_suggestion_url(org, leader_client):
    field = page_of(leader_client.get(edit_url(org.afdeling))).select_one("input#id_tags")
    assert field.attrs["data-tag-url"] == reverse("tag_suggestions")
    assert field.attrs["aria-describedby"] == "id_tags-hint"


# --- no lost update -------------------------------------------------------------------------


def test_a_stale_save_is_refused_and_keeps_the_users_text(org, leader_client, editor_client):
    unit = org.afdeling
    # Both open the form on the same version.
    mine = card_data(unit, about="Min nye tekst om os.", phone="11 11 11 11")
    theirs = card_data(unit, core_tasks="Deres nye kerneopgaver.", phone="22 22 22 22")
    assert editor_client.post(edit_url(unit), theirs).status_code == 302

    response = leader_client.post(edit_url(unit), mine)
    assert response.status_code == 409
    page = page_of(response)
    notice = page.select_one(".conflict[data-error-summary]")
    assert da("Someone changed this meanwhile") in notice.text
    changed = notice.texts(".conflict-list li")
    assert len(changed) == 2
    assert any(da("Core tasks") in text and "Deres nye kerneopgaver." in text for text in changed)
    assert any(da("Phone") in text and "22 22 22 22" in text for text in changed)
    # The user's own text is kept; the field they did not touch takes the other person's value.
    assert page.select_one("textarea#id_about").text == "Min nye tekst om os."
    assert page.select_one("input#id_phone").attrs["value"] == "11 11 11 11"
    assert page.select_one("textarea#id_core_tasks").text == "Deres nye kerneopgaver."
    assert page.select_one("input#id_version").attrs["value"] == str(unit.version + 1)
    stored = Unit.objects.get(pk=unit.pk)
    assert (stored.about, stored.phone) == (unit.about, "22 22 22 22")

    # Saving the merged form again stores the user's version on top of the other's.
    again = {
        **theirs,
        "about": "Min nye tekst om os.",
        "phone": "11 11 11 11",
        "version": page.select_one("input#id_version").attrs["value"],
    }
    assert leader_client.post(edit_url(unit), again).status_code == 302
    stored = Unit.objects.get(pk=unit.pk)
    assert (stored.about, stored.core_tasks, stored.phone, stored.version) == (
        "Min nye tekst om os.",
        "Deres nye kerneopgaver.",
        "11 11 11 11",
        unit.version + 2,
    )


def test_a_stale_save_that_applies_a_suggestion_lists_only_the_fields(org, leader_client, editor_client, employee):
    suggestion = SuggestionFactory(target=org.afdeling, author=employee)
    loaded = card_data(org.afdeling)
    assert editor_client.post(edit_url(org.afdeling), {**loaded, "about": "Deres tekst."}).status_code == 302
    response = leader_client.post(edit_url(org.afdeling), {**loaded, "suggestion": suggestion.pk, "phone": "1"})
    assert response.status_code == 409
    page = page_of(response)
    # The hidden suggestion number used to be listed as a change called "None".
    assert [item.select_one("a").text for item in page.select(".conflict-list li")] == [da("Who we are")]
    assert page.select_one("input#id_suggestion").attrs["value"] == str(suggestion.pk)


def test_the_same_form_sent_twice_saves_once(org, leader_client):
    data = card_data(org.afdeling, about="Dobbeltklik")
    assert leader_client.post(edit_url(org.afdeling), data).status_code == 302
    assert leader_client.post(edit_url(org.afdeling), data).status_code == 409
    assert Unit.objects.get(pk=org.afdeling.pk).version == org.afdeling.version + 1
    assert org.afdeling.history.count() == 2


# --- suggestions applied through the edit form -------------------------------------------


def test_an_accepted_suggestion_is_shown_and_linked_to_the_change(org, leader_client, employee):
    suggestion = SuggestionFactory(target=org.afdeling, author=employee, text="I har også en <b>nattevagt</b>.")
    page = page_of(leader_client.get(edit_url(org.afdeling) + f"?forslag={suggestion.pk}"))
    box = page.select_one(".suggestion-applied")
    assert "Mette Jensen" in box.text and "I har også en <b>nattevagt</b>." in box.text
    assert page.select_one("input#id_suggestion").attrs["value"] == str(suggestion.pk)

    data = card_data(org.afdeling, about="Vi har også nattevagt.", suggestion=suggestion.pk)
    assert leader_client.post(edit_url(org.afdeling), data).status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.change_id == org.afdeling.history.latest().history_id


def test_a_suggestion_for_another_card_or_by_a_non_editor_is_not_linked(org, leader_client, editor_client, employee):
    elsewhere = SuggestionFactory(target=org.school, author=employee)
    page = page_of(leader_client.get(edit_url(org.afdeling) + f"?forslag={elsewhere.pk}"))
    assert not page.select(".suggestion-applied")
    leader_client.post(edit_url(org.afdeling), card_data(org.afdeling, about="Ny", suggestion=elsewhere.pk))
    elsewhere.refresh_from_db()
    assert elsewhere.change_id is None


# --- current tasks -------------------------------------------------------------------------


def tasks_url(unit):
    return reverse("units:tasks", kwargs={"slug": unit.slug})


def task_form(browser, unit, **fields):
    token = page_of(browser.get(tasks_url(unit))).select_one("input#id_token").attrs["value"]
    return {"token": token, "title": "Ny opgave", "starts_on": "2025-01-01", **fields}


def test_editors_add_a_task_once_however_often_it_is_sent(org, leader_client):
    data = task_form(leader_client, org.afdeling, title="Sommerferieplan", tags="ferie")
    response = leader_client.post(tasks_url(org.afdeling), data)
    assert response.status_code == 302
    assert (
        da("The task “%(title)s” is added.") % {"title": "Sommerferieplan"}
        in leader_client.get(response["Location"]).content.decode()
    )
    again = leader_client.post(tasks_url(org.afdeling), data, follow=True)
    assert da("The task was already saved.") in again.content.decode()
    assert UnitTask.objects.filter(unit=org.afdeling, title="Sommerferieplan").count() == 1
    assert "Sommerferieplan" in page_of(leader_client.get(org.afdeling.get_absolute_url())).texts(".task h3")


def test_a_task_ending_before_it_starts_is_refused(org, leader_client):
    data = task_form(leader_client, org.afdeling, starts_on="2025-05-01", ends_on="2025-04-01")
    page = page_of(leader_client.post(tasks_url(org.afdeling), data))
    assert page.select_one("#id_ends_on-error").text.endswith(da("The end date cannot be before the start date."))
    assert not UnitTask.objects.filter(title="Ny opgave").exists()


def test_a_task_without_token_is_refused(org, leader_client):
    response = leader_client.post(tasks_url(org.afdeling), {"title": "Uden token", "starts_on": "2025-01-01"})
    assert da("The form has expired. Open the page again and fill it in there.") in response.content.decode()
    assert not UnitTask.objects.filter(title="Uden token").exists()


def test_editors_see_when_a_coming_task_starts(org, leader_client):
    page = page_of(leader_client.get(tasks_url(org.afdeling)))
    items = {item.select_one("h3").text: item for item in page.select("li.edit-item")}
    start = date_da(org.tasks.future.starts_on)
    assert items["Næste års budget"].select_one("p").text == da("Starts %(start)s") % {"start": start}
    assert da("End today") not in items["Næste års budget"].text


def test_ending_and_removing_tasks(org, leader_client):
    end_url = reverse("units:task_end", kwargs={"slug": org.afdeling.slug, "pk": org.tasks.ongoing.pk})
    assert leader_client.post(end_url).status_code == 302
    org.tasks.ongoing.refresh_from_db()
    assert org.tasks.ongoing.ends_on == timezone.localdate()
    # A task that has not started cannot be ended, only removed.
    future_end = reverse("units:task_end", kwargs={"slug": org.afdeling.slug, "pk": org.tasks.future.pk})
    response = leader_client.post(future_end, follow=True)
    assert da("The task has not started yet; remove it instead.") in response.content.decode()
    delete_url = reverse("units:task_delete", kwargs={"slug": org.afdeling.slug, "pk": org.tasks.future.pk})
    confirm = page_of(leader_client.get(delete_url))
    assert "Næste års budget" in confirm.select_one("h1").text
    assert leader_client.post(delete_url).status_code == 302
    assert not UnitTask.objects.filter(pk=org.tasks.future.pk).exists()
    assert leader_client.post(delete_url).status_code == 404


def test_tasks_of_other_units_cannot_be_touched_through_this_unit(org, leader_client):
    other = UnitTask.objects.create(unit=org.school, title="Skolens opgave")
    for name in ("units:task_end", "units:task_delete"):
        url = reverse(name, kwargs={"slug": org.afdeling.slug, "pk": other.pk})
        assert leader_client.post(url).status_code == 404
    assert UnitTask.objects.get(pk=other.pk).ends_on is None


def test_non_editors_cannot_touch_tasks_even_by_direct_post(org, client):
    urls = [
        tasks_url(org.afdeling),
        reverse("units:task_end", kwargs={"slug": org.afdeling.slug, "pk": org.tasks.ongoing.pk}),
        reverse("units:task_delete", kwargs={"slug": org.afdeling.slug, "pk": org.tasks.ongoing.pk}),
    ]
    for url in urls:
        assert client.post(url, {"title": "Hacket", "starts_on": "2025-01-01"}).status_code == 403
    assert UnitTask.objects.filter(pk=org.tasks.ongoing.pk, ends_on=None).exists()
    assert not UnitTask.objects.filter(title="Hacket").exists()


# --- collaborations -------------------------------------------------------------------------


def collaborations_url(unit):
    return reverse("units:collaborations", kwargs={"slug": unit.slug})


def test_add_a_collaboration_by_typing_the_other_units_name(org, leader_client):
    response = leader_client.post(
        collaborations_url(org.afdeling), {"name": "team haslev", "description": "Fælles vagtplan"}
    )
    assert response.status_code == 302
    assert Collaboration.objects.filter(
        from_unit=org.afdeling, to_unit=org.team, description="Fælles vagtplan"
    ).exists()


def test_several_matching_units_are_offered_to_choose_from(org, leader_client):
    UnitFactory(name="Team Haslev Nord", parent=org.afdeling)
    page = page_of(leader_client.post(collaborations_url(org.afdeling), {"name": "Haslev", "description": ""}))
    assert "Haslev" in page.select_one("#id_name-error").text
    choices = page.select("input[name=pick]")
    assert len(choices) == 2
    response = leader_client.post(
        collaborations_url(org.afdeling), {"name": "Haslev", "pick": choices[0].attrs["value"]}
    )
    assert response.status_code == 302
    assert Collaboration.objects.filter(from_unit=org.afdeling, to_unit_id=choices[0].attrs["value"]).exists()


def test_a_collaboration_added_twice_at_once_is_stored_once(org):
    # Both requests passed the form's check before either saved (a double click, or the other
    # unit's editor at the same moment): the second finds the first instead of failing or repeating it.
    from units.services import add_collaboration

    first = add_collaboration(org.afdeling, org.team, "Fælles vagtplan")
    assert add_collaboration(org.afdeling, org.team, "Fælles vagtplan") == first
    assert add_collaboration(org.team, org.afdeling, "Vagtplan") == first
    assert Collaboration.objects.count() == 3


def test_unknown_own_and_duplicate_collaborations_are_refused(org, leader_client):
    for name in ("Findes ikke", "Hjemmeplejen Syd", "Skolen ved Stranden", "Center for Børn og Familie"):
        response = leader_client.post(collaborations_url(org.afdeling), {"name": name})
        assert response.status_code == 200, name
        assert page_of(response).select("#id_name-error"), name
    assert Collaboration.objects.count() == 2


def test_change_and_remove_a_collaboration_from_either_side(org, leader_client):
    incoming = org.collaborations.incoming
    url = reverse("units:collaboration_edit", kwargs={"slug": org.afdeling.slug, "pk": incoming.pk})
    page = page_of(leader_client.get(url))
    assert page.select_one("textarea#id_description").text == "Fælles pårørendecafé"
    loaded = page.select_one("input[name=loaded_change]").attrs["value"]
    response = leader_client.post(url, {"description": "Pårørendecafé hver torsdag", "loaded_change": loaded})
    assert response.status_code == 302
    incoming.refresh_from_db()
    assert incoming.description == "Pårørendecafé hver torsdag"
    delete_url = reverse("units:collaboration_delete", kwargs={"slug": org.afdeling.slug, "pk": incoming.pk})
    assert leader_client.post(delete_url).status_code == 302
    assert not Collaboration.objects.filter(pk=incoming.pk).exists()


def test_a_stale_collaboration_save_is_refused_and_keeps_the_text(org, leader_client, leader):
    incoming = org.collaborations.incoming
    url = reverse("units:collaboration_edit", kwargs={"slug": org.afdeling.slug, "pk": incoming.pk})
    other_side = Client()
    other_side.force_login(make_user_with_person("boernechef", org.other_centre, Role.LEDER))
    other_url = reverse("units:collaboration_edit", kwargs={"slug": org.other_centre.slug, "pk": incoming.pk})
    mine = page_of(leader_client.get(url)).select_one("input[name=loaded_change]").attrs["value"]
    theirs = page_of(other_side.get(other_url)).select_one("input[name=loaded_change]").attrs["value"]
    assert other_side.post(other_url, {"description": "Café hver fredag", "loaded_change": theirs}).status_code == 302
    response = leader_client.post(url, {"description": "Café hver torsdag", "loaded_change": mine})
    assert response.status_code == 409
    page = page_of(response)
    assert page.select_one("textarea#id_description").text == "Café hver torsdag"
    assert page.select_one(".conflict-value").text == "Café hver fredag"
    incoming.refresh_from_db()
    assert incoming.description == "Café hver fredag"
    # Saving again from the refused page stores the leader's text.
    again = page.select_one("input[name=loaded_change]").attrs["value"]
    assert leader_client.post(url, {"description": "Café hver torsdag", "loaded_change": again}).status_code == 302
    incoming.refresh_from_db()
    assert incoming.description == "Café hver torsdag"
    # A post without the loaded change (not from the form) changes nothing.
    response = leader_client.post(url, {"description": "Uden version"})
    assert response.status_code == 200
    incoming.refresh_from_db()
    assert incoming.description == "Café hver torsdag"


def test_collaborations_of_others_and_by_non_editors_are_refused(org, client, leader_client):
    between_others = Collaboration.objects.create(from_unit=org.school, to_unit=org.team)
    url = reverse("units:collaboration_delete", kwargs={"slug": org.afdeling.slug, "pk": between_others.pk})
    assert leader_client.post(url).status_code == 404
    assert client.post(collaborations_url(org.afdeling), {"name": "Team Haslev"}).status_code == 403
    mine = reverse(
        "units:collaboration_delete", kwargs={"slug": org.afdeling.slug, "pk": org.collaborations.outgoing.pk}
    )
    assert client.post(mine).status_code == 403
    assert Collaboration.objects.count() == 3


# --- delegated editors ----------------------------------------------------------------------


def editors_url(unit):
    return reverse("units:editors", kwargs={"slug": unit.slug})


def test_leaders_add_a_colleague_with_a_login_as_editor_who_can_then_edit(org, leader_client, employee):
    employee_browser = login(employee)
    assert employee_browser.get(edit_url(org.afdeling)).status_code == 403
    response = leader_client.post(editors_url(org.afdeling), {"name": "mette.jensen@faxekommune.dk"})
    assert response.status_code == 302
    assert "Mette Jensen" in page_of(leader_client.get(editors_url(org.afdeling))).texts(".edit-item")[0]
    assert employee_browser.get(edit_url(org.afdeling)).status_code == 200

    editor = UnitEditor.objects.get(unit=org.afdeling, user=employee)
    delete_url = reverse("units:editor_delete", kwargs={"slug": org.afdeling.slug, "pk": editor.pk})
    assert leader_client.post(delete_url).status_code == 302
    assert employee_browser.get(edit_url(org.afdeling)).status_code == 403


def test_people_without_a_login_cannot_become_editors(org, leader_client):
    PersonFactory(first_name="Uden", last_name="Login")
    page = page_of(leader_client.post(editors_url(org.afdeling), {"name": "Uden Login"}))
    assert page.select("#id_name-error")
    assert not UnitEditor.objects.exists()


def test_delegated_editors_may_add_editors_but_employees_may_not(org, editor_client, client, employee):
    assert client.post(editors_url(org.afdeling), {"name": "Mette Jensen"}).status_code == 403
    assert not UnitEditor.objects.filter(user=employee).exists()
    assert editor_client.post(editors_url(org.afdeling), {"name": "Mette Jensen"}).status_code == 302
    assert UnitEditor.objects.filter(user=employee, unit=org.afdeling).exists()


# --- query counts ---------------------------------------------------------------------------


def test_edit_pages_make_a_fixed_number_of_queries(org, leader_client, django_assert_num_queries):
    from tests.conftest import count_queries

    counts = {
        name: count_queries(leader_client, reverse(name, kwargs={"slug": org.afdeling.slug}))
        for name in ("units:edit", "units:tasks", "units:collaborations", "units:editors")
    }
    for n in range(10):
        UnitTask.objects.create(unit=org.afdeling, title=f"Opgave {n}")
        Collaboration.objects.create(from_unit=org.afdeling, to_unit=UnitFactory(name=f"Partner {n}"))
        UnitEditor.objects.create(unit=org.afdeling, user=UserFactory())
    for name, count in counts.items():
        assert count_queries(leader_client, reverse(name, kwargs={"slug": org.afdeling.slug})) == count, name
    with django_assert_num_queries(counts["units:edit"]):
        leader_client.get(edit_url(org.afdeling))
    assert counts == {"units:edit": 5, "units:tasks": 6, "units:collaborations": 5, "units:editors": 5}
