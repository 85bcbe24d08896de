"""Starting and editing try-outs: who may, dates, double clicks, stale forms and suggestions."""

import pytest
from django.test import Client
from django.urls import reverse

from people.models import Role
from tests.conftest import count_queries, da, login_redirect, make_user_with_person, page_of
from tests.factories import PersonFactory, SuggestionFactory, TryoutFactory, UnitFactory, UserFactory
from tryouts.models import Status, Tryout
from units.models import UnitEditor

CREATE_URL = reverse("tryouts:create")


def edit_url(tryout):
    return reverse("tryouts:edit", kwargs={"slug": tryout.slug})


def tryout_data(tryout, **changes):
    data = {
        "version": tryout.version,
        "title": tryout.title,
        "summary": tryout.summary,
        "challenge": tryout.challenge,
        "approach": tryout.approach,
        "status": tryout.status,
        "started_on": tryout.started_on.isoformat() if tryout.started_on else "",
        "ended_on": tryout.ended_on.isoformat() if tryout.ended_on else "",
        "track": tryout.track_id or "",
        "partner_kinds": [kind.pk for kind in tryout.partner_kinds.all()],
        "partners": tryout.partners,
        # Ticked boxes: the units and contacts the try-out has.
        "units": [unit.pk for unit in tryout.units.all()],
        "contacts": [person.pk for person in tryout.contacts.all()],
        "tags": ", ".join(sorted(tryout.tags.names())),
        "learnings": tryout.learnings,
        "outcome": tryout.outcome,
        "next_steps": tryout.next_steps,
    }
    data.update(changes)
    return data


def create_form(browser, **fields):
    page = page_of(browser.get(CREATE_URL))
    token = page.select_one("input#id_token").attrs["value"]
    return {"token": token, "title": "Walk and talk", "status": Status.IDE, **fields}


def login(user):
    browser = Client()
    browser.force_login(user)
    return browser


# --- starting a try-out --------------------------------------------------------------------


def test_an_employee_starts_a_try_out_for_their_unit_once(org, client, employee):
    page = page_of(client.get(CREATE_URL))
    owners = page.texts("select#id_owner_unit option")
    assert owners == ["Hjemmeplejen Syd"]
    data = create_form(client, owner_unit=org.afdeling.pk, challenge="<i>Stillesiddende</i> møder")
    response = client.post(CREATE_URL, data)
    assert response.status_code == 302
    tryout = Tryout.objects.get(title="Walk and talk")
    assert response["Location"] == tryout.get_absolute_url()
    assert tryout.owner_unit == org.afdeling
    assert list(tryout.contacts.all()) == [employee.person]
    assert "&lt;i&gt;Stillesiddende&lt;/i&gt; møder" in client.get(response["Location"]).content.decode()
    # A double click (the same form sent again) creates nothing more and leads to the try-out.
    again = client.post(CREATE_URL, data)
    assert again["Location"] == tryout.get_absolute_url()
    assert Tryout.objects.filter(title="Walk and talk").count() == 1


def test_a_try_out_for_someone_elses_unit_is_refused(org, client):
    data = create_form(client, owner_unit=org.school.pk)
    page = page_of(client.post(CREATE_URL, data))
    assert page.select("#id_owner_unit-error")
    assert not Tryout.objects.filter(title="Walk and talk").exists()


def test_people_without_a_unit_cannot_start_try_outs(org):
    browser = login(UserFactory(username="udenenhed"))
    for method in ("get", "post"):
        response = getattr(browser, method)(CREATE_URL, {"title": "X", "owner_unit": org.afdeling.pk})
        assert response.status_code == 403
    assert not Tryout.objects.filter(title="X").exists()


def test_anonymous_visitors_are_sent_to_log_in(org, anon_client):
    assert anon_client.get(CREATE_URL)["Location"] == login_redirect(CREATE_URL)
    assert anon_client.post(CREATE_URL, {"title": "X", "owner_unit": org.afdeling.pk}).status_code == 302
    assert not Tryout.objects.filter(title="X").exists()


