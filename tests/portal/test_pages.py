"""Cross-app pages as a person meets them: login, forside, search, topics, mine, health, 404, language."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone
from taggit.models import Tag

from people.models import Role
from tests.conftest import PASSWORD, assert_queries_do_not_grow, da, login_redirect, page_of, reindex
from tests.factories import MembershipFactory, PersonFactory, TryoutFactory, UnitFactory, UserFactory
from tryouts.models import Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_search_index")]

XSS = "<script>alert(1)</script>"
ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;"


def page_urls(org, employee):
    """Every browse page, with a real object behind each detail page."""
    return {
        "forside": "/",
        "search": "/soeg/",
        "search-with-query": "/soeg/?q=Jensen",
        "topics": "/emner/",
        "topic": "/emner/aeldrepleje/",
        "mine": "/mine/",
        "units": "/enheder/",
        "visitkort": f"/enheder/{org.afdeling.slug}/",
        "people": "/medarbejdere/",
        "person": f"/medarbejdere/{employee.person.pk}/",
        "tryouts": "/proevehandlinger/",
        "tryout": f"/proevehandlinger/{org.tryouts.owned.slug}/",
    }


PAGES = [
    "forside",
    "search",
    "search-with-query",
    "topics",
    "topic",
    "mine",
    "units",
    "visitkort",
    "people",
    "person",
    "tryouts",
    "tryout",
]


# --- anonymous visitors ------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitor_is_sent_to_login(anon_client, org, employee, name):
    url = page_urls(org, employee)[name]
    response = anon_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == login_redirect(url)


def test_anonymous_visitor_of_a_filtered_list_comes_back_to_the_same_filter(anon_client, org):
    response = anon_client.get("/enheder/", {"kind": "team", "page": "2"})
    assert response["Location"] == login_redirect("/enheder/?kind=team&page=2")


def test_login_page_needs_no_login(anon_client):
    response = anon_client.get("/konto/login/")
    assert response.status_code == 200
    page = page_of(response)
    assert page.select_one("html").attrs["lang"] == "da"
    assert page.select("form input[name=username]")
    assert page.select("form input[name=password][type=password]")
    # Logged out, the header has no menu, search box or "log out" button.
    assert not page.select("nav.nav")
    assert not page.select("form[role=search]")


def test_health_answers_without_login(anon_client):
    response = anon_client.get("/sundhed/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_says_so_when_the_database_is_down(anon_client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OSError("database unavailable")

    monkeypatch.setattr("faxe_directory.health.connection", BrokenConnection())
    response = anon_client.get("/sundhed/")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_login_with_the_right_password_lands_on_the_forside(anon_client, employee):
    response = anon_client.post("/konto/login/", {"username": "medarbejder", "password": PASSWORD}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert response.status_code == 200
    page = page_of(response)
    assert page.select("form[role=search] input[name=q]")
    assert "/mine/" in page.hrefs("header a")


def test_login_returns_to_the_page_asked_for(anon_client, employee, org):
    url = f"/enheder/{org.afdeling.slug}/"
    response = anon_client.post(login_redirect(url), {"username": "medarbejder", "password": PASSWORD, "next": url})
    assert response.status_code == 302
    assert response["Location"] == url


def test_login_with_a_wrong_password_shows_a_danish_error_and_keeps_the_username(anon_client, employee):
    response = anon_client.post("/konto/login/", {"username": "medarbejder", "password": "forkert"})
    assert response.status_code == 200
    page = page_of(response)
    error = page.select_one(".alert-error")
    assert error.attrs["role"] == "alert"
    # Django's own Danish: "Indtast venligst korrekt brugernavn og adgangskode. …"
    assert "Indtast venligst korrekt brugernavn og adgangskode" in error.text
    assert page.select_one("input[name=username]").attrs["value"] == "medarbejder"
    assert page.select_one("input[name=password]").attrs["value"] == ""
    assert "_auth_user_id" not in anon_client.session


def test_every_alert_has_its_icon(anon_client, client, employee, stale_unit):
    """DKFDS keeps room for an icon at the left of an alert: without one it is a blank gap."""
    pages = {
        "login error": anon_client.post("/konto/login/", {"username": "medarbejder", "password": "forkert"}),
        "stale visitkort": client.get(stale_unit.get_absolute_url()),
        "a saved message": client.post(
            f"/medarbejdere/{employee.person.pk}/rediger/",
            {"version": employee.person.version, "title": "Sygeplejerske"},
            follow=True,
        ),
        "a form with errors": client.post(f"/medarbejdere/{employee.person.pk}/rediger/", {"about": "x"}),
    }
    for name, response in pages.items():
        alerts = page_of(response).select("div.alert")
        assert alerts, name
        for alert in alerts:
            assert alert.select("svg.alert-icon"), f"{name}: {alert.text[:60]}"


def test_logged_in_user_visiting_login_goes_to_the_forside(client):
    response = client.get("/konto/login/")
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_logout_is_a_post(client):
    assert client.get("/konto/logud/").status_code == 405
    assert client.get("/").status_code == 200  # still logged in

    response = client.post("/konto/logud/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/logget-ud/"
    assert client.get("/")["Location"] == login_redirect("/")


def test_the_header_logout_button_is_a_post_form(client):
    form = page_of(client.get("/")).select_one("header form[action='/konto/logud/']")
    assert form.attrs["method"] == "post"
    assert form.select("input[name=csrfmiddlewaretoken]")


# --- every page for every kind of user ---------------------------------------------------------


@pytest.fixture(params=["employee", "leader", "admin"])
def any_client(request, org, employee):
    if request.param == "admin":
        return request.getfixturevalue("admin_client")
    user = request.getfixturevalue(request.param)
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.mark.parametrize("name", PAGES)
def test_every_page_answers_every_kind_of_user(any_client, org, employee, name):
    response = any_client.get(page_urls(org, employee)[name])
    assert response.status_code == 200
    page = page_of(response)
    assert page.select_one("html").attrs["lang"] == "da"
    assert page.select("a.skipnav[href='#main-content']")
    assert page.select("main#main-content h1")


# --- forside ----------------------------------------------------------------------------------


def test_forside_shows_only_try_outs_in_progress(client, org):
    page = page_of(client.get("/"))
    section = page.select_one("section[aria-labelledby=current-tryouts]")
    assert section.texts("li.tryout-card h3 a") == ["Morgenmad med borgerne"]
    assert org.tryouts.owned.get_absolute_url() in section.hrefs()
    assert "/proevehandlinger/?status=i_gang" in section.hrefs()


def test_forside_without_try_outs_in_progress_says_so(client, org):
    org.tryouts.owned.status = Status.AFSLUTTET
    org.tryouts.owned.save()
    section = page_of(client.get("/")).select_one("section[aria-labelledby=current-tryouts]")
    assert not section.select("li.tryout-card")
    assert da("No try-outs are in progress right now.") in section.text


def test_forside_shows_the_six_most_recently_updated_visitkort_first(client, org):
    from units.models import Unit

    now = timezone.now()
    library = UnitFactory(name="Biblioteket", parent=org.kommune)
    newest_first = [org.team, org.school, org.afdeling, org.kommune, org.centre, org.other_centre, library]
    for age, unit in enumerate(newest_first):
        Unit.objects.filter(pk=unit.pk).update(updated_at=now - timezone.timedelta(hours=age))

    section = page_of(client.get("/")).select_one("section[aria-labelledby=recent-units]")
    assert section.texts("li.unit-card h3 a") == [unit.name for unit in newest_first[:6]]
    assert section.hrefs("li.unit-card h3 a")[0] == org.team.get_absolute_url()
    assert "/enheder/" in section.hrefs()


def test_forside_leaves_a_new_empty_visitkort_out_of_the_recently_updated(client, org):
    empty = UnitFactory(name="Nyt Team", parent=org.afdeling, about="", core_tasks="", last_confirmed_at=None)
    section = page_of(client.get("/")).select_one("section[aria-labelledby=recent-units]")
    assert empty.name not in section.texts("li.unit-card h3 a")
    assert "Hjemmeplejen Syd" in section.texts("li.unit-card h3 a")
    empty.looking_for = "Frivillige til gåture."
    empty.save()
    section = page_of(client.get("/")).select_one("section[aria-labelledby=recent-units]")
    assert section.texts("li.unit-card h3 a")[0] == "Nyt Team"


def test_forside_hides_inactive_units(client, org):
    org.team.is_active = False
    org.team.save()
    section = page_of(client.get("/")).select_one("section[aria-labelledby=recent-units]")
    assert "Team Haslev" not in section.texts("li.unit-card h3 a")


def test_forside_shows_popular_topics_most_used_first(client, org):
    section = page_of(client.get("/")).select_one("section[aria-labelledby=popular-topics]")
    topics = section.texts("a.tag-link")
    # ældrepleje: 2 units + 1 person + 1 try-out; trivsel: 1 unit + 1 try-out; the rest once.
    assert topics[:2] == ["ældrepleje", "trivsel"]
    assert set(topics) == {
        "ældrepleje",
        "trivsel",
        "sundhed",
        "velfærdsteknologi",
        "rehabilitering",
        "borgerinddragelse",
    }
    assert "/emner/aeldrepleje/" in section.hrefs("a.tag-link")
    assert "/emner/" in section.hrefs()


# --- search (the engine has its own tests in tests/search/; here: the page as a whole) ---------


def hits(response, kind=None):
    assert response.status_code == 200
    selector = f"main li.search-hit-{kind} h3 a" if kind else "main li.search-hit h3 a"
    return page_of(response).texts(selector)


def test_search_page_without_query_shows_the_search_box(client):
    response = client.get("/soeg/")
    assert response.status_code == 200
    page = page_of(response)
    assert page.select_one("main form[role=search] input[name=q]").attrs["value"] == ""
    assert not page.select("main li.card-item")


def test_search_finds_people_units_and_try_outs(client, org, employee):
    reindex()
    response = client.get("/soeg/", {"q": "Jensen", "type": "people"})
    assert hits(response, "person") == ["Mette Jensen"]
    assert page_of(response).select_one("main input[name=q]").attrs["value"] == "Jensen"
    assert hits(client.get("/soeg/", {"q": "haslev", "type": "units"}), "unit") == ["Team Haslev"]
    assert hits(client.get("/soeg/", {"q": "morgenmad", "type": "tryouts"}), "tryout") == ["Morgenmad med borgerne"]


def test_search_hit_links_to_the_page(client, employee):
    reindex()
    page = page_of(client.get("/soeg/", {"q": "Mette Jensen"}))
    assert employee.person.get_absolute_url() in page.hrefs("main li.search-hit h3 a")


def test_search_finds_a_word_written_in_angle_brackets(client, org):
    """Names and texts may contain "<" and ">" ("Team <Nord>", "borgere <65 år"); the words are still words."""
    UnitFactory(name="Team <Nord>", parent=org.afdeling)
    reindex()
    # First, by its name: the fixture's random Faker texts may mention words beginning with "nord".
    assert hits(client.get("/soeg/", {"q": "Nord", "type": "units"}), "unit")[0] == "Team <Nord>"


def test_search_hides_inactive_people(client, employee):
    PersonFactory(first_name="Ida", last_name="Jensen", is_active=False)
    reindex()
    assert hits(client.get("/soeg/", {"q": "Jensen", "type": "people"})) == ["Mette Jensen"]


@pytest.mark.parametrize(
    "query",
    ['"borger', "a & b | !c ():*", "x" * 10_000, "😀 æøå", "nul\x00tegn", "%", "_", "\\"],
    ids=["quote", "operators", "10k", "emoji", "nul", "percent", "underscore", "backslash"],
)
@pytest.mark.parametrize("kind", ["people", "units", "tryouts", "nonsense"])
def test_search_never_fails_on_odd_input(client, query, kind):
    response = client.get("/soeg/", {"q": query, "type": kind})
    assert response.status_code == 200


def test_search_says_when_the_query_was_shortened(client):
    page = page_of(client.get("/soeg/", {"q": "x" * 10_000}))
    assert page.select("main .alert-warning")
    assert len(page.select_one("main input[name=q]").attrs["value"]) <= 200


def test_search_query_is_shown_escaped(client):
    response = client.get("/soeg/", {"q": XSS})
    assert response.status_code == 200
    assert XSS not in response.content.decode()
    assert ESCAPED_XSS in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999"])
def test_search_answers_odd_page_numbers(client, page):
    for number in range(25):
        PersonFactory(last_name=f"Jensen{number}", title="Jordemoder")
    reindex()
    response = client.get("/soeg/", {"q": "Jordemoder", "page": page})
    assert len(hits(response)) >= 1


# --- topics ------------------------------------------------------------------------------------


def test_topic_list_shows_each_topic_with_its_counts(client, org):
    page = page_of(client.get("/emner/"))
    rows = {
        row.select_one("th a").text: (row.select_one("th a").attrs["href"], row.texts("td"))
        for row in page.select("table tbody tr")
    }
    assert rows["ældrepleje"] == ("/emner/aeldrepleje/", ["1", "2", "1"])
    assert rows["trivsel"] == ("/emner/trivsel/", ["0", "1", "1"])
    assert rows["borgerinddragelse"] == ("/emner/borgerinddragelse/", ["1", "0", "0"])
    assert rows["velfærdsteknologi"][0] == "/emner/velfaerdsteknologi/"


def test_topic_list_is_in_danish_alphabetical_order(client, org):
    UnitFactory(name="Kvarterhuset", parent=org.kommune, tags=["åben skole", "aktivitet", "zoneterapi", "øvelse"])
    names = page_of(client.get("/emner/")).texts("table tbody th a")
    assert names.index("aktivitet") < names.index("zoneterapi") < names.index("ældrepleje")
    assert names.index("ældrepleje") < names.index("øvelse") < names.index("åben skole")


def test_topic_list_counts_only_active_people_and_units(leader_client, org, employee):
    # Seen by a colleague: a person who left is logged out at once.
    employee.person.is_active = False
    employee.person.save()
    org.centre.is_active = False
    org.centre.save()
    page = page_of(leader_client.get("/emner/"))
    row = next(row for row in page.select("table tbody tr") if row.select_one("th a").text == "ældrepleje")
    assert row.texts("td") == ["0", "1", "1"]


def test_topic_page_shows_people_units_and_try_outs(client, org, employee):
    response = client.get("/emner/aeldrepleje/")
    assert response.status_code == 200
    page = page_of(response)
    assert page.select_one("main h1").text == "ældrepleje"
    people = page.select_one("section[aria-labelledby=topic-people]")
    units = page.select_one("section[aria-labelledby=topic-units]")
    tryouts = page.select_one("section[aria-labelledby=topic-tryouts]")
    assert people.texts("li.person-card h3 a") == ["Mette Jensen"]
    assert employee.person.get_absolute_url() in people.hrefs()
    assert sorted(units.texts("li.unit-card h3 a")) == ["Center for Sundhed & Ældre", "Hjemmeplejen Syd"]
    assert tryouts.texts("li.tryout-card h3 a") == ["Morgenmad med borgerne"]
    assert "(1)" in people.select_one("h2").text
    assert "(2)" in units.select_one("h2").text


def test_topic_page_hides_inactive_people_and_units(leader_client, org, employee):
    # Seen by a colleague: a person who left is logged out at once.
    employee.person.is_active = False
    employee.person.save()
    org.centre.is_active = False
    org.centre.save()
    page = page_of(leader_client.get("/emner/aeldrepleje/"))
    assert page.texts("section[aria-labelledby=topic-people] li.person-card h3 a") == []
    assert page.texts("section[aria-labelledby=topic-units] li.unit-card h3 a") == ["Hjemmeplejen Syd"]
    assert "Mette Jensen" not in page.select_one("main").text


def test_topic_page_links_to_the_full_lists_when_there_are_more(client, org):
    for number in range(13):
        PersonFactory(last_name=f"Hansen {number}", expertise=["sundhed"])
    people = page_of(client.get("/emner/sundhed/")).select_one("section[aria-labelledby=topic-people]")
    assert len(people.select("li.person-card")) == 12
    assert "/medarbejdere/?topic=sundhed" in people.hrefs()


@pytest.mark.parametrize("page", ["abc", "-1", "99999"])
def test_topic_list_answers_odd_page_numbers(client, org, page):
    response = client.get("/emner/", {"page": page})
    assert response.status_code == 200
    assert page_of(response).select("table tbody tr")


def test_danish_topic_gets_a_transliterated_slug(client, org):
    tag = Tag.objects.get(name="ældrepleje")
    assert tag.slug == "aeldrepleje"
    assert client.get("/emner/aeldrepleje/").status_code == 200


def test_unknown_topic_is_not_found(client):
    response = client.get("/emner/findes-ikke/")
    assert response.status_code == 404


# --- mine sider --------------------------------------------------------------------------------


def test_mine_shows_my_profile_and_units(client, org, employee):
    page = page_of(client.get("/mine/"))
    profile = page.select_one("section[aria-labelledby=my-profile]")
    assert profile.texts("li.person-card h3 a") == ["Mette Jensen"]
    units = page.select_one("section[aria-labelledby=my-units]")
    assert units.hrefs() == [org.afdeling.get_absolute_url()]
    assert da("Employee") in units.text


def test_mine_for_a_leader_shows_the_role(leader_client, org):
    units = page_of(leader_client.get("/mine/")).select_one("section[aria-labelledby=my-units]")
    assert "Hjemmeplejen Syd" in units.text
    assert da("Leader") in units.text


def test_mine_marks_a_stale_unit(leader_client, org, leader):
    MembershipFactory(person=leader.person, unit=org.team, role=Role.LEDER, is_primary=False)
    org.team.last_confirmed_at = timezone.now() - timezone.timedelta(days=400)
    org.team.save()
    items = page_of(leader_client.get("/mine/")).select("section[aria-labelledby=my-units] li")
    stale = {item.select_one("a").text: bool(item.select(".status-stale")) for item in items}
    assert stale == {"Hjemmeplejen Syd": False, "Team Haslev": True}


def test_mine_without_a_linked_profile_says_so(admin_client):
    response = admin_client.get("/mine/")
    assert response.status_code == 200
    assert da("Your login is not linked to an employee profile. Ask an administrator to link it.") in (
        page_of(response).select_one("main").text
    )


def test_mine_hides_inactive_units(client, org, employee):
    MembershipFactory(person=employee.person, unit=org.team, is_primary=False)
    org.team.is_active = False
    org.team.save()
    units = page_of(client.get("/mine/")).select_one("section[aria-labelledby=my-units]")
    assert units.texts("a") == ["Hjemmeplejen Syd"]


def test_mine_profile_card_does_not_name_an_inactive_unit(client, org, employee):
    """The card on "mine sider" names the primary unit like every other person card: active units only."""
    employee.person.memberships.update(is_primary=False)
    MembershipFactory(person=employee.person, unit=org.team, is_primary=True)
    org.team.is_active = False
    org.team.save()
    card = page_of(client.get("/mine/")).select_one("section[aria-labelledby=my-profile] li.person-card")
    assert "Team Haslev" not in card.text
    assert "Hjemmeplejen Syd" in card.text


# --- not found and escaping --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/enheder/findes-ikke/", "/medarbejdere/999999/", "/proevehandlinger/findes-ikke/", "/emner/findes-ikke/", "/x/"],
)
def test_not_found_page_keeps_the_site_layout(client, url):
    response = client.get(url)
    assert response.status_code == 404
    page = page_of(response)
    assert page.select_one("html").attrs["lang"] == "da"
    assert page.select("a.skipnav[href='#main-content']")
    assert settings.MUNICIPALITY_NAME in page.select_one("header .site-heading").text
    assert page.select_one("main h1").text == da("Page not found")
    assert "/" in page.hrefs("main a")


def test_inactive_unit_is_not_found(client, org):
    org.team.is_active = False
    org.team.save()
    assert client.get(f"/enheder/{org.team.slug}/").status_code == 404


@pytest.mark.parametrize("where", ["visitkort", "units", "forside", "search", "topic"])
def test_unit_name_is_escaped(client, org, where):
    unit = UnitFactory(name=f"Team {XSS} Nord", parent=org.centre, tags=["sikkerhed"])
    reindex()
    url = {
        "visitkort": unit.get_absolute_url(),
        "units": "/enheder/",
        "forside": "/",
        "search": "/soeg/?type=units&q=Nord",
        "topic": "/emner/sikkerhed/",
    }[where]
    content = client.get(url).content.decode()
    assert XSS not in content
    assert ESCAPED_XSS in content


def test_person_texts_are_escaped(client, org):
    person = PersonFactory(first_name=XSS, about=XSS, ask_me_about=XSS, title=XSS, expertise=[XSS])
    MembershipFactory(person=person, unit=org.afdeling, job_title=XSS)
    for url in [person.get_absolute_url(), "/medarbejdere/", org.afdeling.get_absolute_url(), "/emner/"]:
        content = client.get(url).content.decode()
        assert XSS not in content, url
        assert ESCAPED_XSS in content, url


def test_try_out_texts_are_escaped(client, org):
    tryout = TryoutFactory(
        title=XSS, summary=XSS, challenge=XSS, learnings=XSS, partners=XSS, owner_unit=org.afdeling, tags=["x"]
    )
    for url in [tryout.get_absolute_url(), "/proevehandlinger/", "/", org.afdeling.get_absolute_url()]:
        content = client.get(url).content.decode()
        assert XSS not in content, url
        assert ESCAPED_XSS in content, url


# --- language ----------------------------------------------------------------------------------


def test_ui_is_danish_even_when_the_browser_asks_for_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    page = page_of(response)
    assert page.select_one("html").attrs["lang"] == "da"
    assert da("Who knows what?") != "Who knows what?"  # the Danish translation is compiled and found
    assert page.select_one("main h1").text == da("Who knows what?")
    assert response["Content-Language"] == "da"


def test_language_can_be_switched_to_english_and_back(client):
    response = client.post("/sprog/", {"language": "en", "next": "/enheder/"})
    assert response.status_code == 302
    assert response["Location"] == "/enheder/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    for url in ["/", "/enheder/", "/medarbejdere/"]:
        page = page_of(client.get(url))
        assert page.select_one("html").attrs["lang"] == "en"
        assert page.select_one("#language-select option[selected]").attrs["value"] == "en"
    assert page_of(client.get("/")).select_one("main h1").text == "Who knows what?"

    client.post("/sprog/", {"language": "da", "next": "/"})
    assert page_of(client.get("/")).select_one("html").attrs["lang"] == "da"


def test_language_switch_works_before_login(anon_client):
    anon_client.post("/sprog/", {"language": "en", "next": "/konto/login/"})
    assert page_of(anon_client.get("/konto/login/")).select_one("html").attrs["lang"] == "en"


def test_unknown_language_falls_back_to_danish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert page_of(client.get("/")).select_one("html").attrs["lang"] == "da"


def test_footer_language_form_posts_to_the_switch(client):
    form = page_of(client.get("/enheder/?kind=team")).select_one("footer form.language-form")
    assert form.attrs["action"] == "/sprog/"
    assert form.attrs["method"] == "post"
    assert form.select_one("input[name=next]").attrs["value"] == "/enheder/?kind=team"


# --- queries per page --------------------------------------------------------------------------


def build_forside(count):
    for number in range(count):
        unit = UnitFactory(tags=[f"emne {number}", "fælles"])
        TryoutFactory(owner_unit=unit, status=Status.I_GANG, tags=[f"emne {number}"])
    return "/"


def build_topic_list(count):
    unit = UnitFactory()
    person = PersonFactory()
    tryout = TryoutFactory(owner_unit=unit)
    names = [f"emne {number}" for number in range(count)]
    unit.tags.add(*names)
    person.expertise.add(*names)
    tryout.tags.add(*names)
    return "/emner/"


def build_topic(count):
    for _number in range(count):
        unit = UnitFactory(tags=["fælles"])
        MembershipFactory(unit=unit, person=PersonFactory(expertise=["fælles"]))
        TryoutFactory(owner_unit=unit, tags=["fælles"])
    return "/emner/faelles/"


def build_search(kind):
    def build(count):
        for number in range(count):
            unit = UnitFactory(name=f"Fællesenhed {number}", tags=["fælles"])
            MembershipFactory(unit=unit, person=PersonFactory(last_name=f"Fællesen {number}", expertise=["fælles"]))
            TryoutFactory(title=f"Fælles forsøg {number}", owner_unit=unit, tags=["fælles"])
        reindex()
        return f"/soeg/?q=f%C3%A6lles&type={kind}"

    return build


def build_mine(count):
    user = UserFactory(username="min")
    person = PersonFactory(user=user, expertise=[f"emne {n}" for n in range(count)])
    for _number in range(count):
        MembershipFactory(person=person, unit=UnitFactory(), is_primary=False)
    return "/mine/", user


# Pinned totals: 2 of them are the session and the user of every logged-in request. A search is
# the index's generation (search/cache.py), the word look-up, the sample that tells a common word
# (search.engine._matches) and one statement on PostgreSQL where SQLite needs three (matches,
# facets, topics); the hits, their facet names and snippets come with it. Counted without the
# result cache (count_queries), which answers a repeated search with the generation alone.
SEARCH_STATEMENTS = 0 if connection.vendor == "postgresql" else 2
QUERY_CASES = {
    "forside": (build_forside, 9),
    "topics": (build_topic_list, 6),
    "topic": (build_topic, 15),  # +2: its KLE subjects and synonyms; +1 others' try-outs; +1 following
    "search-people": (build_search("people"), 6 + SEARCH_STATEMENTS),
    "search-units": (build_search("units"), 6 + SEARCH_STATEMENTS),
    "search-tryouts": (build_search("tryouts"), 6 + SEARCH_STATEMENTS),
}


@pytest.mark.parametrize("name", list(QUERY_CASES))
def test_queries_do_not_grow_with_items(bare_client, django_assert_num_queries, name):
    build, expected = QUERY_CASES[name]
    assert_queries_do_not_grow(bare_client, build, expected, django_assert_num_queries, many=49)


def test_search_of_every_kind_stays_within_one_query_per_kind_shown(bare_client, django_assert_max_num_queries):
    """Which kinds land on the first page depends on ranking; the hits of every kind come with the search."""
    url = build_search("all")(50)
    with django_assert_max_num_queries(6 + SEARCH_STATEMENTS):
        assert bare_client.get(url).status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_mine_queries_do_not_grow_with_units_and_expertise(db, django_assert_num_queries, count):
    browser = Client()
    url, user = build_mine(count)
    browser.force_login(user)
    browser.get(url)
    # +4 for an employee who edits no card: the units they edit (none), suggestions waiting for them
    # (list and count), their own suggestions (tests/faxe_directory/test_mine.py pins a leader's page);
    # +2 what they follow (nothing here) and their digest setting (tests/following pins more follows),
    # +1 whether they lead a unit (the link to /indsigt/).
    with django_assert_num_queries(13):
        assert browser.get(url).status_code == 200
