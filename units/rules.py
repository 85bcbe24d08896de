"""Who may change a unit's visitkort (and its tasks, collaborations, delegated editors and
suggestions): the unit's leaders, leaders of any unit above it, and its delegated editors.

Permissions are checked with `user.has_perm("units.change_unit", unit)`; staff work in admin.
"""

import rules

from core.sql import read_rows
from search import cache as generation_cache
from units.models import Role, Unit, UnitEditor, members_model, people_model


def edits_nothing(user) -> bool:
    """The user leads no unit and is no delegated editor: most users. Kept per index generation
    (search/cache.py), which every change of a membership, a person or a delegated editor bumps, so
    that the visitkort need not ask `is_unit_editor`'s costly walk up the tree (~4 ms) of every
    reader (`note_edits_nothing`). Only this "no" is kept; a "yes" is checked for the unit at hand."""
    if not user.is_authenticated:
        return True
    generation = generation_cache.current_generation()
    parts = ("edits-nothing", user.pk)
    found = generation_cache.get(generation, *parts)
    if found is None:
        found = not _ask(EDITS_SOMETHING, user=user.pk, leader=Role.LEDER)
        generation_cache.put(generation, *parts, value=found)
    return found


# Two questions asked of a reader on a visitkort, as plain statements: the ORM's EXISTS cost more to
# build (1.5 and 0.4 ms) than the database takes to answer them (0.5 and 0.3 ms).
# Does the user (an active person) lead a unit, or edit one as a delegated editor?
EDITS_SOMETHING = """
SELECT EXISTS (SELECT 1 FROM {membership} m JOIN {person} p ON p.id = m.person_id
               WHERE p.user_id = %(user)s AND p.is_active AND m.role = %(leader)s)
    OR EXISTS (SELECT 1 FROM {editor} WHERE user_id = %(user)s)
"""
# Is the user (an active person) a member of the unit?
IS_MEMBER = """
SELECT EXISTS (SELECT 1 FROM {membership} m JOIN {person} p ON p.id = m.person_id
               WHERE m.unit_id = %(unit)s AND p.user_id = %(user)s AND p.is_active)
"""


def _ask(statement, **params) -> bool:
    tables = {"membership": members_model(), "person": people_model(), "editor": UnitEditor}
    return bool(read_rows(UnitEditor, statement, params, **tables)[0][0])


@rules.predicate
def is_unit_editor(user, unit):
    """The user leads the unit or a unit above it, or is one of its delegated editors."""
    if unit is None or not user.is_authenticated:
        return False
    # One query per (user, unit) and request: pages ask several times (links, forms, lists).
    cache = user.__dict__.setdefault("_editable_units", {})
    if unit.pk not in cache:
        cache[unit.pk] = Unit.objects.editable_by(user, unit=unit).exists()
    return cache[unit.pk]


def note_edits_nothing(user, unit) -> None:
    """Answer this request's editor checks of `unit` from `edits_nothing` when it says "no"."""
    if edits_nothing(user):
        # request.user is a lazy object (set up by now): the predicate is handed the user inside it.
        user = getattr(user, "_wrapped", user)
        user.__dict__.setdefault("_editable_units", {})[unit.pk] = False


@rules.predicate
def is_unit_member(user, unit):
    """The user's person is an active member of the unit."""
    if unit is None or not user.is_authenticated:
        return False
    return _ask(IS_MEMBER, unit=unit.pk, user=user.pk)


@rules.predicate
def can_resolve_suggestion(user, suggestion):
    """Editors of the suggestion's target (a visitkort or a try-out) decide on it."""
    if suggestion is None:
        return False
    target = suggestion.target
    if isinstance(target, Unit):
        return is_unit_editor(user, target)
    return target is not None and user.has_perm("tryouts.change_tryout", target)


rules.add_perm("units.change_unit", is_unit_editor)
rules.add_perm("units.add_suggestion", rules.is_authenticated)
rules.add_perm("units.change_suggestion", can_resolve_suggestion)
