"""Any employee may start a try-out for a unit they belong to; the owning unit's editors
(see units/rules.py) change it and decide on suggestions to it."""

import rules

from units.rules import is_unit_editor, is_unit_member


@rules.predicate
def can_edit_owner_unit(user, tryout):
    return tryout is not None and is_unit_editor(user, tryout.owner_unit)


# tryouts.add_tryout is checked against the unit that will own the try-out.
rules.add_perm("tryouts.add_tryout", is_unit_member | is_unit_editor)
rules.add_perm("tryouts.change_tryout", can_edit_owner_unit)
