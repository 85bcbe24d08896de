"""Template helpers used across the directory's pages."""

from django import template
from django.templatetags.static import static
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag(takes_context=True)
def url_with(context, **changes):
    """The current query string with some parameters replaced ("?status=i_gang&page=3")."""
    return _query_string(context["request"], changes)


@register.filter
def sum_values(values):
    return sum(values)


@register.filter
def number(value, estimate=False):
    """A count as Danish readers write it ("19.398"); an `estimate` rounded to two digits and
    said to be one ("ca. 20.000")."""
    if not estimate:
        return number_format(value, force_grouping=True)
    return gettext("about %(count)s") % {"count": rounded(value)}


@register.filter
def rounded(value):
    """An estimated count rounded to two digits ("20.000" for 19,552), for a sentence that
    says it is one."""
    digits = len(str(int(value))) - 2
    return number_format(round(value, -digits) if digits > 0 else value, force_grouping=True)


def _query_string(request, changes):
    params = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def page_window(page_obj, size=2):
    """Page numbers around the current one, with None where pages are left out (1 … 4 5 6 … 20)."""
    current, last = page_obj.number, page_obj.paginator.num_pages
    shown = {1, last, *range(max(1, current - size), min(last, current + size) + 1)}
    numbers, previous = [], 0
    for number in sorted(shown):
        if number - previous > 1:
            numbers.append(None)
        numbers.append(number)
        previous = number
    return numbers


@register.simple_tag
def icon(name, classes=""):
    """A DKFDS icon from the vendored sprite, hidden from screen readers."""
    sprite = static("vendor/dkfds/img/all-svg-icons.svg")
    css = f"icon-svg {classes}".strip()
    return format_html(
        '<svg class="{}" focusable="false" aria-hidden="true"><use href="{}#{}"></use></svg>', css, sprite, name
    )
