"""Suggestions on visitkort and try-outs: anyone writes one, the card's editors accept or decline it
once, the nearest editors and the author hear about it by email after the commit.

Permission matrix tested here (allowed ✓ / refused ✗, through real requests, direct POSTs included):

    who                                   suggest  see open  accept/decline  read suggestion page
    employee of the unit                  ✓        ✗         ✗ (403)          own only
    leader of the unit                    ✓        ✓         ✓               ✓
    leader of the centre above            ✓        ✓         ✓               ✓
    delegated editor (UnitEditor)         ✓        ✓         ✓               ✓
    leader in another centre              ✓        ✗         ✗ (403)          ✗ (403)
    anonymous                             login    login     login           login
Try-outs: the editors of the owner unit decide; a participating unit's leader does not.
"""

import pytest
from django.test import Client
from django.urls import reverse

from people.models import Person, Role
from tests.conftest import da, login_redirect, make_user_with_person, page_of
from tests.factories import SuggestionFactory, UserFactory
from tryouts.models import Tryout
from units.models import Suggestion, SuggestionStatus, Unit, UnitEditor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_search_index")]

XSS = "<script>alert(1)</script>"


def login(user):
    browser = Client()
    browser.force_login(user)
    return browser


def suggest_url(target):
    kind = "units" if target._meta.model_name == "unit" else "tryouts"
    return reverse(f"{kind}:suggest", kwargs={"slug": target.slug})


def accept_url(suggestion):
    return reverse("units:accept_suggestion", kwargs={"pk": suggestion.pk})


def decline_url(suggestion):
    return reverse("units:decline_suggestion", kwargs={"pk": suggestion.pk})


@pytest.fixture
def centre_leader(org):
    return make_user_with_person(
        "centerchef", org.centre, Role.LEDER, first_name="Carl", last_name="Centerchef", email="carl@faxekommune.dk"
    )


@pytest.fixture
def delegated_editor(org):
    user = make_user_with_person(
        "redaktoer", org.school, Role.MEDARBEJDER, first_name="Rikke", last_name="Ravn", email="rikke@faxekommune.dk"
    )
    UnitEditor.objects.create(user=user, unit=org.afdeling)
    return user


@pytest.fixture
def school_leader(org):
    return make_user_with_person(
        "skoleleder", org.school, Role.LEDER, first_name="Sofie", last_name="Skov", email="sofie@faxekommune.dk"
    )


@pytest.fixture
def people(employee, leader, centre_leader, delegated_editor, school_leader):
    return {
        "employee": employee,
        "leader": leader,
        "centre_leader": centre_leader,
        "delegated_editor": delegated_editor,
        "school_leader": school_leader,
    }


EDITORS = ["leader", "centre_leader", "delegated_editor"]
NOT_EDITORS = ["employee", "school_leader"]


@pytest.fixture
def open_suggestion(org, employee):
    return SuggestionFactory(author=employee, target=org.afdeling, text="Tilføj vores nye telefonnummer.")


# --- writing a suggestion ----------------------------------------------------------------------


@pytest.mark.parametrize("target", ["afdeling", "tryout"])
def test_every_employee_sees_the_suggestion_form(client, org, target):
    obj = org.afdeling if target == "afdeling" else org.tryouts.owned
    section = page_of(client.get(obj.get_absolute_url())).select_one("section#suggestions")
    assert section.select_one("h2").text == da("Suggest an addition or correction")
    form = section.select_one("form")
    assert form.attrs["method"] == "post"
    assert form.attrs["action"] == suggest_url(obj)
    textarea = section.select_one("textarea")
    assert textarea.attrs["name"] == "suggestion-text"
    assert section.select_one(f"label[for={textarea.attrs['id']}]").text == da("Your suggestion")


