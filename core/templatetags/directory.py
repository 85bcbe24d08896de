"""Template helpers used across the directory's pages."""

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

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


# --- parts of the page around every page's content, rendered once per process -----------------

_kept = {}
KEPT_LIMIT = 1000  # a safety net: the parts' values are few (the language, the menu's section)


@receiver(setting_changed)
def _forget_kept(**kwargs):
    _kept.clear()


class PerProcessNode(template.Node):
    def __init__(self, name, values, nodelist):
        self.name, self.values, self.nodelist = name, values, nodelist

    def render(self, context):
        # Kept only from a page rendered for a request: Django's 500 page is rendered from a plain
        # Context without the context processors' values (the municipality's name). The request is
        # read from the context object, not its variables: an inclusion tag's context (the suggestion
        # form's field) has no "request" variable but still belongs to the request.
        if settings.DEBUG or getattr(context, "request", None) is None:  # DEBUG: templates change under runserver
            return self.nodelist.render(context)
        key = (self.name, *(value.resolve(context) for value in self.values), get_language(), get_script_prefix())
        html = _kept.get(key)
        if html is None:
            html = mark_safe(self.nodelist.render(context))
            if len(_kept) >= KEPT_LIMIT:
                _kept.clear()
            _kept[key] = html
        return html


@register.tag
def per_process(parser, token):
    """`{% per_process "name" value… %}…{% end_per_process %}`: a part of the page that is the same
    for every reader (base.html's header, menu and footer: links, static files, translations), rendered
    once per process, language and listed values and then reused. It must hold nothing of the
    request or the reader (no CSRF token, no user, no search words, no messages): those stay
    outside it. A settings change (tests) forgets the kept parts; DEBUG, and a page rendered without
    a request (the 500 page), render them every time."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'":
        raise template.TemplateSyntaxError(f"{bits[0]} needs a quoted name.")
    nodelist = parser.parse(("end_per_process",))
    parser.delete_first_token()
    return PerProcessNode(bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]], nodelist)
