"""Who may change a unit's visitkort (and its tasks, collaborations, delegated editors and
suggestions): the unit's leaders, leaders of any unit above it, and its delegated editors.

Permissions are checked with `user.has_perm("units.change_unit", unit)`; staff work in admin.
"""

import rules
from django.db.models import Exists, Q

from search import cache as generation_cache
from units.models import Role, Unit, UnitEditor, members_model


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
        leads = members_model().objects.filter(person__user=user, person__is_active=True, role=Role.LEDER)
        edits = UnitEditor.objects.filter(user=user)
        found = not Unit.objects.filter(Q(Exists(leads)) | Q(Exists(edits)))[:1].exists()
        generation_cache.put(generation, *parts, value=found)
    return found


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
    return unit.memberships.filter(person__user=user, person__is_active=True).exists()


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
