"""Following topics, units and try-outs: the button (a plain form, no JavaScript), /mine/ with what
I follow and the digest setting, the signed unsubscribe link, and the news the digest records."""

import pytest
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from following.models import DigestSettings, ExpertiseAdded, Follow
from following.services import unsubscribe_token
from tests.conftest import da, login_redirect, page_of
from tests.factories import PersonFactory, TryoutFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_search_index")]


def follow_form(response):
    return page_of(response).select_one("form.follow-form")


def pages(org):
    return {
        "unit": (org.afdeling, org.afdeling.get_absolute_url()),
        "tryout": (org.tryouts.owned, org.tryouts.owned.get_absolute_url()),
        "topic": (Tag.objects.get(name="ældrepleje"), "/emner/aeldrepleje/"),
    }


@pytest.mark.parametrize("kind", ["unit", "tryout", "topic"])
def test_the_follow_button_follows_and_unfollows_without_javascript(client, employee, org, kind):
    obj, url = pages(org)[kind]
    form = follow_form(client.get(url))
    assert form.select_one("button").text.startswith(da("Follow"))
    assert form.select_one("input[name=csrfmiddlewaretoken]").attrs["value"]
    assert form.select_one("input[name=next]").attrs["value"] == url

    response = client.post(form.attrs["action"], {"next": url})
    assert response.status_code == 302 and response.url == url
    assert Follow.objects.filter(user=employee, kind=kind, object_id=obj.pk).exists()
    page = client.get(url)
    assert follow_form(page).select_one("button").text.startswith(da("Following"))
    assert (
        da("You now follow %(name)s. News about it comes in your weekly e-mail and on My page.") % {"name": obj}
        in page_of(page).text
    )

    client.post(form.attrs["action"], {"next": url})
    assert not Follow.objects.filter(user=employee).exists()
    assert follow_form(client.get(url)).select_one("button").text.startswith(da("Follow"))


def test_the_button_posts_with_a_working_csrf_token(employee, org):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(employee)
    url = org.afdeling.get_absolute_url()
    form = follow_form(browser.get(url))
    token = form.select_one("input[name=csrfmiddlewaretoken]").attrs["value"]
    assert browser.post(form.attrs["action"], {"next": url}).status_code == 403  # no token: refused
    assert browser.post(form.attrs["action"], {"next": url, "csrfmiddlewaretoken": token}).status_code == 302
    assert Follow.objects.filter(user=employee, kind="unit", object_id=org.afdeling.pk).exists()


def test_following_needs_a_post_a_known_kind_and_an_existing_visible_object(client, anon_client, org):
    url = reverse("following:toggle", args=["unit", org.afdeling.pk])
    assert client.get(url).status_code == 405
    assert anon_client.post(url).url == login_redirect(url)
    assert client.post(reverse("following:toggle", args=["person", org.afdeling.pk])).status_code == 404
    assert client.post(reverse("following:toggle", args=["unit", 999_999])).status_code == 404
    inactive = UnitFactory(is_active=False)
    assert client.post(reverse("following:toggle", args=["unit", inactive.pk])).status_code == 404
    assert not Follow.objects.exists()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "home", ""])
def test_the_button_returns_to_a_page_of_this_site_only(client, org, next_url):
    response = client.post(reverse("following:toggle", args=["unit", org.afdeling.pk]), {"next": next_url})
    assert response.url == org.afdeling.get_absolute_url()


def test_what_is_gone_is_no_longer_followed(client, employee, org):
    tryout = TryoutFactory(owner_unit=org.team)
    client.post(reverse("following:toggle", args=["tryout", tryout.pk]))
    tryout.delete()
    assert not Follow.objects.exists()


# --- /mine/ ---------------------------------------------------------------------------------------


def following_section(client):
    return page_of(client.get("/mine/")).select_one("section#following")


def test_mine_lists_what_i_follow_by_kind_with_links(client, org):
    for obj, kind in [(org.afdeling, "unit"), (org.team, "unit"), (org.tryouts.owned, "tryout")]:
        client.post(reverse("following:toggle", args=[kind, obj.pk]))
    client.post(reverse("following:toggle", args=["topic", Tag.objects.get(name="sundhed").pk]))
    section = following_section(client)
    assert section.texts("h3") == [f"{da('Topics')} (1)", f"{da('Units')} (2)", f"{da('Try-outs')} (1)"]
    lists = section.select("ul.follow-list")
    assert [a.text for a in lists[1].select("a")] == ["Hjemmeplejen Syd", "Team Haslev"]
    assert lists[0].hrefs() == ["/emner/sundhed/"]
    assert lists[2].hrefs() == [org.tryouts.owned.get_absolute_url()]


def test_mine_stops_following_and_comes_back_to_the_section(client, employee, org):
    client.post(reverse("following:toggle", args=["unit", org.team.pk]))
    form = following_section(client).select_one("ul.follow-list form")
    next_url = form.select_one("input[name=next]").attrs["value"]
    response = client.post(form.attrs["action"], {"next": next_url})
    assert response.url == "/mine/#following"
    assert not Follow.objects.exists()
    assert following_section(client).select_one("p").text == da(
        "You do not follow anything yet. Press “Follow” on a topic, a unit, a try-out, a KLE subject or a focus area "
        "of the strategy, and news about it comes to you once a week."
    )


