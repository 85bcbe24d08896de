"""The permission rules themselves, from both sides; the pages test them again over HTTP."""

import pytest

from people.models import Role
from tests.conftest import make_user_with_person
from tests.factories import SuggestionFactory, UserFactory
from units.models import Unit, UnitEditor


@pytest.fixture
def centre_leader(org):
    return make_user_with_person("centerchef", org.centre, Role.LEDER, first_name="Hanne", last_name="Krog")


def test_leader_edits_own_unit_and_units_below_but_not_above_or_beside(org, leader):
    assert leader.has_perm("units.change_unit", org.afdeling)
    assert leader.has_perm("units.change_unit", org.team)
    assert not leader.has_perm("units.change_unit", org.centre)
    assert not leader.has_perm("units.change_unit", org.school)


def test_leader_of_a_centre_edits_every_unit_below_it(org, centre_leader):
    assert {unit.name for unit in Unit.objects.editable_by(centre_leader)} == {
        "Center for Sundhed & Ældre",
        "Hjemmeplejen Syd",
        "Team Haslev",
    }
    assert not centre_leader.has_perm("units.change_unit", org.other_centre)


def test_employee_does_not_edit_their_unit_until_delegated(org, employee):
    assert not employee.has_perm("units.change_unit", org.afdeling)
    UnitEditor.objects.create(user=employee, unit=org.afdeling)
    employee = type(employee).objects.get(pk=employee.pk)  # a new request
    assert employee.has_perm("units.change_unit", org.afdeling)
    assert not employee.has_perm("units.change_unit", org.team)


def test_inactive_leader_edits_nothing(org, leader):
    leader.person.is_active = False
    leader.person.save()
    assert not leader.has_perm("units.change_unit", org.afdeling)


def test_own_profile_only(org, employee, leader):
    assert employee.has_perm("people.change_person", employee.person)
    assert not employee.has_perm("people.change_person", leader.person)
    assert not leader.has_perm("people.change_person", employee.person)


def test_members_start_tryouts_for_their_unit_and_editors_change_owned_ones(org, employee, leader):
    assert employee.has_perm("tryouts.add_tryout", org.afdeling)
    assert not employee.has_perm("tryouts.add_tryout", org.school)
    assert leader.has_perm("tryouts.add_tryout", org.team)  # leads the unit above
    assert leader.has_perm("tryouts.change_tryout", org.tryouts.owned)
    assert leader.has_perm("tryouts.change_tryout", org.tryouts.idea)  # owned by Team Haslev below
    assert not leader.has_perm("tryouts.change_tryout", org.tryouts.participating)  # owned by the school
    assert not employee.has_perm("tryouts.change_tryout", org.tryouts.owned)


def test_a_member_who_has_left_starts_no_try_out_for_the_unit(org, employee):
    employee.person.is_active = False
    employee.person.save()
    assert not employee.has_perm("tryouts.add_tryout", org.afdeling)


def test_suggestions_are_decided_by_the_targets_editors(org, employee, leader):
    on_card = SuggestionFactory(target=org.afdeling, author=employee)
    on_tryout = SuggestionFactory(target=org.tryouts.participating, author=employee)
    assert employee.has_perm("units.add_suggestion")
    assert leader.has_perm("units.change_suggestion", on_card)
    assert not employee.has_perm("units.change_suggestion", on_card)
    assert not leader.has_perm("units.change_suggestion", on_tryout)
    assert not UserFactory().has_perm("units.change_suggestion", on_card)
