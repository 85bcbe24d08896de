""" "Relaterede" on the visitkort, profile and try-out pages: {% related_to obj as related %}.

A template tag, so the domain apps' pages show what joins the apps without importing portal.
"""

from django import template

from people.models import Person
from portal.related import related_people, related_tryouts, related_units
from tryouts.models import Tryout
from units.models import Unit

register = template.Library()

FINDERS = {Unit: related_units, Person: related_people, Tryout: related_tryouts}


@register.simple_tag
def related_to(obj):
    """Units, colleagues or try-outs related to `obj`, each with its reasons (portal/related.py)."""
    finder = FINDERS.get(type(obj))
    return finder(obj) if finder else []
