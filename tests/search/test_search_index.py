"""The index stays in step with what colleagues change, and `rebuild_search_index` rebuilds it.

Each test changes the directory the ordinary way (saves, tag and relation changes, deletes) and
then searches through the page, as a colleague would right after the change.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from people.models import Person
from tests.conftest import da
from tests.factories import MembershipFactory, UnitTaskFactory
from tests.search.conftest import centre, facets, found, hit_titles, person, search_page, tryout, unit
from tryouts.models import Status, Track

pytestmark = pytest.mark.django_db


# --- people ------------------------------------------------------------------------------------


def test_a_new_person_is_found_at_once(client):
    assert found(client, "mette hansen") == []

    person("Mette", "Hansen", unit("Sekretariatet"))

    assert found(client, "mette hansen") == ["Mette Hansen"]


def test_a_renamed_person_is_found_by_the_new_name_only(client):
    mette = person("Mette", "Hansen", unit("Sekretariatet"))

    mette.last_name = "Holm"
    mette.save()

    assert found(client, "mette holm") == ["Mette Holm"]
    assert found(client, "hansen") == []


def test_a_deactivated_person_is_gone(client):
    mette = person("Mette", "Hansen", unit("Sekretariatet"))

    mette.is_active = False
    mette.save()

    assert found(client, "mette hansen") == []
    assert found(client, "hansen", type="people") == []


def test_a_deleted_person_is_gone(client):
    mette = person("Mette", "Hansen", unit("Sekretariatet"))

    mette.delete()

    assert found(client, "mette hansen") == []


def test_expertise_added_and_removed(client):
    mette = person("Mette", "Hansen", unit("Sekretariatet"))

    mette.expertise.add("demens")
    assert found(client, "demens") == ["Mette Hansen"]

    mette.expertise.remove("demens")
    assert found(client, "demens") == []


def test_a_membership_in_a_unit_of_another_centre_moves_the_person_to_that_centre(client):
    sundhed, boern = centre("Center for Sundhed og Ældre"), centre("Center for Børn og Familie")
    mette = person("Mette", "Hansen", unit("Ældreplejen Nord", parent=sundhed))
    assert facets(search_page(client, "mette hansen"))[da("Centre")] == {"Center for Sundhed og Ældre": 1}

    membership = mette.memberships.get()
    membership.unit = unit("Skolen ved Stranden", parent=boern)
    membership.save()

    assert facets(search_page(client, "mette hansen"))[da("Centre")] == {"Center for Børn og Familie": 1}
    assert found(client, "mette hansen", centre=boern.slug) == ["Mette Hansen"]
    assert found(client, "mette hansen", centre=sundhed.slug) == []


def test_a_new_membership_makes_the_person_findable_by_the_unit(client):
    mette = person("Mette", "Hansen")

    MembershipFactory(person=mette, unit=unit("Ældreplejen Nord", tags=["demens"]))

    assert found(client, "ældreplejen", type="people") == ["Mette Hansen"]
    assert found(client, "demens", type="people") == ["Mette Hansen"]


# --- units -------------------------------------------------------------------------------------


def test_a_new_unit_without_topics_is_counted_under_its_centre(client):
    sundhed = centre("Center for Sundhed og Ældre")
    unit("Demensteamet", parent=sundhed)

    page = search_page(client, "demensteamet")

    assert hit_titles(page) == ["Demensteamet"]
    assert facets(page).get(da("Centre"), {}) == {"Center for Sundhed og Ældre": 1}
    assert found(client, "demensteamet", centre=sundhed.slug) == ["Demensteamet"]


def test_a_unit_moved_to_another_centre_is_counted_there_with_its_people(client):
    sundhed, boern = centre("Center for Sundhed og Ældre"), centre("Center for Børn og Familie")
    team = unit("Team Sprog", parent=sundhed, tags=["sprog"])
    person("Mette", "Hansen", team, expertise=["sprog"])

    team.parent = boern
    team.save()

    page = search_page(client, "sprog")
    assert set(hit_titles(page)) == {"Team Sprog", "Mette Hansen"}
    assert facets(page).get(da("Centre"), {}) == {"Center for Børn og Familie": 2}


def test_a_renamed_unit_is_found_with_its_people_by_the_new_name(client):
    team = unit("Team Haslev")
    person("Mette", "Hansen", team)

    team.name = "Team Rønnede"
    team.save()

    assert set(found(client, "rønnede")) == {"Team Rønnede", "Mette Hansen"}
    assert found(client, "haslev") == []


def test_a_unit_topic_makes_its_people_findable(client):
    team = unit("Team Haslev")
    person("Mette", "Hansen", team)

    team.tags.add("demens")

    assert set(found(client, "demens")) == {"Team Haslev", "Mette Hansen"}


def test_a_deactivated_unit_is_gone(client):
    team = unit("Team Haslev")

    team.is_active = False
    team.save()

    assert found(client, "haslev") == []


def test_a_current_task_makes_the_unit_findable_by_its_title(client):
    team = unit("Team Haslev")
    assert found(client, "sommerbemanding") == []

    task = UnitTaskFactory(unit=team, title="Sommerbemanding", description="Vi dækker ferierne.")
    assert found(client, "sommerbemanding") == ["Team Haslev"]

    task.delete()
    assert found(client, "sommerbemanding") == []


# --- try-outs ----------------------------------------------------------------------------------


def test_a_renamed_tryout_is_found_by_the_new_title_only(client):
    forsoeg = tryout("Gåture for borgere", owner_unit=unit("Team Haslev"))

    forsoeg.title = "Sansehave ved plejecentret"
    forsoeg.save()

    assert found(client, "sansehave", type="tryouts") == ["Sansehave ved plejecentret"]
    assert found(client, "gåture") == []


def test_a_tryout_contact_is_findable_by_the_tryouts_topic(client):
    bo = person("Bo", "Berg", unit("Sekretariatet"))
    forsoeg = tryout("Musik om aftenen", owner_unit=unit("Plejecenter Solsikken"), tags=["demens"])
    assert found(client, "demens", type="people") == []

    forsoeg.contacts.add(bo)
    assert found(client, "demens", type="people") == ["Bo Berg"]

    forsoeg.contacts.remove(bo)
    assert found(client, "demens", type="people") == []


def test_a_tryout_added_from_the_persons_side_counts_too(client):
    bo = person("Bo", "Berg", unit("Sekretariatet"))
    forsoeg = tryout("Musik om aftenen", owner_unit=unit("Plejecenter Solsikken"), tags=["demens"])

    bo.tryouts.add(forsoeg)

    assert found(client, "demens", type="people") == ["Bo Berg"]


def test_a_deleted_tryout_is_gone_and_its_contact_no_longer_found_by_its_topic(client):
    bo = person("Bo", "Berg", unit("Sekretariatet"))
    forsoeg = tryout("Musik om aftenen", owner_unit=unit("Plejecenter Solsikken"), tags=["demens"], contacts=[bo])

    forsoeg.delete()

    assert found(client, "demens") == []
    assert found(client, "musik") == []


def test_a_tryout_status_change_moves_it_in_the_status_facet(client):
    forsoeg = tryout("Musik om aftenen", owner_unit=unit("Plejecenter Solsikken"))

    forsoeg.status = Status.AFSLUTTET
    forsoeg.save()

    assert facets(search_page(client, "musik"))[da("Try-out status")] == {da("Completed"): 1}
    assert found(client, "musik", status="afsluttet") == ["Musik om aftenen"]
    assert found(client, "musik", status="i_gang") == []


def test_a_renamed_track_finds_its_tryouts(client):
    tryout("Musik om aftenen", owner_unit=unit("Plejecenter Solsikken"), track="styring")

    track = Track.objects.get(slug="styring")
    track.name = "Ledelse og styring"
    track.save()

    assert found(client, "ledelse") == ["Musik om aftenen"]


# --- rebuilding --------------------------------------------------------------------------------


def rebuild():
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    return out.getvalue()


def test_rebuild_indexes_what_was_saved_without_signals(client):
    # bulk_create sends no signals: the index knows nothing of these people until a rebuild.
    Person.objects.bulk_create(
        [Person(first_name="Mette", last_name="Hansen"), Person(first_name="Lars", last_name="Jensen")]
    )
    assert found(client, "hansen") == []

    output = rebuild()

    assert found(client, "hansen") == ["Mette Hansen"]
    assert found(client, "lars jensen") == ["Lars Jensen"]
    assert re.search(r"person\s+2/2\s+\[#+\]", output)
    assert "rebuilt" in output


def test_rebuild_drops_and_renames_what_changed_without_signals(client):
    person("Mette", "Hansen", unit("Sekretariatet"))
    person("Lars", "Jensen", unit("Sekretariatet"))
    # Queryset updates send no signals either.
    Person.objects.filter(last_name="Hansen").update(is_active=False)
    Person.objects.filter(last_name="Jensen").update(last_name="Holm")

    rebuild()

    assert found(client, "hansen") == []
    assert found(client, "jensen") == []
    assert found(client, "lars holm") == ["Lars Holm"]


def test_rebuilding_twice_gives_each_hit_once(client):
    person("Mette", "Hansen", unit("Sekretariatet"), expertise=["demens"])
    tryout("Musik og demens", owner_unit=unit("Plejecenter Solsikken"), tags=["demens"])

    before = found(client, "demens")
    rebuild()
    rebuild()

    assert found(client, "demens") == before
    assert sorted(before) == ["Mette Hansen", "Musik og demens", "Plejecenter Solsikken"]


# --- deferred indexing (imports, bulk changes) ----------------------------------------------------


def test_changes_inside_a_deferred_block_are_indexed_once_at_its_end(client):
    from search.index import deferred

    team = unit("Sekretariatet")
    with deferred():
        people = [person("Mette", name, team) for name in ("Hansen", "Holm", "Krog")]
        people[1].delete()
        assert found(client, "mette") == []  # nothing indexed yet

    assert sorted(found(client, "mette")) == ["Mette Hansen", "Mette Krog"]
