"""Who may change a unit's visitkort (and its tasks, collaborations, delegated editors and
suggestions): the unit's leaders, leaders of any unit above it, and its delegated editors.

Permissions are checked with `user.has_perm("units.change_unit", unit)`; staff work in admin.
"""

import rules

from units.models import Unit


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
