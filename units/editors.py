"""Who edits a unit's visitkort, seen from the unit: the reverse of `Unit.objects.editable_by`.

The rules (units/rules.py): a unit's leaders, leaders of any unit above it, and its delegated
editors (`UnitEditor`). All of them may edit. When a message has to reach someone (a new
suggestion, a freshness reminder) we write to the *nearest* of them (`contacts`): the unit's own
leaders and delegated editors, or else the leaders of the nearest unit above, so that a centre
leader or the municipal director is not mailed about every team's card.
"""

from dataclasses import dataclass

from django.db.models import Q

from units.models import Role, Unit, UnitEditor, active_users, members_model

# Active people with an active login: whom the rules let edit and whom a message can reach.
LEADERS = Q(role=Role.LEDER, person__is_active=True, person__user__isnull=False, person__user__is_active=True)


@dataclass(frozen=True)
class Editor:
    """A user who may edit a unit, with the address to write to ("" when none is known), the
    unit that makes them an editor (the unit itself or one above) and whether by delegation."""

    user_id: int
    name: str
    email: str
    person_id: int | None = None
    unit_id: int | None = None
    delegated: bool = False


def _editor(user, person=None, **reason):
    person = person or getattr(user, "person", None)
    name = (person.full_name if person else "") or user.get_full_name() or user.get_username()
    email = (person.email if person else "") or user.email
    return Editor(user_id=user.pk, name=name, email=email, person_id=person.pk if person else None, **reason)


class EditorMap:
    """Editors of units, answered in memory from a few queries loaded up front.

    `EditorMap()` loads the whole organisation (four queries, whatever the number of units: the
    freshness reminders over 5,000 units); `EditorMap.for_unit(unit)` loads one unit's chain.
    """

    def __init__(self, unit_ids=None):
        if unit_ids is None:
            self.parents = dict(Unit.objects.values_list("pk", "parent_id"))
        else:
            self.parents = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "parent_id"))
        chain_units = None if unit_ids is None else list(self.parents)
        self.leaders = {}
        memberships = (
            members_model().objects.filter(LEADERS).select_related("person__user").order_by("person__sort_key")
        )
        if chain_units is not None:
            memberships = memberships.filter(unit_id__in=chain_units)
        for membership in memberships:
            editor = _editor(membership.person.user, membership.person, unit_id=membership.unit_id)
            self.leaders.setdefault(membership.unit_id, []).append(editor)
        self.delegated = {}
        roles = UnitEditor.objects.filter(user__in=active_users()).select_related("user__person").order_by("pk")
        if chain_units is not None:
            roles = roles.filter(unit_id__in=chain_units)
        for role in roles:
            self.delegated.setdefault(role.unit_id, []).append(_editor(role.user, unit_id=role.unit_id, delegated=True))

    @classmethod
    def for_unit(cls, unit):
        """The map for one unit and the units above it, however deep (four small queries)."""
        return cls(unit_ids=[unit.pk, *Unit.objects.above(unit.pk).values_list("pk", flat=True)])

    def chain(self, unit_id):
        """The unit's id and its ancestors' ids, nearest first."""
        chain = []
        while unit_id is not None and unit_id not in chain:
            chain.append(unit_id)
            unit_id = self.parents.get(unit_id)
        return chain

    def editors(self, unit_id):
        """Everyone who may edit the unit: its delegated editors and leaders, then leaders above."""
        found = {}
        for editor in self.delegated.get(unit_id, []):
            found.setdefault(editor.user_id, editor)
        for level in self.chain(unit_id):
            for editor in self.leaders.get(level, []):
                found.setdefault(editor.user_id, editor)
        return list(found.values())

    def contacts(self, unit_id):
        """The nearest editors with an email address: the unit's own leaders and delegated
        editors; if none of them has one, the leaders of the nearest unit above who have."""
        own = [e for e in self.delegated.get(unit_id, []) + self.leaders.get(unit_id, []) if e.email]
        if own:
            return _one_per_address(own)
        for level in self.chain(unit_id)[1:]:
            leaders = [e for e in self.leaders.get(level, []) if e.email]
            if leaders:
                return _one_per_address(leaders)
        return []


def _one_per_address(editors):
    seen, result = set(), []
    for editor in editors:
        if editor.email.lower() not in seen:
            seen.add(editor.email.lower())
            result.append(editor)
    return result


def editors_of(unit):
    """Users who may edit the unit's visitkort (units/rules.py), each with the address to write to."""
    return EditorMap.for_unit(unit).editors(unit.pk)


def contacts_of(unit):
    """The nearest editors of the unit with an email address: whom to tell about the card."""
    return EditorMap.for_unit(unit).contacts(unit.pk)
