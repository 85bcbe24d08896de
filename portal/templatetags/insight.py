"""{% insight_link %}: the way to /indsigt/ on /mine/, for those who may see it (one query)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from units.models import Role, Unit

register = template.Library()


@register.simple_tag(takes_context=True)
def insight_link(context):
    user = context["request"].user
    leads = user.is_staff or (
        user.is_authenticated
        and Unit.objects.active()
        .filter(memberships__person__user=user, memberships__person__is_active=True, memberships__role=Role.LEDER)
        .exists()
    )
    if not leads:
        return ""
    return format_html(
        '<p class="insight-link d-print-none"><a href="{}">{}</a></p>',
        reverse("insight"),
        _("Insight: how alive the directory is in your units"),
    )
