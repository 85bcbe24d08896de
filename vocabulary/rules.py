"""Who may change a unit's KLE responsibilities and its answers to the strategy's focus areas:
the editors of its visitkort (its leaders, leaders of the units above it, its delegated editors,
units/rules.py). A try-out's KLE subjects: whoever may edit the try-out (tryouts/rules.py).
Strategies, focus areas, KLE and topics themselves are edited by staff in admin."""

import rules

from tryouts.rules import can_edit_owner_unit
from units.rules import is_unit_editor

# Checked against the unit (not model permissions: those are admin's, on the link rows).
rules.add_perm("vocabulary.edit_unit_kle", is_unit_editor)
rules.add_perm("vocabulary.answer_focus_areas", is_unit_editor)
# Checked against the try-out.
rules.add_perm("vocabulary.edit_tryout_kle", can_edit_owner_unit)