def test_the_start_link_is_shown_to_members_only(org, client):
    assert CREATE_URL in page_of(client.get(reverse("tryouts:list"))).hrefs()
    outsider = login(UserFactory(username="udenenhed"))
    assert CREATE_URL not in page_of(outsider.get(reverse("tryouts:list"))).hrefs()
    unit_page = page_of(client.get(org.afdeling.get_absolute_url()))
    assert f"{CREATE_URL}?enhed={org.afdeling.slug}" in unit_page.hrefs()
    assert f"{CREATE_URL}?enhed={org.school.slug}" not in page_of(client.get(org.school.get_absolute_url())).hrefs()


def test_end_before_start_and_over_long_texts_are_refused(org, client):
    data = create_form(
        client, owner_unit=org.afdeling.pk, started_on="2025-03-01", ended_on="2025-02-01", learnings="l" * 5001
    )
    page = page_of(client.post(CREATE_URL, data))
    assert set(page.select_one("[data-error-summary]").hrefs()) == {"#id_ended_on", "#id_learnings"}
    assert page.select_one("#id_ended_on-error").text.endswith(da("The end date cannot be before the start date."))
    assert not Tryout.objects.filter(title="Walk and talk").exists()


@pytest.mark.parametrize("kinds", [["99999999999999999999"], ["-99999999999999999999", "1"], ["abc"]])
def test_partner_kinds_that_cannot_exist_are_refused_with_a_message(org, client, leader_client, kinds):
    # An id too large for the database used to end in a 500 on SQLite.
    page = page_of(client.post(CREATE_URL, create_form(client, owner_unit=org.afdeling.pk, partner_kinds=kinds)))
    assert page.select_one("[data-error-summary]").hrefs() == ["#id_partner_kinds_0"]
    assert not Tryout.objects.filter(title="Walk and talk").exists()
    tryout = org.tryouts.owned
    response = leader_client.post(edit_url(tryout), tryout_data(tryout, partner_kinds=kinds))
    assert response.status_code == 200
    assert page_of(response).select_one("[data-error-summary]").hrefs() == ["#id_partner_kinds_0"]


# --- editing a try-out -------------------------------------------------------------------


def test_editors_of_the_owner_unit_edit_the_try_out(org, leader_client):
    tryout = org.tryouts.owned
    page = page_of(leader_client.get(edit_url(tryout)))
    assert page.select_one("input#id_title").attrs["value"] == "Morgenmad med borgerne"
    response = leader_client.post(edit_url(tryout), tryout_data(tryout, learnings="Kaffe hjælper også."))
    assert response.status_code == 302
    tryout.refresh_from_db()
    assert (tryout.learnings, tryout.version) == ("Kaffe hjælper også.", 2)
    assert [k.name for k in tryout.partner_kinds.all()] == ["Borgere", "Frivillige"]


@pytest.mark.parametrize("who", ["employee", "participating_leader"])
def test_others_cannot_edit_even_by_direct_post(org, client, who):
    if who == "participating_leader":
        # A leader of a unit that takes part in, but does not own, the try-out.
        leader = make_user_with_person("deltager", org.afdeling, Role.LEDER)
        browser, tryout = login(leader), org.tryouts.participating
    else:
        browser, tryout = client, org.tryouts.owned
    for method in ("get", "post"):
        response = getattr(browser, method)(edit_url(tryout), tryout_data(tryout, title="Hacket"))
        assert response.status_code == 403
        assert tryout.owner_unit.name in page_of(response).select_one("main").text
    assert Tryout.objects.get(pk=tryout.pk).title != "Hacket"


def test_a_delegated_editor_of_the_owner_unit_may_edit(org, employee):
    UnitEditor.objects.create(user=employee, unit=org.afdeling)
    browser = login(employee)
    tryout = org.tryouts.owned
    assert browser.post(edit_url(tryout), tryout_data(tryout, outcome="Godt")).status_code == 302


def test_the_edit_link_is_shown_to_editors_only(org, client, leader_client):
    url = edit_url(org.tryouts.owned)
    assert url in page_of(leader_client.get(org.tryouts.owned.get_absolute_url())).hrefs()
    assert url not in page_of(client.get(org.tryouts.owned.get_absolute_url())).hrefs()


