"""How complete a visitkort is: which parts are filled, as a percentage, with hints on what to add.

Pure functions over values the caller already loaded (the visitkort page and "mine sider" count
topics and current tasks in their own queries), so the score costs no query of its own.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Completeness:
    """A score: how many of the checked parts are filled, and a hint for each missing one."""

    filled: int
    total: int
    hints: list = field(default_factory=list)

    @property
    def percent(self):
        return round(100 * self.filled / self.total) if self.total else 100

    @property
    def is_complete(self):
        return self.filled == self.total


def score(checks):
    """A Completeness from (is filled, hint) pairs, hints in the order given."""
    checks = list(checks)
    return Completeness(
        filled=sum(1 for filled, _hint in checks if filled),
        total=len(checks),
        hints=[hint for filled, hint in checks if not filled],
    )


def _filled(text):
    return bool(text and str(text).strip())


def unit_completeness(unit, *, topic_count, current_task_count):
    """The visitkort's completeness. Topics and current tasks are passed in as counts."""
    return score(
        [
            (_filled(unit.about), _("Tell colleagues who you are")),
            (_filled(unit.core_tasks), _("Describe your core tasks")),
            (_filled(unit.can_help_with), _("Add what you can help with")),
            (_filled(unit.looking_for), _("Add what you are looking for")),
            (_filled(unit.email) or _filled(unit.phone), _("Add an email address or a phone number")),
            (_filled(unit.address), _("Add your address")),
            (topic_count > 0, _("Add topics, so colleagues find you when they search")),
            (current_task_count > 0, _("Add the special tasks you are working on right now")),
        ]
    )
