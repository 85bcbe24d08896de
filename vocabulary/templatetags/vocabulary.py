"""The vocabulary on the pages of apps below it (units, try-outs) and on the topic page, which
cannot import it: `{% load vocabulary %}{% unit_kle unit %}` and so on."""

from django import template

from vocabulary.models import Aspect, Subject, TopicSubject, TopicSynonym, TryoutSubject, UnitSubject
from vocabulary.strategy import unit_strategy_answers

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.inclusion_tag("vocabulary/_unit_kle.html", takes_context=True)
def unit_kle(context, unit):
    """The visitkort's KLE tasks by aspect (one query)."""
    # Plain values: the subjects' whole rows and the links as objects cost more than the query.
    rows = UnitSubject.objects.filter(unit=unit).order_by("subject__number", "aspect")
    rows = rows.values_list("aspect", "subject__number", "subject__title")
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
