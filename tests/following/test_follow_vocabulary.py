"""Following KLE subjects and the strategy's focus areas (registered from portal): the button on
/emner/kle/… and /strategi/…, /mine/, and the news they bring in the weekly digest.

Time travels as in test_digest.py: the `quiet` organisation's news is two months old, and the
news of a test is dated after the follows it is news for.
"""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag

from following.digest import send_digests
from following.models import DigestSettings, ExpertiseAdded, Follow
from tests.conftest import count_queries, da, page_of
from tests.factories import MembershipFactory, PersonFactory, TryoutFactory, UnitTaskFactory, UserFactory
from tests.following.test_digest import at, dated, follow, quiet  # noqa: F401 (quiet is a fixture)
from tests.vocabulary.conftest import load_kle
from tryouts.models import Track
from vocabulary import services
from vocabulary.models import Aspect, FocusAnswer, FocusArea, Strategy, TopicSubject

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_search_index")]


@pytest.fixture
def kle(db):
    return load_kle()


def borger():
    """The focus area made from the track Borgerperspektivet (the org's "Morgenmad med borgerne")."""
    return FocusArea.objects.get(track__slug="borgerperspektivet")


def follow_form(response):
    return page_of(response).select_one("form.follow-form")


# --- the button -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["subject", "focusarea"])
def test_the_follow_button_follows_and_unfollows_a_subject_and_a_focus_area(client, employee, kle, kind):
    obj = kle["27.36"] if kind == "subject" else borger()
    url = obj.get_absolute_url()
    form = follow_form(client.get(url))
    button = form.select_one("button")
    assert button.text == f"{da('Follow')} {obj}"  # the visible word, and for a screen reader what
    assert form.select_one("input[name=csrfmiddlewaretoken]").attrs["value"]
    assert form.attrs["action"] == reverse("following:toggle", args=[kind, obj.pk])

    response = client.post(form.attrs["action"], {"next": url})
    assert response.status_code == 302 and response.url == url
    assert Follow.objects.filter(user=employee, kind=kind, object_id=obj.pk).exists()
    page = client.get(url)
    assert follow_form(page).select_one("button").text.startswith(da("Following"))
    assert follow_form(page).select_one("button").attrs["data-following"] == "true"
    assert (
        da("You now follow %(name)s. News about it comes in your weekly e-mail and on My page.") % {"name": obj}
        in page_of(page).text
    )

    client.post(form.attrs["action"], {"next": url})
    assert not Follow.objects.filter(user=employee).exists()
    assert follow_form(client.get(url)).select_one("button").text.startswith(da("Follow"))


def test_a_deleted_focus_area_is_no_longer_followed(client, employee):
    strategy = Strategy.objects.create(name="Udviklingsstrategi", slug="udvikling")
    area = FocusArea.objects.create(strategy=strategy, title="Grøn omstilling", slug="groen-omstilling")
    client.post(reverse("following:toggle", args=["focusarea", area.pk]))
    assert Follow.objects.filter(kind="focusarea").exists()
    strategy.delete()  # its focus areas go with it
    assert not Follow.objects.exists()


# --- /mine/ ---------------------------------------------------------------------------------------


def test_mine_lists_the_subjects_and_focus_areas_i_follow(client, org, kle):
    client.post(reverse("following:toggle", args=["unit", org.team.pk]))
    client.post(reverse("following:toggle", args=["subject", kle["27.36.04"].pk]))
    client.post(reverse("following:toggle", args=["subject", kle["P08"].pk]))
    client.post(reverse("following:toggle", args=["focusarea", borger().pk]))
    section = page_of(client.get("/mine/")).select_one("section#following")
    assert section.texts("h3") == [
        f"{da('Units')} (1)",
        f"{da('KLE subjects')} (2)",
        f"{da('Focus areas of the strategy')} (1)",
    ]
    lists = section.select("ul.follow-list")
    assert [a.text for a in lists[1].select("a")] == ["27.36.04 Personlig og praktisk hjælp", "P08 Forsøgsordninger"]
    assert lists[1].hrefs() == ["/emner/kle/27.36.04/", "/emner/kle/P08/"]
    assert [a.text for a in lists[2].select("a")] == ["Borgerperspektivet"]
    assert lists[2].hrefs() == [borger().get_absolute_url()]
    # Stop following from /mine/, back to the section.
    form = lists[2].select_one("form")
    response = client.post(form.attrs["action"], {"next": form.select_one("input[name=next]").attrs["value"]})
    assert response.url == "/mine/#following"
    assert not Follow.objects.filter(kind="focusarea").exists()


