"""The organisation chart of a unit (/enheder/<slug>/organisation/): boxes with name, kind, leader
and head-count, folded below the chosen levels, a list alternative, and a constant number of
queries however many units the sub-tree holds."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from people.models import Role
from tests.conftest import assert_queries_do_not_grow, da, login_redirect, page_of
from tests.factories import CentreFactory, MembershipFactory, PersonFactory, UnitFactory
from units.models import UnitKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_search_index")]


def chart_url(unit, query=""):
    return f"/enheder/{unit.slug}/organisation/{query}"


def box_of(page, name):
    return next(box for box in page.select(".org-box") if box.select_one(".org-name").text == name)


def test_the_chart_shows_the_sub_tree_with_kind_leader_and_head_count(client, org, leader, employee):
    MembershipFactory(unit=org.team, person=PersonFactory(first_name="Tove", last_name="Team"), role=Role.LEDER)
    MembershipFactory(unit=org.team)
    page = page_of(client.get(chart_url(org.centre)))
    assert page.select_one("h1").text == "Center for Sundhed & Ældre"
    root = page.select_one(".org-root .org-box")
    assert root.select_one(".org-kind").text == da("Centre")
    # Lars (leader) and Mette in Hjemmeplejen Syd, Tove and one more in Team Haslev below it.
    assert root.select_one(".org-count").text == "4 medarbejdere · 2 enheder under"
    branches = page.select("li.org-branch")
    assert [branch.select_one("h2.org-name").text for branch in branches] == ["Hjemmeplejen Syd"]
    afdeling = box_of(page, "Hjemmeplejen Syd")
    assert afdeling.select_one(".org-kind").text == da("Department")
    assert afdeling.select_one(".org-leader a").text == "Lars Holm"
    assert afdeling.select_one(".org-leader .avatar-initials").text == "LH"
    assert afdeling.select_one(".org-count").text == "4 medarbejdere · 1 enhed under"
    team = box_of(page, "Team Haslev")
    assert team.select_one(".org-count").text == "2 medarbejdere"
    assert team.select_one(".org-name a").attrs["href"] == org.team.get_absolute_url()


def test_a_leader_with_a_photo_is_shown_with_it(client, org, leader, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    gif = (
        b"GIF87a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
        b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )
    person = leader.person
    person.photo = SimpleUploadedFile("lars.gif", gif, content_type="image/gif")
    person.save()
    afdeling = box_of(page_of(client.get(chart_url(org.centre))), "Hjemmeplejen Syd")
    image = afdeling.select_one(".org-leader img")
    assert image.attrs["src"] == person.photo.url and image.attrs["alt"] == ""


def test_levels_below_the_chosen_ones_are_folded_with_a_link_to_zoom_in(client, org):
    deep = UnitFactory(name="Nattevagten", kind=UnitKind.TEAM, parent=org.team)
    UnitFactory(name="Weekendvagten", kind=UnitKind.TEAM, parent=deep)
    page = page_of(client.get(chart_url(org.centre)))  # two levels: Hjemmeplejen Syd, Team Haslev
    assert not [box for box in page.select(".org-name") if box.text == "Nattevagten"]
    team = box_of(page, "Team Haslev")
    zoom = team.select_one(".org-zoom a")
    assert zoom.attrs["href"] == chart_url(org.team)
    assert zoom.text == "Vis de 2 enheder under Team Haslev"

    page = page_of(client.get(chart_url(org.centre, "?niveauer=4")))
    assert box_of(page, "Weekendvagten")
    assert page.select_one("a[aria-current=true]").text == "4"


def test_zoom_out_goes_one_level_up_and_the_top_has_no_way_up(client, org):
    page = page_of(client.get(chart_url(org.team)))
    up = page.select_one("nav.orgchart-controls a")
    assert up.attrs["href"] == chart_url(org.afdeling)
    assert up.text == "Et niveau op: Hjemmeplejen Syd"
    assert da("The unit has no sub-units.") in page.text
    top = page_of(client.get(chart_url(org.kommune)))
    assert not [a for a in top.select("nav.orgchart-controls a") if a.text.startswith("Et niveau op")]


@pytest.mark.parametrize("levels", ["0", "-3", "99", "abc", "2.5", "\x00"])
def test_odd_levels_give_a_chart(client, org, levels):
    assert client.get(chart_url(org.centre), {"niveauer": levels}).status_code == 200


def depth(item):
    """How many list items an item is nested in."""
    count, node = 0, item.parent
    while node is not None:
        count += node.tag == "li"
        node = node.parent
    return count


def test_the_list_shows_the_whole_sub_tree_as_nested_lists(client, org):
    UnitFactory(name="Nattevagten", kind=UnitKind.TEAM, parent=org.team)
    page = page_of(client.get(chart_url(org.centre, "?visning=liste")))
    assert not page.select(".org-box")
    items = page.select("ul.org-list li")
    assert [item.select_one("a").text for item in items] == [
        "Center for Sundhed & Ældre",
        "Hjemmeplejen Syd",
        "Team Haslev",
        "Nattevagten",
    ]
    assert [depth(item) for item in items] == [0, 1, 2, 3]
    assert page.select_one("nav.orgchart-controls a[aria-current=page]").text == da("list")


def test_inactive_units_and_people_are_left_out(client, org):
    UnitFactory(name="Nedlagt", parent=org.centre, is_active=False)
    MembershipFactory(unit=org.team, person=PersonFactory(is_active=False))
    page = page_of(client.get(chart_url(org.centre)))
    assert "Nedlagt" not in page.text
    assert box_of(page, "Team Haslev").select_one(".org-count").text == "0 medarbejdere"


def test_the_chart_needs_a_login_and_an_active_unit(client, anon_client, org):
    url = chart_url(org.centre)
    assert anon_client.get(url).url == login_redirect(url)
    assert client.get("/enheder/findes-ikke/organisation/").status_code == 404
    assert client.get(chart_url(UnitFactory(is_active=False))).status_code == 404


def test_the_visitkort_links_to_the_chart(client, org):
    assert chart_url(org.afdeling) in page_of(client.get(org.afdeling.get_absolute_url())).hrefs()


def test_a_centre_of_150_units_is_readable(client):
    centre = CentreFactory(name="Det Store Center")
    for department in range(10):
        parent = UnitFactory(name=f"Afdeling {department:02}", parent=centre)
        for team in range(14):
            team_unit = UnitFactory(name=f"Team {department:02}-{team:02}", kind=UnitKind.TEAM, parent=parent)
            if team == 0:
                UnitFactory(name=f"Gruppe {department:02}", kind=UnitKind.TEAM, parent=team_unit)
    page = page_of(client.get(chart_url(centre)))
    assert len(page.select("li.org-branch")) == 10
    assert len(page.select(".org-box")) == 1 + 10 + 140  # the groups are folded into their teams
    assert box_of(page, "Team 03-00").select_one(".org-zoom a").text == "Vis enheden under Team 03-00"
    listed = page_of(client.get(chart_url(centre, "?visning=liste"))).select("ul.org-list li")
    assert len(listed) == 1 + 150 + 10


def build_tree(count):
    """A centre with `count` departments, each with a team and a group below, with leaders and staff."""
    centre = CentreFactory()
    for _number in range(count):
        department = UnitFactory(parent=centre)
        MembershipFactory(unit=department, role=Role.LEDER)
        team = UnitFactory(parent=department, kind=UnitKind.TEAM)
        MembershipFactory(unit=team)
        UnitFactory(parent=UnitFactory(parent=team, kind=UnitKind.TEAM), kind=UnitKind.TEAM)
    return chart_url(centre)


@pytest.mark.parametrize("view", ["", "?visning=liste", "?niveauer=4"])
def test_the_chart_asks_the_same_number_of_queries_for_4_or_200_units(bare_client, django_assert_num_queries, view):
    # Session and user; the unit with the units above it; the units below; head-counts; leaders.
    assert_queries_do_not_grow(bare_client, lambda n: build_tree(n) + view, 6, django_assert_num_queries)