def test_a_stale_try_out_form_is_refused_and_keeps_the_text(org, leader_client):
    tryout = org.tryouts.owned
    centre_leader = login(make_user_with_person("centerchef", org.centre, Role.LEDER))
    loaded = tryout_data(tryout)
    assert centre_leader.post(edit_url(tryout), {**loaded, "status": Status.AFSLUTTET}).status_code == 302
    response = leader_client.post(edit_url(tryout), {**loaded, "learnings": "Mine læringer."})
    assert response.status_code == 409
    page = page_of(response)
    assert page.select_one("textarea#id_learnings").text == "Mine læringer."
    assert page.select_one("select#id_status option[selected]").attrs["value"] == Status.AFSLUTTET
    assert da("Completed") in page.select_one(".conflict").text
    tryout.refresh_from_db()
    assert (tryout.status, tryout.learnings) == (Status.AFSLUTTET, "Fællesskab giver appetit.")


def test_a_stale_form_names_the_partner_kinds_someone_else_chose(org, leader_client):
    tryout = org.tryouts.owned
    borgere = tryout.partner_kinds.get(name="Borgere")
    centre_leader = login(make_user_with_person("centerchef", org.centre, Role.LEDER))
    loaded = tryout_data(tryout)
    assert centre_leader.post(edit_url(tryout), {**loaded, "partner_kinds": [borgere.pk]}).status_code == 302
    response = leader_client.post(edit_url(tryout), {**loaded, "learnings": "Mine læringer."})
    assert response.status_code == 409
    conflict = page_of(response).select_one(".conflict")
    # The kinds chosen now by name (this used to read "tryouts.PartnerKind.None"), linked to the first box.
    assert f"{da('Partners from outside the unit')}: " in conflict.text
    assert conflict.select_one(".conflict-value").text == "Borgere"
    assert "#id_partner_kinds_0" in conflict.hrefs()


def test_an_applied_suggestion_is_linked_to_the_change(org, leader_client, employee):
    tryout = org.tryouts.owned
    suggestion = SuggestionFactory(target=tryout, author=employee, text="Husk at nævne madklubben.")
    page = page_of(leader_client.get(edit_url(tryout) + f"?forslag={suggestion.pk}"))
    assert "Husk at nævne madklubben." in page.select_one(".suggestion-applied").text
    data = tryout_data(tryout, partners="Faxe Madklub og beboerrådet", suggestion=suggestion.pk)
    assert leader_client.post(edit_url(tryout), data).status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.change_id == tryout.history.latest().history_id


# --- participating units and contacts --------------------------------------------------------


def test_editors_add_a_participating_unit_and_a_contact_by_name(org, leader_client, employee):
    tryout = org.tryouts.owned
    response = leader_client.post(
        edit_url(tryout), tryout_data(tryout, add_unit="skolen ved stranden", add_contact="Lars Holm")
    )
    assert response.status_code == 302
    assert list(tryout.units.all()) == [org.school]
    assert sorted(person.full_name for person in tryout.contacts.all()) == ["Lars Holm", "Mette Jensen"]
    # The school's visitkort now lists the try-out; the try-out names the school.
    school = page_of(leader_client.get(org.school.get_absolute_url()))
    assert "Morgenmad med borgerne" in school.select_one("section[aria-labelledby=unit-tryouts]").text
    assert org.school.get_absolute_url() in page_of(leader_client.get(tryout.get_absolute_url())).hrefs("aside a")


def test_several_matches_are_offered_to_choose_from_without_javascript(org, leader_client):
    tryout = org.tryouts.owned
    response = leader_client.post(edit_url(tryout), tryout_data(tryout, add_unit="S", summary="Ny tekst"))
    assert response.status_code == 200
    page = page_of(response)
    assert page.select_one("#id_add_unit-error")
    choices = {choice.text: choice for choice in page.select("fieldset label")}
    assert "Skolen ved Stranden" in choices
    assert page.select_one("textarea#id_summary").text == "Ny tekst", "what the user wrote is kept"
    tryout.refresh_from_db()
    assert not tryout.units.exists() and tryout.summary != "Ny tekst"

    response = leader_client.post(
        edit_url(tryout), tryout_data(tryout, add_unit="S", add_unit_pick=org.school.pk, summary="Ny tekst")
    )
    assert response.status_code == 302
    assert list(tryout.units.all()) == [org.school]