@pytest.mark.parametrize("target", ["afdeling", "tryout"])
def test_a_suggestion_is_stored_and_the_author_thanked(client, org, employee, target):
    obj = org.afdeling if target == "afdeling" else org.tryouts.owned
    response = client.post(suggest_url(obj), {"suggestion-text": "  Tilføj vores åbningstider.\r\nTak!  "}, follow=True)
    assert response.redirect_chain == [(f"{obj.get_absolute_url()}#suggestions", 302)]
    suggestion = Suggestion.objects.get()
    assert (suggestion.author, suggestion.target, suggestion.status) == (employee, obj, SuggestionStatus.OPEN)
    assert suggestion.text == "Tilføj vores åbningstider.\nTak!"
    assert da("Thank you. Your suggestion has been sent to the card's editors.") in page_of(response).text


@pytest.mark.parametrize("target", ["afdeling", "tryout"])
def test_after_sending_the_thanks_and_the_waiting_suggestion_are_shown_at_the_form(client, org, target):
    """The user lands at the suggestion section (the card may be long): the thanks is there, not at
    the top of the page, and their suggestion is listed as waiting for an answer."""
    obj = org.afdeling if target == "afdeling" else org.tryouts.owned
    response = client.post(suggest_url(obj), {"suggestion-text": "Tilføj vores åbningstider."}, follow=True)
    page = page_of(response)
    thanks = da("Thank you. Your suggestion has been sent to the card's editors.")
    section = page.select_one("section#suggestions")
    assert thanks in section.select_one("[role=status]").text
    assert not page.select(".messages [role=status]"), "the thanks is not repeated at the top of the page"
    waiting = section.select("li.own-suggestion")
    assert len(waiting) == 1
    assert "Tilføj vores åbningstider." in waiting[0].text
    assert da("Your suggestions waiting for an answer") in section.text

    # Later visits still list it (and no thanks); a colleague does not see it.
    again = page_of(client.get(obj.get_absolute_url())).select_one("section#suggestions")
    assert "Tilføj vores åbningstider." in again.text
    assert thanks not in again.text
    colleague = login(UserFactory())
    assert "Tilføj vores åbningstider." not in page_of(colleague.get(obj.get_absolute_url())).text


def test_the_suggestion_form_has_a_page_of_its_own(client, org):
    response = client.get(suggest_url(org.afdeling))
    page = page_of(response)
    assert page.select_one("h1").text == da("Suggest an addition or correction")
    assert page.select_one("main form").attrs["action"] == suggest_url(org.afdeling)


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Write your suggestion."), ("   ", "Write your suggestion."), ("x" * 2001, None)],
    ids=["empty", "blank", "too-long"],
)
def test_a_bad_suggestion_is_refused_with_a_message_and_the_text_kept(client, org, text, message):
    response = client.post(suggest_url(org.afdeling), {"suggestion-text": text})
    assert response.status_code == 200
    page = page_of(response)
    summary = page.select_one(".error-summary")
    assert summary.hrefs() == ["#id_suggestion-text"]
    if message:
        assert da(message) in summary.text
    else:
        assert "2000" in summary.text
        assert page.select_one("textarea").text == text
    assert page.select_one("textarea").attrs["aria-invalid"] == "true"
    assert not Suggestion.objects.exists()


def test_the_longest_suggestion_is_accepted(client, org):
    client.post(suggest_url(org.afdeling), {"suggestion-text": "x" * 2000})
    assert len(Suggestion.objects.get().text) == 2000


def test_odd_input_gives_a_page_not_an_error(client, org):
    response = client.post(suggest_url(org.afdeling), {"suggestion-text": "nul\x00tegn"})
    assert response.status_code == 200
    assert not Suggestion.objects.exists()
    assert client.post(suggest_url(org.afdeling), {}).status_code == 200


def test_a_double_click_stores_the_suggestion_once(client, org):
    data = {"suggestion-text": "Tilføj vores nye adresse."}
    client.post(suggest_url(org.afdeling), data)
    response = client.post(suggest_url(org.afdeling), data, follow=True)
    assert Suggestion.objects.count() == 1
    assert da("You have already sent this suggestion. It is waiting for an answer.") in page_of(response).text


