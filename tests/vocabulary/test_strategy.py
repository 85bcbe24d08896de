"""The strategy as data: the tracks as the first strategy's focus areas, any other strategy an
administrator adds, the units' answers on the visitkort (written by its editors), and /strategi/
with the answers, the tied try-outs and the leader's units that have not answered."""

from datetime import UTC, date, datetime

import pytest

from people.models import Person
from tests.conftest import assert_queries_do_not_grow, da, page_of
from tests.factories import (
    MembershipFactory,
    PersonFactory,
    TrackFactory,
    TryoutFactory,
    UnitFactory,
    UnitTaskFactory,
    UserFactory,
)
from tryouts.models import Track, Tryout
from units.models import Role, UnitKind
from vocabulary.models import FocusAnswer, FocusArea, Strategy


def areas_of(slug):
    return list(FocusArea.objects.filter(strategy__slug=slug).order_by("position").values_list("title", "track__slug"))


def test_the_tracks_are_the_first_strategys_focus_areas(db):
    assert areas_of("spor") == [
        ("Arbejdspladskulturen", "arbejdspladskulturen"),
        ("Borgerperspektivet", "borgerperspektivet"),
        ("Styring", "styring"),
    ]
    track = Track.objects.create(name="Grøn omstilling", slug="groen-omstilling", position=3)
    assert areas_of("spor")[-1] == ("Grøn omstilling", "groen-omstilling")
    track.name = "Grøn drift"
    track.save()
    assert FocusArea.objects.get(track=track).title == "Grøn drift"
    assert FocusArea.history.filter(track_id=track.pk).count() == 2


@pytest.fixture
def development(db):
    """A second strategy of ten focus areas under four themes: strategies are data."""
    strategy = Strategy.objects.create(
        name="Udviklingsstrategi", slug="udvikling", starts_on=date(2025, 1, 1), ends_on=date(2028, 12, 31), position=1
    )
    themes = [
        "Velfærd",
        "Velfærd",
        "Velfærd",
        "Vækst",
        "Vækst",
        "Bæredygtighed",
        "Bæredygtighed",
        "Organisation",
        "Organisation",
        "Organisation",
    ]
    for position, theme in enumerate(themes):
        FocusArea.objects.create(
            strategy=strategy,
            theme=theme,
            title=f"Fokus {position + 1}",
            slug=f"fokus-{position + 1}",
            position=position,
        )
    return strategy


def test_the_strategy_page_shows_every_current_strategy_by_theme(client, org, development):
    page = page_of(client.get("/strategi/"))
    assert page.texts("main section.strategy h2 a") == ["Strategiske spor", "Udviklingsstrategi"]
    assert page.texts("main section.strategy h3") == ["Velfærd", "Vækst", "Bæredygtighed", "Organisation"]
    assert len(page.select("main .focus-area")) == 13
    detail = page_of(client.get("/strategi/udvikling/"))
    assert detail.select_one("h1").text == "Udviklingsstrategi"
    assert "1. januar 2025" in detail.select_one("main").text


def test_a_leader_answers_for_the_unit_on_the_visitkort(leader_client, org):
    area = FocusArea.objects.get(track__slug="borgerperspektivet")
    visitkort = page_of(leader_client.get(org.afdeling.get_absolute_url()))
    assert f"/enheder/{org.afdeling.slug}/strategi/" in visitkort.hrefs()
    url = f"/enheder/{org.afdeling.slug}/strategi/{area.pk}/"
    form = page_of(leader_client.get(url))
    assert form.select_one("input[name=version]").attrs["value"] == "0"
    assert "Morgenmad med borgerne" in form.texts("fieldset label")
    response = leader_client.post(
        url,
        {
            "version": "0",
            "text": "Vi spiser med borgerne og lytter.",
            "tryouts": [org.tryouts.owned.pk],
            "tasks": [org.tasks.ongoing.pk],
        },
    )
    assert response.status_code == 302
    answer = FocusAnswer.objects.get()
    assert (answer.unit, answer.focus_area, answer.version) == (org.afdeling, area, 1)
    assert list(answer.tryouts.all()) == [org.tryouts.owned] and list(answer.tasks.all()) == [org.tasks.ongoing]
    assert {record.history_user.username for record in answer.history.all()} == {"leder"}
    card = page_of(leader_client.get(org.afdeling.get_absolute_url()))
    section = card.select_one("section[aria-labelledby=unit-strategy]")
    assert "Vi spiser med borgerne og lytter." in section.text and "Morgenmad med borgerne" in section.text


