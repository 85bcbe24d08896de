"""The vocabulary on the pages of apps below it (units, try-outs) and on the topic page, which
cannot import it: `{% load vocabulary %}{% unit_kle unit %}` and so on."""

from django import template

from core.sql import read_rows
from vocabulary.models import Aspect, Subject, TopicSubject, TopicSynonym, TryoutSubject, UnitSubject
from vocabulary.strategy import unit_strategy_answers

register = template.Library()

# A visitkort's KLE tasks, read on its first visit after an edit: as a plain statement (core/sql.py),
# with only what the list shows of each subject (its whole row as an object cost more than the query).
UNIT_KLE = """
SELECT l.aspect, s.number, s.title FROM {link} l JOIN {subject} s ON s.id = l.subject_id
WHERE l.unit_id = %s ORDER BY s.number, l.aspect
"""


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.inclusion_tag("vocabulary/_unit_kle.html", takes_context=True)
def unit_kle(context, unit):
    """The visitkort's KLE tasks by aspect (one query)."""
    rows = read_rows(UnitSubject, UNIT_KLE, [unit.pk], link=UnitSubject, subject=Subject)
    subjects = [(aspect, Subject(number=number, title=title)) for aspect, number, title in rows]
    user = _user(context)
    return {
        "unit": unit,
        "groups": [
            (label, found)
            for value, label in Aspect.choices
            if (found := [subject for aspect, subject in subjects if aspect == value])
        ],
        "can_edit": user is not None and user.has_perm("vocabulary.edit_unit_kle", unit),
    }


@register.inclusion_tag("vocabulary/_unit_strategy.html", takes_context=True)
def unit_strategy(context, unit):
    """The visitkort's answers to the current strategy's focus areas (three queries)."""
    strategy = unit_strategy_answers(unit)
    user = _user(context)
    return {
        "unit": unit,
        "answered": strategy.answered,
        "unanswered": strategy.unanswered,
        "has_areas": bool(strategy.area_count),
        "can_edit": user is not None and user.has_perm("vocabulary.answer_focus_areas", unit),
    }


@register.inclusion_tag("vocabulary/_tryout_kle.html", takes_context=True)
def tryout_kle(context, tryout):
    """A try-out's KLE subjects and action facets (one query)."""
    links = list(TryoutSubject.objects.filter(tryout=tryout).select_related("subject").order_by("subject__number"))
    user = _user(context)
    return {
        "tryout": tryout,
        "subjects": [link.subject for link in links if not link.subject.is_facet],
        "facets": [link.subject for link in links if link.subject.is_facet],
        "can_edit": user is not None and user.has_perm("vocabulary.edit_tryout_kle", tryout),
    }


@register.inclusion_tag("vocabulary/_topic_vocabulary.html")
def topic_vocabulary(tag):
    """A topic's KLE subjects and synonyms (two queries)."""
    return {
        "subjects": [link.subject for link in TopicSubject.objects.filter(tag=tag).select_related("subject")],
        "synonyms": list(TopicSynonym.objects.filter(tag=tag).order_by("name")),
    }