def test_the_weekly_digest_is_turned_off_and_on_on_mine(client, employee):
    checkbox = following_section(client).select_one("input[name=weekly_digest]")
    assert "checked" in checkbox.attrs
    response = client.post(reverse("following:settings"), {})
    assert response.url == "/mine/#following"
    assert DigestSettings.objects.get(user=employee).weekly_digest is False
    assert "checked" not in following_section(client).select_one("input[name=weekly_digest]").attrs
    client.post(reverse("following:settings"), {"weekly_digest": "on"})
    assert DigestSettings.objects.get(user=employee).weekly_digest is True


# --- the signed unsubscribe link ---------------------------------------------------------------------


def test_the_unsubscribe_link_works_logged_out_with_one_button(anon_client, employee):
    url = reverse("following:unsubscribe", args=[unsubscribe_token(employee.pk)])
    page = page_of(anon_client.get(url))
    assert page.select_one("h1").text == da("Unsubscribe from the weekly e-mail")
    form = page.select_one("main form")
    assert form.attrs["action"] == url
    assert not DigestSettings.objects.filter(user=employee).exists()  # opening the link changes nothing

    response = anon_client.post(url)
    assert response.status_code == 200
    assert page_of(response).select_one("h1").text == da("You are unsubscribed")
    assert DigestSettings.objects.get(user=employee).weekly_digest is False


def test_a_mail_program_unsubscribes_with_one_post_and_no_csrf_token(employee):
    """RFC 8058: the List-Unsubscribe-Post header lets the mail program POST the link itself."""
    browser = Client(enforce_csrf_checks=True)
    url = reverse("following:unsubscribe", args=[unsubscribe_token(employee.pk)])
    assert browser.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert DigestSettings.objects.get(user=employee).weekly_digest is False


@pytest.mark.parametrize(
    "change",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature
        lambda token: "Mg" + token[2:],  # another user's id with the first user's signature
        lambda token: "rubbish",
    ],
    ids=["signature", "user", "rubbish"],
)
def test_a_changed_unsubscribe_link_is_refused_and_changes_nothing(anon_client, employee, org, change):
    other = PersonFactory(user=UserFactory()).user
    token = change(unsubscribe_token(employee.pk))
    url = reverse("following:unsubscribe", args=[token])
    for response in (anon_client.get(url), anon_client.post(url)):
        assert response.status_code == 400
        assert page_of(response).select_one("h1").text == da("The link does not work")
    assert not DigestSettings.objects.filter(user__in=[employee, other]).exists()


def test_the_unsubscribe_link_works_while_logged_in_as_someone_else(client, leader):
    url = reverse("following:unsubscribe", args=[unsubscribe_token(leader.pk)])
    client.post(url)
    assert DigestSettings.objects.get(user=leader).weekly_digest is False


# --- news the digest needs recorded ---------------------------------------------------------------


def test_a_topic_added_to_expertise_is_recorded_and_forgotten_when_removed(employee):
    person = employee.person
    assert sorted(ExpertiseAdded.objects.values_list("tag__name", flat=True)) == ["borgerinddragelse", "ældrepleje"]
    ExpertiseAdded.objects.all().delete()
    person.expertise.add("demens", "ældrepleje")  # ældrepleje was there already
    assert sorted(ExpertiseAdded.objects.values_list("tag__name", flat=True)) == ["demens"]
    person.expertise.set(["demens", "borgerinddragelse", "rehabilitering"])
    assert sorted(ExpertiseAdded.objects.values_list("tag__name", flat=True)) == ["demens", "rehabilitering"]
    person.expertise.remove("demens")
    assert list(ExpertiseAdded.objects.values_list("tag__name", flat=True)) == ["rehabilitering"]
    person.expertise.clear()  # a leaver's data is scrubbed
    assert not ExpertiseAdded.objects.exists()


def test_mine_asks_once_per_kind_followed_however_much_is_followed(employee, org, django_assert_num_queries):
    from tests.conftest import count_queries

    browser = Client()
    browser.force_login(employee)

    def follow_things(count):
        Follow.objects.all().delete()
        for number in range(count):
            Follow.objects.create(user=employee, kind="unit", object_id=UnitFactory(name=f"Enhed {number}").pk)
            Follow.objects.create(user=employee, kind="tryout", object_id=TryoutFactory(owner_unit=org.team).pk)
            Follow.objects.create(
                user=employee,
                kind="topic",
                object_id=Tag.objects.create(name=f"emne {count}-{number}", slug=f"emne-{count}-{number}").pk,
            )
        return count_queries(browser, "/mine/")

    assert follow_things(1) == follow_things(30)
    assert len(following_section(browser).select("ul.follow-list li")) == 90