def test_the_visitkort_shows_the_answers_in_the_strategies_order_each_with_what_carries_it(client, org, development):
    unit = org.afdeling
    tracks = {area.slug: area for area in FocusArea.objects.filter(strategy__slug="spor")}
    styring = FocusAnswer.objects.create(unit=unit, focus_area=tracks["styring"], text="Vi styrer efter mål.")
    culture = FocusAnswer.objects.create(unit=unit, focus_area=tracks["arbejdspladskulturen"], text="Vi lærer.")
    second = FocusAnswer.objects.create(
        unit=unit, focus_area=development.focus_areas.get(slug="fokus-2"), text="Vi udvikler."
    )
    styring.tasks.add(
        UnitTaskFactory(unit=unit, title="Ældre opgave", starts_on=date(2025, 1, 1)),
        UnitTaskFactory(unit=unit, title="Ny opgave", starts_on=date(2026, 6, 1)),
    )
    first, latest = TryoutFactory(title="Første forsøg", owner_unit=unit), TryoutFactory(title="Seneste forsøg")
    Tryout.objects.filter(pk=first.pk).update(updated_at=datetime(2025, 1, 1, tzinfo=UTC))
    styring.tryouts.add(first, latest)
    culture.tryouts.add(latest)
    # An answer to a strategy that is no longer current is kept but not shown.
    old = Strategy.objects.create(name="Gammel strategi", slug="gammel", is_current=False, position=2)
    FocusAnswer.objects.create(
        unit=unit, focus_area=FocusArea.objects.create(strategy=old, title="Fortid", slug="fortid"), text="Glemt."
    )
    section = page_of(client.get(unit.get_absolute_url())).select_one("section[aria-labelledby=unit-strategy]")
    items = section.select("li.task")
    assert [item.select_one("h3 a").text for item in items] == ["Arbejdspladskulturen", "Styring", "Fokus 2"]
    assert "Glemt." not in section.text and "Vi udvikler." in items[2].text
    assert items[1].select_one("h3 a").attrs["href"] == tracks["styring"].get_absolute_url()
    carried = " ".join(items[1].select_one("p.subtle").text.split())
    assert carried.endswith("Ny opgave, Ældre opgave, Seneste forsøg, Første forsøg")
    assert items[1].hrefs()[1:] == [latest.get_absolute_url(), first.get_absolute_url()]
    assert items[0].texts("p.subtle a") == ["Seneste forsøg"] and "opgave" not in items[0].text
    assert second.text in items[2].text and not items[2].select("p.subtle")


def test_an_answer_changed_meanwhile_is_not_overwritten(leader_client, org):
    area = FocusArea.objects.get(track__slug="styring")
    url = f"/enheder/{org.afdeling.slug}/strategi/{area.pk}/"
    leader_client.post(url, {"version": "0", "text": "Første svar."})
    stale = leader_client.post(url, {"version": "0", "text": "Mit svar, skrevet samtidig."})
    assert stale.status_code == 409
    page = page_of(stale)
    assert page.select_one(".conflict")
    assert page.select_one("textarea[name=text]").text == "Mit svar, skrevet samtidig."
    assert FocusAnswer.objects.get().text == "Første svar."
    leader_client.post(url, {"version": "1", "text": "Rettet svar."})
    assert leader_client.post(url, {"version": "1", "text": "For gammelt."}).status_code == 409
    answer = FocusAnswer.objects.get()
    assert (answer.text, answer.version) == ("Rettet svar.", 2)