def test_html_in_a_suggestion_is_shown_as_text(client, leader_client, org):
    client.post(suggest_url(org.afdeling), {"suggestion-text": XSS})
    for browser, url in [(leader_client, org.afdeling.get_absolute_url()), (client, "/mine/")]:
        content = browser.get(url).content.decode()
        assert XSS not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_suggestions_to_missing_or_inactive_cards_are_not_found(client, org):
    org.team.is_active = False
    org.team.save()
    assert client.post(suggest_url(org.team), {"suggestion-text": "Hej"}).status_code == 404
    assert client.post("/enheder/findes-ikke/forslag/", {"suggestion-text": "Hej"}).status_code == 404
    assert client.post("/proevehandlinger/findes-ikke/forslag/", {"suggestion-text": "Hej"}).status_code == 404
    assert not Suggestion.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(anon_client, org, open_suggestion):
    for url in [suggest_url(org.afdeling), accept_url(open_suggestion), f"/enheder/forslag/{open_suggestion.pk}/"]:
        response = anon_client.post(url, {"suggestion-text": "Hej"})
        assert response.status_code == 302
        assert response["Location"] == login_redirect(url)
    assert Suggestion.objects.get().status == SuggestionStatus.OPEN


# --- who sees and decides ----------------------------------------------------------------------


@pytest.mark.parametrize("who", EDITORS)
def test_editors_see_open_suggestions_on_the_card(people, org, open_suggestion, who):
    section = page_of(login(people[who]).get(org.afdeling.get_absolute_url())).select_one("section#suggestions")
    items = section.select("li.open-suggestion")
    assert [item.select_one("blockquote").text for item in items] == ["Tilføj vores nye telefonnummer."]
    assert "Mette Jensen" in items[0].text
    assert items[0].select_one("form").attrs["action"] == accept_url(open_suggestion)
    assert items[0].select_one("button").text == da("Accept and edit the card")


@pytest.mark.parametrize("who", NOT_EDITORS)
def test_others_do_not_see_open_suggestions(people, org, who):
    # Written by a third colleague: authors see their own (below).
    suggestion = SuggestionFactory(target=org.afdeling, text="Tilføj vores nye telefonnummer.")
    section = page_of(login(people[who]).get(org.afdeling.get_absolute_url())).select_one("section#suggestions")
    assert not section.select("li.open-suggestion")
    assert "Tilføj vores nye telefonnummer." not in section.text
    assert accept_url(suggestion) not in str(section.select("form"))


def test_the_author_sees_their_own_waiting_suggestion_without_deciding_on_it(people, org, open_suggestion):
    section = page_of(login(people["employee"]).get(org.afdeling.get_absolute_url())).select_one("section#suggestions")
    assert not section.select("li.open-suggestion")
    assert [item.select_one("blockquote").text for item in section.select("li.own-suggestion")] == [
        "Tilføj vores nye telefonnummer."
    ]
    assert people["employee"].person.full_name in section.select_one("li.own-suggestion").text
    assert accept_url(open_suggestion) not in str(section.select("form"))


@pytest.mark.parametrize("who", EDITORS)
def test_editors_accept_and_land_on_the_edit_page(people, org, open_suggestion, who):
    response = login(people[who]).post(accept_url(open_suggestion), {"accept-reply": "Godt set!"})
    assert response.status_code == 302
    assert response["Location"] == f"/enheder/{org.afdeling.slug}/rediger/?forslag={open_suggestion.pk}"
    open_suggestion.refresh_from_db()
    assert open_suggestion.status == SuggestionStatus.ACCEPTED
    assert open_suggestion.resolver == people[who]
    assert open_suggestion.resolved_at is not None
    assert open_suggestion.reply == "Godt set!"


@pytest.mark.parametrize("who", NOT_EDITORS)
@pytest.mark.parametrize("decision", ["accept", "decline"])
def test_others_are_refused_even_with_a_direct_post(people, org, open_suggestion, who, decision):
    url = accept_url(open_suggestion) if decision == "accept" else decline_url(open_suggestion)
    response = login(people[who]).post(url, {f"{decision}-reply": "Nej"})
    assert response.status_code == 403
    page = page_of(response)
    assert page.select_one("h1").text == da("You do not have access to this")
    assert "Lars Holm" in page.select_one("main").text, "the refusal says who can decide"
    open_suggestion.refresh_from_db()
    assert (open_suggestion.status, open_suggestion.resolver) == (SuggestionStatus.OPEN, None)


