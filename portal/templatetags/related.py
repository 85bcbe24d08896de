""" "Relaterede" on the visitkort, profile and try-out pages: {% related_to obj as related %}.

A template tag, so the domain apps' pages show what joins the apps without importing portal.
"""

from django import template
from django.utils.translation import get_language

from people.models import Person
from portal.related import related_people, related_tryouts, related_units
from search import cache as result_cache
from tryouts.models import Tryout
from units.models import Unit

register = template.Library()

FINDERS = {Unit: related_units, Person: related_people, Tryout: related_tryouts}


@register.simple_tag
def related_to(obj):
    """Units, colleagues or try-outs related to `obj`, each with its reasons (portal/related.py).

    Kept per index generation (search/cache.py): what makes two things related (try-outs and
    their units, memberships, topics, who is active) is indexed, so every edit of it bumps the
    generation; the queries behind it (one for a unit or a person, two for a try-out) no longer
    run for each reader."""
    finder = FINDERS.get(type(obj))
    if not finder:
        return []
    generation = result_cache.current_generation()
    parts = ("related", obj._meta.label, obj.pk, get_language())
    related = result_cache.get(generation, *parts)
    if related is None:
        related = finder(obj)
        result_cache.put(generation, *parts, value=related)
    return related
