"""The co-creation parts of a visitkort or try-out page: the suggestion section for everyone, and
for the card's editors its open suggestions, its completeness and the freshness confirmation.

Each part is one tag in the page's template, so the detail views need no extra context; the editor
check is cached per request by the rules predicate, and editors pay one query for the open
suggestions (none for the completeness: it reads what the page already loaded).
"""

from django import template
from django.urls import reverse

from units.completeness import unit_completeness
from units.suggestions import AT_SUGGESTION_FORM, SuggestionForm, kind_of, open_suggestions_on, target_unit

register = template.Library()


@register.inclusion_tag("_partials/suggestions.html", takes_context=True)
def suggestions_section(context, target):
    """The suggestion form (everyone), the open suggestions to decide on (the card's editors) or
    the user's own still waiting for an answer (others), and the notice after sending one."""
    user = context["request"].user
    can_resolve = user.has_perm("units.change_unit", target_unit(target))
    # One query either way: editors see every open suggestion, others their own still waiting.
    waiting = open_suggestions_on(target, author=None if can_resolve else user)
    notices = [m for m in context.get("messages") or [] if AT_SUGGESTION_FORM in (m.extra_tags or "").split()]
    return {
        "target": target,
        "form": SuggestionForm(),
        "suggest_url": reverse(f"{kind_of(target)}:suggest", kwargs={"slug": target.slug}),
        "can_resolve": can_resolve,
        "open_suggestions": waiting if can_resolve else [],
        "own_waiting": [] if can_resolve else waiting,
        "notices": notices,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("_partials/visitkort_upkeep.html", takes_context=True)
def visitkort_upkeep(context, unit):
    """For the card's editors: how complete the card is, and the button confirming it is current.

    Counts the topics and current tasks of the page's `card` (units.views.Visitkort): no query
    when the page read them, two for an editor when the page's parts came from the cache.
    """
    request = context["request"]
    if not request.user.has_perm("units.change_unit", unit):
        return {"can_edit": False}
    card = context["card"]
    return {
        "can_edit": True,
        "unit": unit,
        "completeness": unit_completeness(unit, topic_count=len(card.tags), current_task_count=len(card.current_tasks)),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
