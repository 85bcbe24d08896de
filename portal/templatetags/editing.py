"""Template helpers for edit links: shown only to those who may use them."""

from django import template

register = template.Library()


@register.simple_tag
def can_start_tryout(user):
    """Whether the user belongs to or edits any unit, so may start a try-out (one query)."""
    from tryouts.forms import units_user_may_add_to

    return units_user_may_add_to(user).exists()