def test_employees_cannot_answer_for_the_unit(client, org):
    area = FocusArea.objects.first()
    assert client.get(f"/enheder/{org.afdeling.slug}/strategi/").status_code == 403
    response = client.post(f"/enheder/{org.afdeling.slug}/strategi/{area.pk}/", {"version": "0", "text": "Nej."})
    assert response.status_code == 403 and not FocusAnswer.objects.exists()
    assert f"/enheder/{org.afdeling.slug}/strategi/" not in page_of(client.get(org.afdeling.get_absolute_url())).hrefs()


def test_a_focus_area_shows_answers_tied_try_outs_and_the_leaders_missing_units(leader_client, org):
    area = FocusArea.objects.get(track__slug="borgerperspektivet")
    other = TryoutFactory(title="Åben café", owner_unit=org.school, track=None)
    answer = FocusAnswer.objects.create(unit=org.school, focus_area=area, text="Eleverne inviterer.")
    answer.tryouts.add(other)
    page = page_of(leader_client.get(area.get_absolute_url()))
    assert page.texts("section[aria-labelledby=answers-heading] h3") == ["Skolen ved Stranden"]
    # On the track: the breakfast try-out; linked from an answer: the café.
    assert set(page.texts(".tryout-card h3")) == {"Morgenmad med borgerne", "Åben café"}
    # The leader of Hjemmeplejen Syd keeps it and Team Haslev below it; neither has answered.
    assert page.texts("section[aria-labelledby=missing-heading] li a") == ["Hjemmeplejen Syd", "Team Haslev"]
    overview = page_of(leader_client.get("/strategi/"))
    missing = da("%(counter)s of your units has not answered", "%(counter)s of your units have not answered", 2)
    assert missing % {"counter": 2} in overview.texts("main .focus-area a")
    listing = page_of(leader_client.get(f"{area.get_absolute_url()}mangler-svar/"))
    assert listing.texts("main .card-item h2 a") == ["Hjemmeplejen Syd", "Team Haslev"]


def test_an_employee_sees_no_missing_units(client, org):
    area = FocusArea.objects.get(track__slug="borgerperspektivet")
    page = page_of(client.get(area.get_absolute_url()))
    assert not page.select("section[aria-labelledby=missing-heading]")


# --- queries per page --------------------------------------------------------------------------


def build_strategy(count):
    """A leader of a centre with `count` units below it, half of which answered every focus area
    with a task and a try-out."""
    user = UserFactory(username="tæller")  # the bare_client's user
    centre = UnitFactory(kind=UnitKind.CENTER)
    person = Person.objects.filter(user=user).first() or PersonFactory(user=user)
    MembershipFactory(person=person, unit=centre, role=Role.LEDER)
    areas = list(FocusArea.objects.all())
    for number in range(count):
        unit = UnitFactory(parent=centre)
        if number % 2 == 0:
            for area in areas:
                answer = FocusAnswer.objects.create(unit=unit, focus_area=area, text="Svar.")
                answer.tasks.add(UnitTaskFactory(unit=unit))
                answer.tryouts.add(TryoutFactory(owner_unit=unit, track=area.track or TrackFactory()))
    return "/strategi/"


def build_focus_area(count):
    build_strategy(count)
    return FocusArea.objects.get(track__slug="styring").get_absolute_url()


@pytest.mark.parametrize(
    ("build", "expected"),
    # 2 for the session and user. The overview: strategies and their focus areas, answers per area,
    # tied try-outs per area, the leader's units and their answers (+1 earlier strategies).
    # A focus area: itself, answers (count, page, tasks, try-outs), tied try-outs (page, count, topics),
    # the leader's units without an answer (page, count), whether the user follows it ("Følg").
    [(build_strategy, 9), (build_focus_area, 13)],
    ids=["strategy", "focus-area"],
)
def test_strategy_pages_queries_do_not_grow(
    bare_client, without_search_index, django_assert_num_queries, build, expected
):
    assert_queries_do_not_grow(bare_client, build, expected, django_assert_num_queries, many=30)
