"""/indsigt/: leaders see their units and those below them, administrators everything, others a clear
403. The numbers are checked against a small organisation counted by hand (NOW is fixed)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from people.models import Role
from portal.insight import MISS_SHOWN, PANELS, insight_panels, insight_scope, search_misses_panel
from search.models import SearchMiss
from tests.conftest import assert_queries_do_not_grow, da, login_redirect, make_user_with_person, page_of
from tests.factories import CentreFactory, SuggestionFactory, TryoutFactory, UnitFactory, UnitTaskFactory, UserFactory
from tryouts.models import Status, Track, Tryout
from units.models import Suggestion, SuggestionStatus, Unit, UnitEditor, UnitKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_search_index")]

NOW = datetime(2025, 6, 15, 10, 0, tzinfo=UTC)  # UTC, as timezone.now(): days are whole days
EMPTY = {"about": "", "core_tasks": "", "can_help_with": "", "looking_for": "", "email": "", "phone": "", "address": ""}
FULL = {
    "about": "Vi er.",
    "core_tasks": "Pleje.",
    "can_help_with": "Forflytning.",
    "looking_for": "Frivillige.",
    "email": "a@faxe.dk",
    "address": "Vej 1",
}


def confirmed(days):
    return None if days is None else NOW - timedelta(days=days)


def unit(name, parent, kind=UnitKind.AFDELING, days=None, **fields):
    factory = CentreFactory if kind == UnitKind.CENTER else UnitFactory
    return factory(name=name, parent=parent, kind=kind, last_confirmed_at=confirmed(days), **{**EMPTY, **fields})


def suggestion(target, days, status=SuggestionStatus.OPEN):
    made = SuggestionFactory(target=target, status=status)
    Suggestion.objects.filter(pk=made.pk).update(created_at=NOW - timedelta(days=days))


def tryout(owner, created, status, track=None):
    made = TryoutFactory(owner_unit=owner, status=status, track=Track.objects.get(slug=track) if track else None)
    Tryout.objects.filter(pk=made.pk).update(created_at=timezone.make_aware(created))
    return made


@pytest.fixture
def town(db):
    """Faxe Kommune; Center for Ældre with a1 (and team a1t below it), a2, a3; Center for Børn with b1.

    Confirmed within 12 months: K, A, a3, a1t, b1 (not a1 400 days ago, a2 never, B 500 days ago).
    Completeness: A 1/8 (email), a1 3/8, a2 8/8, a3 7/8 (no task), a1t 0/8.
    """
    kommune = unit("Faxe Kommune", None, UnitKind.KOMMUNE, days=1)
    centre_a = unit("Center for Ældre", kommune, UnitKind.CENTER, days=30, email="a@faxe.dk")
    a1 = unit("Afdeling A1", centre_a, days=400, about="Om os.", core_tasks="Pleje.", email="a1@faxe.dk")
    a2 = unit("Afdeling A2", centre_a, days=None, tags=["pleje"], **FULL)
    a3 = unit("Afdeling A3", centre_a, days=100, tags=["pleje"], **FULL)
    a1t = unit("Team A1T", a1, UnitKind.TEAM, days=10)
    unit("Nedlagt", centre_a, days=1, is_active=False)
    centre_b = unit("Center for Børn", kommune, UnitKind.CENTER, days=500)
    b1 = unit("Afdeling B1", centre_b, days=5)
    UnitTaskFactory(unit=a2, starts_on=NOW.date() - timedelta(days=10))
    UnitTaskFactory(unit=a1, starts_on=NOW.date() - timedelta(days=100), ends_on=NOW.date() - timedelta(days=1))

    suggestion(a1, 2)
    suggestion(a1, 10)
    suggestion(tryout(a2, datetime(2025, 4, 2, 12), Status.IDE), 40)
    suggestion(a3, 200)
    suggestion(a1, 300, SuggestionStatus.ACCEPTED)
    suggestion(b1, 1)

    tryout(a1, datetime(2025, 5, 1, 12), Status.I_GANG, "arbejdspladskulturen")
    tryout(a3, datetime(2025, 1, 15, 12), Status.AFSLUTTET, "borgerperspektivet")
    tryout(a1t, datetime(2022, 3, 1, 12), Status.STOPPET, "arbejdspladskulturen")
    tryout(b1, datetime(2025, 5, 5, 12), Status.I_GANG, "styring")
    return {"kommune": kommune, "A": centre_a, "a1": a1, "a2": a2, "a3": a3, "a1t": a1t, "B": centre_b, "b1": b1}


def leader_of(unit_obj, username):
    return make_user_with_person(username, unit_obj, Role.LEDER)


def panels_for(user):
    return {panel.slug: panel for panel in insight_panels(insight_scope(user), now=NOW)}


def test_an_administrator_sees_every_centre(town):
    panels = panels_for(UserFactory(is_staff=True))
    assert panels["bekraeftede"].rows == [
        ["Center for Børn", 2, 1, 50],
        ["Center for Ældre", 5, 3, 60],
        [da("Outside the centres"), 1, 1, 100],
        [da("Total"), 8, 5, 63],
    ]
    assert panels["forslag"].rows == [
        [da("Under a week"), 2],
        [da("1–4 weeks"), 1],
        [da("1–3 months"), 1],
        [da("Over 3 months"), 1],
        [da("Total"), 5],
    ]


def test_a_centre_leader_sees_the_centre_and_everything_below_it(town):
    panels = panels_for(leader_of(town["A"], "centerleder"))
    assert panels["bekraeftede"].rows == [["Center for Ældre", 5, 3, 60], [da("Total"), 5, 3, 60]]
    assert panels["udfyldning"].rows == [
        ["0–24 %", 2, 40],  # A (1 of 8), A1T (nothing)
        ["25–49 %", 1, 20],  # A1 (3 of 8; its task has ended)
        ["50–74 %", 0, 0],
        ["75–99 %", 1, 20],  # A3 (no current task)
        ["100 %", 1, 20],  # A2
    ]
    assert panels["udfyldning"].note == da("On average %(percent)s %% filled in.") % {"percent": 48}
    assert panels["forslag"].rows == [
        [da("Under a week"), 1],
        [da("1–4 weeks"), 1],
        [da("1–3 months"), 1],  # on A2's try-out
        [da("Over 3 months"), 1],
        [da("Total"), 4],
    ]
    assert panels["forslag"].note == da("The oldest open suggestion has waited %(days)s days.") % {"days": 200}

    status = panels["status"]
    assert [column.label for column in status.columns] == [
        da("Quarter"), da("Idea"), da("In progress"), da("Completed"), da("Stopped"), da("Total")
    ]  # fmt: skip
    assert status.rows[0] == [da("Earlier"), 0, 0, 0, 1, 1]  # A1T's, 2022
    assert [row[0] for row in status.rows[1:]] == [
        "3. kvt. 2023", "4. kvt. 2023", "1. kvt. 2024", "2. kvt. 2024",
        "3. kvt. 2024", "4. kvt. 2024", "1. kvt. 2025", "2. kvt. 2025",
    ]  # fmt: skip
    assert status.rows[-2] == ["1. kvt. 2025", 0, 0, 1, 0, 1]
    assert status.rows[-1] == ["2. kvt. 2025", 1, 1, 0, 0, 2]
    assert sum(row[-1] for row in status.rows) == 4  # not Center for Børn's

    track = panels["spor"]
    assert [column.label for column in track.columns] == [
        da("Quarter"), "Arbejdspladskulturen", "Borgerperspektivet", "Styring", da("No track"), da("Total")
    ]  # fmt: skip
    assert track.rows[0] == [da("Earlier"), 1, 0, 0, 0, 1]
    assert track.rows[-2] == ["1. kvt. 2025", 0, 1, 0, 0, 1]
    assert track.rows[-1] == ["2. kvt. 2025", 1, 0, 0, 1, 2]


def test_a_department_leader_sees_only_their_part(town):
    panels = panels_for(leader_of(town["a1"], "afdelingsleder"))
    assert panels["bekraeftede"].rows == [["Center for Ældre", 2, 1, 50], [da("Total"), 2, 1, 50]]
    assert [row[1] for row in panels["forslag"].rows] == [1, 1, 0, 0, 2]


def test_the_page_shows_each_panel_as_a_chart_with_a_table_and_a_csv_link(town, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    browser = Client()
    browser.force_login(leader_of(town["A"], "centerleder"))
    page = page_of(browser.get("/indsigt/"))
    assert page.select_one("h1").text == da("Insight")
    assert "Center for Ældre" in page.select_one(".insight-scope").text
    sections = page.select("section.insight-panel")
    assert [section.attrs["id"] for section in sections] == list(PANELS)
    confirmed_section = sections[0]
    assert confirmed_section.select_one("svg").attrs["role"] == "img"
    assert len(confirmed_section.select("svg rect")) == 1  # one bar: Center for Ældre
    rows = [[cell.text for cell in row.element_children()] for row in confirmed_section.select("tbody tr")]
    assert rows == [["Center for Ældre", "5", "3", "60 %"], [da("Total"), "5", "3", "60 %"]]
    assert confirmed_section.select("tbody tr")[-1].attrs["class"] == "total"
    assert "/indsigt/bekraeftede.csv" in confirmed_section.hrefs()


def test_the_csv_holds_the_numbers_of_the_table(town):
    browser = Client()
    browser.force_login(leader_of(town["A"], "centerleder"))
    response = browser.get("/indsigt/forslag.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="indsigt-forslag-')
    lines = response.content.decode().lstrip("\ufeff").split("\r\n")
    assert lines[0] == f"{da('Waited')};{da('Open suggestions')}"
    assert lines[-2] == f"{da('Total')};4"
    confirmed_csv = browser.get("/indsigt/bekraeftede.csv").content.decode().lstrip("\ufeff").split("\r\n")
    assert confirmed_csv[0] == f"{da('Centre')};{da('Visitkort')};{da('Confirmed')};{da('Share')} (%)"
    assert browser.get("/indsigt/ukendt.csv").status_code == 404


def test_others_get_a_clear_danish_refusal(town, client, anon_client, employee):
    for url in ("/indsigt/", "/indsigt/forslag.csv"):
        response = client.get(url)
        assert response.status_code == 403
        page = page_of(response)
        assert page.select_one("h1").text == da("You do not have access to this")
        assert (
            da(
                "Insight is for leaders and administrators: a leader sees the units they lead and the units below "
                "them. Ask your leader if you need the numbers."
            )
            in page.text
        )
        assert anon_client.get(url).url == login_redirect(url)
    editor = UserFactory()
    UnitEditor.objects.create(user=editor, unit=town["a1"])  # a delegated editor is no leader
    browser = Client()
    browser.force_login(editor)
    assert browser.get("/indsigt/").status_code == 403


def test_mine_links_to_insight_for_leaders_and_administrators_only(town, client):
    assert "/indsigt/" not in page_of(client.get("/mine/")).hrefs()
    for user in (leader_of(town["a1"], "leder-a1"), UserFactory(is_staff=True)):
        browser = Client()
        browser.force_login(user)
        assert "/indsigt/" in page_of(browser.get("/mine/")).hrefs()


def test_insight_asks_the_same_number_of_queries_for_1_or_50_units(db, django_assert_num_queries):
    centre = CentreFactory(name="Centret")
    user = leader_of(centre, "centerleder")
    browser = Client()
    browser.force_login(user)

    def build(count):
        for number in range(count):
            made = UnitFactory(parent=centre, tags=[f"emne{number}"])
            UnitTaskFactory(unit=made)
            SuggestionFactory(target=made)
            TryoutFactory(owner_unit=made)
        return "/indsigt/"

    # Session and user; the units led; one per panel, two for the try-outs by track (the tracks).
    assert_queries_do_not_grow(browser, build, 9, django_assert_num_queries)


# --- "Søgninger uden resultat": administrators only ----------------------------------------------


def miss(year, month, query, count):
    SearchMiss.objects.create(month=date(year, month, 1), query=query, count=count)


@pytest.fixture
def misses(db):
    """Counted by hand for NOW (June 2025; the panel counts January to June 2025):

    trampolinpark 5 + 1 (two months) = 6; flexjob 1 + 2 = 3; svømmehal 1 + 1 = 2 (two months);
    hundeskov 2 (May; its 3 in December 2024 are too old); æblehave 2, åbningstider 2 (ties: Danish
    order, æ before å). Left out: "mette hansen" (searched once), a 61-letter search (too long),
    juletræ (40, but in December 2024).
    """
    miss(2025, 6, "trampolinpark", 5)
    miss(2025, 6, "flexjob", 1)
    miss(2025, 6, "mette hansen", 1)
    miss(2025, 6, "a" * 61, 9)
    miss(2025, 5, "flexjob", 2)
    miss(2025, 5, "hundeskov", 2)
    miss(2025, 5, "svømmehal", 1)
    miss(2025, 4, "åbningstider", 2)
    miss(2025, 4, "æblehave", 2)
    miss(2025, 3, "svømmehal", 1)
    miss(2025, 1, "trampolinpark", 1)
    miss(2024, 12, "juletræ", 40)
    miss(2024, 12, "hundeskov", 3)


MISS_ROWS = [
    ["trampolinpark", 6, 2],
    ["flexjob", 3, 2],
    ["hundeskov", 2, 1],
    ["svømmehal", 2, 2],
    ["æblehave", 2, 1],
    ["åbningstider", 2, 1],
]


def test_administrators_see_the_searches_without_results_counted_by_hand(misses, django_assert_num_queries):
    admin = UserFactory(is_staff=True)
    panels = panels_for(admin)
    assert list(panels) == [*PANELS, "soegninger"]
    assert panels["soegninger"].rows == MISS_ROWS
    assert [column.label for column in panels["soegninger"].columns] == [
        da("Searched for"),
        da("Searches"),
        da("Months"),
    ]
    assert panels["soegninger"].note == ""
    with django_assert_num_queries(1):
        search_misses_panel(Unit.objects.none(), NOW)


def test_leaders_do_not_see_the_searches_which_belong_to_no_unit(town, misses):
    leader = leader_of(town["A"], "centerleder")
    assert "soegninger" not in panels_for(leader)
    browser = Client()
    browser.force_login(leader)
    assert "trampolinpark" not in browser.get("/indsigt/").content.decode()
    assert browser.get("/indsigt/soegninger.csv").status_code == 404


def test_the_page_and_the_csv_of_the_searches_without_results(misses, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    browser = Client()
    browser.force_login(UserFactory(is_staff=True))
    page = page_of(browser.get("/indsigt/"))
    section = page.select_one("section#soegninger")
    assert section.select_one("h2").text == "Søgninger uden resultat"
    rows = [[cell.text for cell in row.element_children()] for row in section.select("tbody tr")]
    assert rows == [[str(value) for value in row] for row in MISS_ROWS]
    assert len(section.select("svg rect")) == 6
    assert "mette hansen" not in page.text and "juletræ" not in page.text and "a" * 61 not in page.text
    assert "/indsigt/soegninger.csv" in section.hrefs()

    response = browser.get("/indsigt/soegninger.csv")
    assert response["Content-Disposition"].startswith('attachment; filename="indsigt-soegninger-')
    lines = response.content.decode().lstrip("\ufeff").split("\r\n")
    assert lines[:3] == ["Søgt efter;Søgninger;Måneder", "trampolinpark;6;2", "flexjob;3;2"]
    assert len(lines) == 1 + 6 + 1  # the header, the rows, the last line's end


def test_no_searches_without_results_is_said_in_danish(db, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    miss(2025, 6, "mette hansen", 1)  # once only: not shown
    browser = Client()
    browser.force_login(UserFactory(is_staff=True))
    section = page_of(browser.get("/indsigt/")).select_one("section#soegninger")
    assert section.select_one("p.insight-empty").text == (
        "Ingen søgning har været uden resultat mindst to gange i de seneste 6 måneder."
    )
    assert section.select("table") == [] and section.select("svg") == []


def test_only_the_most_frequent_searches_are_listed(db):
    for number in range(MISS_SHOWN + 2):
        miss(2025, 6, f"søgning {number:02}", 2 + number)
    panel = search_misses_panel(Unit.objects.none(), NOW)
    assert len(panel.rows) == MISS_SHOWN
    assert panel.rows[0] == [f"søgning {MISS_SHOWN + 1:02}", MISS_SHOWN + 3, 1]
    assert panel.note == da("The %(shown)s most frequent of %(count)s.") % {"shown": MISS_SHOWN, "count": 27}
    assert len(panel.chart.bars) == 10
