"""How complete a profile is: which parts are filled, as a percentage, with hints on what to add.

Shares the scoring with the visitkort (units/completeness.py). Pure: expertise is passed in as a
count the caller already loaded.
"""

from django.utils.translation import gettext_lazy as _

from units.completeness import score


def _filled(text):
    return bool(text and str(text).strip())


def person_completeness(person, *, expertise_count):
    """The profile's completeness: the parts the person edits themselves (name and email come
    from administration and are not counted)."""
    return score(
        [
            (_filled(person.title), _("Add your job title")),
            (_filled(person.about), _("Tell colleagues a little about yourself")),
            (_filled(person.ask_me_about), _("Add what colleagues can ask you about")),
            (expertise_count > 0, _("Add your areas of expertise, so colleagues find you")),
            (_filled(person.phone) or _filled(person.mobile), _("Add a phone number")),
            (bool(person.photo), _("Add a photo, so colleagues recognise you")),
            (_filled(person.location), _("Add where you work")),
            (_filled(person.languages), _("Add the languages you speak")),
        ]
    )