# --- the digest -----------------------------------------------------------------------------------


def titles(message):
    return [line[2:].split(" (")[0] for line in message.body.splitlines() if line.startswith("- ")]


@pytest.mark.usefixtures("quiet")
def test_a_followed_subject_brings_its_try_outs_tasks_and_topics_and_nothing_else(org, employee, kle):
    follow(employee, kle["27.36"], "subject")  # a group: its subjects below count too
    services.add_unit_subject(org.school, kle["27.36.04"], Aspect.ANSVARLIG)
    services.add_unit_subject(org.team, kle["27.36.08"], Aspect.UDFOERENDE)
    services.add_unit_subject(org.other_centre, kle["27.36.04"], Aspect.INDSIGT)  # only looks on
    demens, _created = Tag.objects.get_or_create(name="demens", defaults={"slug": "demens"})
    TopicSubject.objects.create(tag=demens, subject=kle["27.36.04"])

    carries = TryoutFactory(title="Madvenner i hjemmet", owner_unit=org.other_centre, tags=[])
    services.add_tryout_subject(carries, kle["27.36.04"])
    dated(carries, at(1), created=at(1))
    unrelated = TryoutFactory(title="Lektiecafé", owner_unit=org.school, tags=[])  # the responsible unit's
    services.add_tryout_subject(unrelated, kle["17.01.05"])
    dated(unrelated, at(1), created=at(1))
    with_topic = TryoutFactory(title="Demensvenlig have", owner_unit=org.other_centre, tags=["demens"])
    dated(with_topic, at(1.1), created=at(1.1))
    dated(UnitTaskFactory(unit=org.school, title="Ny madordning", starts_on=at(-1).date()), at(1))
    dated(UnitTaskFactory(unit=org.team, title="Aftenbesøg", starts_on=at(-1).date()), at(1))
    dated(UnitTaskFactory(unit=org.other_centre, title="Budgetopfølgning", starts_on=at(-1).date()), at(1))
    dated(UnitTaskFactory(unit=org.afdeling, title="Sommerfest", starts_on=at(-1).date()), at(1))
    colleague = PersonFactory(first_name="Karen", last_name="Lund", title="Sygeplejerske")
    MembershipFactory(person=colleague, unit=org.school)
    colleague.expertise.add("demens")
    ExpertiseAdded.objects.filter(person=colleague).update(added_at=at(1))

    run = send_digests(now=at(2))

    assert (run.due, run.sent) == (1, 1)
    message = mail.outbox[0]
    found = titles(message)
    assert found[:2] == ["Demensvenlig have", "Madvenner i hjemmet"]  # newest first
    assert "Lektiecafé" not in message.body  # the responsible unit's try-out in another subject
    assert sorted(found[2:4]) == ["Aftenbesøg", "Ny madordning"]  # the performing and the responsible unit's
    assert "Budgetopfølgning" not in message.body and "Sommerfest" not in message.body
    assert "- Karen Lund, Sygeplejerske, Skolen ved Stranden: demens" in message.body
    assert f"Fordi du følger: {kle['27.36']}" in message.body
    html = next(content for content, kind in message.alternatives if kind == "text/html")
    assert '<a href="http://localhost:8000/emner/kle/27.36/"' in html  # the followed subject, linked