def test_unknown_names_and_the_owner_unit_are_refused_next_to_the_field(org, leader_client):
    tryout = org.tryouts.owned
    for typed in ("Findes ikke", "Hjemmeplejen Syd"):
        page = page_of(leader_client.post(edit_url(tryout), tryout_data(tryout, add_unit=typed)))
        assert page.select_one("#id_add_unit-error"), typed
    page = page_of(leader_client.post(edit_url(tryout), tryout_data(tryout, add_contact="Ingen Sådan")))
    assert page.select_one("#id_add_contact-error")
    assert not tryout.units.exists()


def test_unticking_takes_a_unit_or_contact_off(org, leader_client, employee):
    tryout = org.tryouts.owned
    tryout.units.add(org.school)
    page = page_of(leader_client.get(edit_url(tryout)))
    assert page.select_one(f"input[name=units][value='{org.school.pk}']").attrs.get("checked") is not None
    response = leader_client.post(edit_url(tryout), tryout_data(tryout, units=[], contacts=[]))
    assert response.status_code == 302
    assert not tryout.units.exists() and not tryout.contacts.exists()


def test_try_out_form_pages_make_a_fixed_number_of_queries(org, client, leader_client, django_assert_num_queries):
    tryout = org.tryouts.owned
    tryout.units.add(org.school)
    tryout.contacts.add(PersonFactory())
    create = count_queries(client, CREATE_URL)
    edit = count_queries(leader_client, edit_url(tryout))
    # However many participating units and contacts it has.
    tryout.units.add(*[UnitFactory() for _ in range(10)])
    tryout.contacts.add(*[PersonFactory() for _ in range(10)])
    with django_assert_num_queries(edit):
        leader_client.get(edit_url(tryout))
    # The edit page: +2 the try-out's units and contacts, +2 their boxes.
    assert (create, edit) == (8, 12)


def test_a_tryout_called_ny_does_not_hide_the_create_page(org, client):
    tryout = TryoutFactory(title="Ny", owner_unit=org.afdeling)

    assert tryout.slug == "ny-2"
    assert client.get(tryout.get_absolute_url()).status_code == 200
    assert client.get(reverse("tryouts:create")).status_code == 200


# --- titles are one line ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["Morgenmad\nmed beboerne", "Morgenmad\r\nmed\u2028beboerne", " Morgenmad\x0b med\x85beboerne\t\u2029"],
    ids=["newline", "crlf-and-line-separator", "vt-nel-tab-paragraph-separator"],
)
def test_a_new_title_is_kept_on_one_line(org, client, typed):
    response = client.post(CREATE_URL, create_form(client, owner_unit=org.afdeling.pk, title=typed))
    assert response.status_code == 302
    tryout = Tryout.objects.get(slug="morgenmad-med-beboerne")
    assert tryout.title == "Morgenmad med beboerne"
    assert page_of(client.get(response["Location"])).select_one("h1").text == "Morgenmad med beboerne"


def test_an_edited_title_is_kept_on_one_line(org, leader_client):
    tryout = org.tryouts.owned
    response = leader_client.post(edit_url(tryout), tryout_data(tryout, title="Morgenmad\r\nmed\u2028borgerne"))
    assert response.status_code == 302
    tryout.refresh_from_db()
    assert tryout.title == "Morgenmad med borgerne"


def test_a_title_of_nothing_but_control_characters_is_refused(org, client):
    response = client.post(CREATE_URL, create_form(client, owner_unit=org.afdeling.pk, title="\x01\u2028\x1c"))
    assert response.status_code == 200
    assert da("Write the title as text on one line.") in page_of(response).select_one("#id_title-error").text
    assert not Tryout.objects.filter(owner_unit=org.afdeling, slug__startswith="x").exists()