@pytest.mark.parametrize("who", EDITORS)
def test_editors_decline_with_a_reply(people, org, open_suggestion, who):
    response = login(people[who]).post(
        decline_url(open_suggestion), {"decline-reply": "Nummeret er ikke i brug endnu."}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{org.afdeling.get_absolute_url()}#suggestions"
    open_suggestion.refresh_from_db()
    assert open_suggestion.status == SuggestionStatus.DECLINED
    assert open_suggestion.reply == "Nummeret er ikke i brug endnu."
    assert open_suggestion.resolver == people[who]


@pytest.mark.parametrize("reply", ["", "   ", "x" * 501])
def test_a_decline_needs_a_short_reply(leader_client, open_suggestion, reply):
    response = leader_client.post(decline_url(open_suggestion), {"decline-reply": reply})
    assert response.status_code == 400
    page = page_of(response)
    assert page.select_one(".error-summary").hrefs() == ["#id_decline-reply"]
    if reply.strip():
        assert page.select_one("#id_decline-reply").text == reply
    else:
        assert da("Write a short reason for declining.") in page.select_one(".error-summary").text
    open_suggestion.refresh_from_db()
    assert open_suggestion.status == SuggestionStatus.OPEN


def test_accepting_and_declining_are_post_only(leader_client, open_suggestion):
    assert leader_client.get(accept_url(open_suggestion)).status_code == 405
    assert leader_client.get(decline_url(open_suggestion)).status_code == 405
    open_suggestion.refresh_from_db()
    assert open_suggestion.status == SuggestionStatus.OPEN


def test_unknown_suggestions_are_not_found(leader_client):
    assert leader_client.post("/enheder/forslag/999999/accepter/").status_code == 404
    assert leader_client.get("/enheder/forslag/999999/").status_code == 404


# --- only once ---------------------------------------------------------------------------------


def test_a_double_click_on_accept_decides_once(
    leader_client, open_suggestion, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = leader_client.post(accept_url(open_suggestion))
    open_suggestion.refresh_from_db()
    resolved_at = open_suggestion.resolved_at
    with django_capture_on_commit_callbacks(execute=True):
        second = leader_client.post(accept_url(open_suggestion))
    assert first["Location"] == second["Location"]
    open_suggestion.refresh_from_db()
    assert open_suggestion.resolved_at == resolved_at
    assert len(mailoutbox) == 1, "the author hears about it once"


def test_a_decided_suggestion_cannot_be_decided_again(people, open_suggestion):
    login(people["leader"]).post(decline_url(open_suggestion), {"decline-reply": "Ikke nu."})
    for who, url, data in [
        ("leader", accept_url(open_suggestion), {}),
        ("centre_leader", accept_url(open_suggestion), {}),
        ("centre_leader", decline_url(open_suggestion), {"decline-reply": "Heller ikke."}),
    ]:
        response = login(people[who]).post(url, data)
        assert response.status_code == 409, (who, url)
        page = page_of(response)
        assert da("The suggestion has already been decided on") in page.select_one("[role=alert]").text
        assert "Lars Holm" in page.select_one("[role=alert]").text
    open_suggestion.refresh_from_db()
    assert (open_suggestion.status, open_suggestion.reply) == (SuggestionStatus.DECLINED, "Ikke nu.")
    assert open_suggestion.resolver == people["leader"]


# --- try-outs ----------------------------------------------------------------------------------


def test_try_out_suggestions_are_decided_by_the_owner_units_editors(people, org):
    # The try-out of the school has Hjemmeplejen Syd taking part: its leader does not decide.
    suggestion = SuggestionFactory(author=people["employee"], target=org.tryouts.participating)
    assert login(people["leader"]).post(accept_url(suggestion)).status_code == 403
    response = login(people["school_leader"]).post(accept_url(suggestion))
    assert (
        response["Location"] == f"/proevehandlinger/{org.tryouts.participating.slug}/rediger/?forslag={suggestion.pk}"
    )


def test_owner_unit_editors_see_open_suggestions_on_the_try_out(people, org):
    SuggestionFactory(author=people["employee"], target=org.tryouts.owned, text="Nævn Faxe Madklub som partner.")
    for who, sees in [("leader", True), ("centre_leader", True), ("employee", False), ("school_leader", False)]:
        page = page_of(login(people[who]).get(org.tryouts.owned.get_absolute_url()))
        shown = page.select_one("section#suggestions").texts("li.open-suggestion blockquote")
        assert shown == (["Nævn Faxe Madklub som partner."] if sees else []), who


# --- the suggestion's own page -----------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("employee", 200), ("leader", 200), ("school_leader", 403)])
def test_the_suggestion_page_is_for_its_author_and_editors(people, open_suggestion, who, status):
    response = login(people[who]).get(f"/enheder/forslag/{open_suggestion.pk}/")
    assert response.status_code == status
    if status == 200:
        page = page_of(response)
        assert "Tilføj vores nye telefonnummer." in page.select_one("main").text
        has_forms = bool(page.select("main form"))
        assert has_forms == (who == "leader")


# --- emails ------------------------------------------------------------------------------------


def test_a_new_suggestion_is_emailed_to_the_nearest_editors_after_the_commit(
    client, people, org, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(suggest_url(org.afdeling), {"suggestion-text": "Tilføj jeres nye adresse."})
    assert mailoutbox == [], "nothing is sent before the commit"
    for callback in callbacks:
        callback()
    # The unit's own leader and its delegated editor; the centre leader above is not mailed about
    # every card below, and the author is not mailed about their own suggestion.
    assert sorted(message.to[0] for message in mailoutbox) == ["lars.holm@faxekommune.dk", "rikke@faxekommune.dk"]
    message = mailoutbox[0]
    assert message.subject == da("New suggestion for %(target)s") % {"target": "Hjemmeplejen Syd"}
    assert "Mette Jensen" in message.body
    assert "Tilføj jeres nye adresse." in message.body
    assert f"http://localhost:8000/enheder/{org.afdeling.slug}/#suggestions" in message.body


def test_a_unit_without_its_own_leader_mails_the_leader_above(
    client, leader, org, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(suggest_url(org.team), {"suggestion-text": "Team Haslev har flyttet."})
    assert [message.to for message in mailoutbox] == [["lars.holm@faxekommune.dk"]]


def test_a_try_out_suggestion_mails_the_owner_units_editors(
    client, leader, org, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(suggest_url(org.tryouts.owned), {"suggestion-text": "Nævn madklubben."})
    assert [message.to for message in mailoutbox] == [["lars.holm@faxekommune.dk"]]
    assert "Morgenmad med borgerne" in mailoutbox[0].subject


def test_no_email_when_the_suggestion_is_refused(client, leader, org, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(suggest_url(org.afdeling), {"suggestion-text": ""})
    assert mailoutbox == []


@pytest.mark.parametrize("accept", [True, False])
def test_the_author_is_emailed_the_outcome(
    leader_client, open_suggestion, mailoutbox, django_capture_on_commit_callbacks, accept
):
    url = accept_url(open_suggestion) if accept else decline_url(open_suggestion)
    data = {"accept-reply": "Tak!"} if accept else {"decline-reply": "Det passer ikke."}
    with django_capture_on_commit_callbacks(execute=True):
        leader_client.post(url, data)
    assert [message.to for message in mailoutbox] == [["mette.jensen@faxekommune.dk"]]
    message = mailoutbox[0]
    expected = (
        "Your suggestion for %(target)s was accepted" if accept else "Your suggestion for %(target)s was declined"
    )
    assert message.subject == da(expected) % {"target": "Hjemmeplejen Syd"}
    assert "Lars Holm" in message.body
    assert ("Tak!" if accept else "Det passer ikke.") in message.body
    assert "Tilføj vores nye telefonnummer." in message.body


def test_a_refused_decision_sends_no_email(client, open_suggestion, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(accept_url(open_suggestion))
    assert mailoutbox == []


def test_a_mail_server_failure_does_not_lose_the_suggestion(
    client, leader, org, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(suggest_url(org.afdeling), {"suggestion-text": "Virker det?"})
    assert response.status_code == 302
    assert Suggestion.objects.get().text == "Virker det?"
    assert "could not send suggestion emails" in caplog.text


def test_a_try_out_started_with_a_line_break_in_its_title_still_gets_suggestion_emails(
    client, leader, org, mailoutbox, django_capture_on_commit_callbacks
):
    """A line break in an email subject made every suggestion email for the card fail."""
    form = page_of(client.get(reverse("tryouts:create")))
    data = {
        "token": form.select_one("input#id_token").attrs["value"],
        "owner_unit": org.afdeling.pk,
        "title": "Gåtur\nfor\u2028seniorer",
        "status": "ide",
    }
    created = client.post(reverse("tryouts:create"), data)
    assert created.status_code == 302
    tryout = Tryout.objects.get(title="Gåtur for seniorer")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(suggest_url(tryout), {"suggestion-text": "Inviter ældrerådet."})
    assert [message.to for message in mailoutbox] == [["lars.holm@faxekommune.dk"]]
    assert mailoutbox[0].subject == da("New suggestion for %(target)s") % {"target": "Gåtur for seniorer"}


def test_a_name_stored_with_a_line_break_before_the_fix_still_gives_a_one_line_subject(
    client, leader, org, mailoutbox, django_capture_on_commit_callbacks
):
    Unit.objects.filter(pk=org.afdeling.pk).update(name="Hjemmeplejen\r\nSyd\u2028")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(suggest_url(org.afdeling), {"suggestion-text": "Ret navnet."})
    assert response.status_code == 302
    assert [message.subject for message in mailoutbox] == [
        da("New suggestion for %(target)s") % {"target": "Hjemmeplejen Syd"}
    ]


def test_an_email_that_still_fails_is_logged_and_the_others_are_sent(
    client, people, org, mailoutbox, caplog, django_capture_on_commit_callbacks
):
    # A broken address in an old row (the forms and the import validate addresses).
    Person.objects.filter(user=people["delegated_editor"]).update(email="rikke@faxekommune.dk\nBcc: alle@faxe.dk")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(suggest_url(org.afdeling), {"suggestion-text": "Tilføj telefontiden."})
    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [["lars.holm@faxekommune.dk"]]
    failure = next(record for record in caplog.records if record.getMessage().startswith("could not send"))
    assert failure.levelname == "ERROR"
    assert f"suggestion {Suggestion.objects.get().pk}" in failure.getMessage()


def test_an_author_without_an_email_address_is_not_mailed(
    leader_client, org, mailoutbox, django_capture_on_commit_callbacks
):
    suggestion = SuggestionFactory(author=UserFactory(username="uden-mail", email=""), target=org.afdeling)
    with django_capture_on_commit_callbacks(execute=True):
        leader_client.post(decline_url(suggestion), {"decline-reply": "Nej tak."})
    assert mailoutbox == []


# --- accepted, then applied ----------------------------------------------------------------------


def test_an_accepted_suggestion_links_to_the_change_that_applied_it(client, leader_client, org, open_suggestion):
    edit = leader_client.post(accept_url(open_suggestion))["Location"]
    form = page_of(leader_client.get(edit)).select_one("main form[method=post]")
    data = {}
    for element in form.select("input") + form.select("textarea"):
        name = element.attrs.get("name")
        if not name or element.attrs.get("type") in {"submit", "checkbox"}:
            continue
        data[name] = element.text if element.tag == "textarea" else element.attrs.get("value", "")
    for checkbox in form.select("input[type=checkbox][checked]"):
        data[checkbox.attrs["name"]] = checkbox.attrs.get("value", "on")
    data["phone"] = "56 20 30 99"
    response = leader_client.post(edit, data)
    assert response.status_code == 302, page_of(response).select(".error-summary")
    open_suggestion.refresh_from_db()
    assert open_suggestion.change_id is not None
    mine = page_of(client.get("/mine/")).select_one("section[aria-labelledby=my-suggestions]")
    assert mine.hrefs(".suggestion a")[-1] == reverse("units:history", kwargs={"slug": org.afdeling.slug})
    assert da("See the change") in mine.text