@pytest.mark.usefixtures("quiet")
def test_a_subject_with_nothing_new_sends_nothing(org, employee, kle):
    follow(employee, kle["27.39"], "subject")
    other = TryoutFactory(title="Andet emne", owner_unit=org.afdeling, tags=[])
    services.add_tryout_subject(other, kle["27.36.04"])
    dated(other, at(1), created=at(1))
    run = send_digests(now=at(2))
    assert (run.due, run.sent, run.nothing_new) == (1, 0, 1)
    assert mail.outbox == []


@pytest.mark.usefixtures("quiet")
def test_a_followed_focus_area_brings_its_tied_try_outs_and_linked_tasks(org, employee):
    area = borger()
    follow(employee, area, "focusarea")
    on_track = TryoutFactory(title="Borgerpanel", owner_unit=org.school, track=area.track, tags=[])
    dated(on_track, at(1), created=at(1))
    linked = TryoutFactory(title="Åben dag", owner_unit=org.school, track=Track.objects.get(slug="styring"), tags=[])
    other_track = TryoutFactory(title="Ny mødestruktur", owner_unit=org.afdeling, track=linked.track, tags=[])
    task = UnitTaskFactory(unit=org.afdeling, title="Borgermøder", starts_on=at(-1).date())
    not_linked = UnitTaskFactory(unit=org.afdeling, title="Ny kaffemaskine", starts_on=at(-1).date())
    answer = FocusAnswer.objects.create(unit=org.afdeling, focus_area=area, text="Vi spørger borgerne.")
    answer.tryouts.add(linked)
    answer.tasks.add(task)
    for tryout in (linked, other_track):
        dated(tryout, at(1.2), created=at(1.2))
    for made in (task, not_linked):
        dated(made, at(1))

    send_digests(now=at(2))

    body = mail.outbox[0].body
    assert titles(mail.outbox[0]) == ["Åben dag", "Borgerpanel", "Borgermøder"]
    assert "Ny mødestruktur" not in body and "Ny kaffemaskine" not in body
    assert "Fordi du følger: Borgerperspektivet" in body


@pytest.mark.usefixtures("quiet")
def test_a_run_asks_the_same_number_of_times_for_1_or_3_subjects_and_focus_areas(org, kle):
    areas = list(FocusArea.objects.filter(track__isnull=False))
    subjects = [kle["27.36"], kle["27.39"], kle["P"]]
    for number in ("27.36.04", "27.39.08", "P08"):
        services.add_unit_subject(org.afdeling, kle[number], Aspect.UDFOERENDE)
    services.add_tryout_subject(org.tryouts.owned, kle["27.36.04"])
    dated(org.tryouts.owned, at(1))

    def run_with(count):
        Follow.objects.all().delete()
        DigestSettings.objects.all().delete()
        mail.outbox.clear()
        for number in range(count):
            user = UserFactory(email=f"f{number}@faxekommune.dk")
            follow(user, subjects[number], "subject")
            follow(user, areas[number], "focusarea")
        with CaptureQueriesContext(connection) as queries:
            send_digests(now=at(2))
        return len(queries)

    assert run_with(1) == run_with(3)


def test_mine_asks_once_per_kind_however_many_subjects_and_focus_areas(employee, kle):
    browser = Client()
    browser.force_login(employee)
    strategy = Strategy.objects.create(name="Udviklingsstrategi", slug="udvikling")
    areas = [FocusArea.objects.create(strategy=strategy, title=f"Område {n}", slug=f"omraade-{n}") for n in range(5)]
    subjects = [kle[number] for number in ("17", "17.01", "27.36", "27.39.08", "P08")]

    def follow_things(count):
        Follow.objects.all().delete()
        for number in range(count):
            Follow.objects.create(user=employee, kind="subject", object_id=subjects[number].pk)
            Follow.objects.create(user=employee, kind="focusarea", object_id=areas[number].pk)
        return count_queries(browser, "/mine/")

    assert follow_things(1) == follow_things(5)
    section = page_of(browser.get("/mine/")).select_one("section#following")
    assert len(section.select("ul.follow-list li")) == 10
