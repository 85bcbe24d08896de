"""Parts of a page kept per index generation (search/cache.py):

    {% load generation %}
    {% per_generation "visitkort-body" unit.pk can_edit %}…{% end_per_generation %}

The part is rendered once per generation, language and day for each combination of the values
after its name, and then served to every reader. Every edit of what a visitkort or profile shows
bumps the generation (the index's own writes, `bump_on_change` for the tables it does not hold),
so no reader ever sees a part from before an edit.

A part must hold nothing that depends on who reads it unless that is one of its values: no CSRF
token, no follow button, no edit link, no messages, no `request.get_full_path`. Those stay outside
the part, rendered on every request. The view reads the generation (`current_generation()`)
before it reads the object the part shows, so that a part can never be stored under a generation
newer than its data.
"""

from django import template
from django.db.models import Model
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from search import cache

register = template.Library()


def _key_value(value):
    # A value's repr goes into the key: plain values as they are, a model instance by its label
    # and pk (its repr would be its str, which two objects may share).
    if isinstance(value, Model):
        return (value._meta.label, value.pk)
    return value if value is None or isinstance(value, (bool, int, str)) else str(value)


class PerGenerationNode(template.Node):
    def __init__(self, name, values, nodelist):
        self.name, self.values, self.nodelist = name, values, nodelist

    def render(self, context):
        # The day is part of the key: what is current, coming or out of date changes with it.
        parts = (
            "part",
            self.name.resolve(context),
            *(_key_value(value.resolve(context)) for value in self.values),
            get_language(),
            timezone.localdate().isoformat(),
        )
        generation = cache.current_generation()
        html = cache.get(generation, *parts)
        if html is None:
            html = str(self.nodelist.render(context))
            cache.put(generation, *parts, value=html)
        return mark_safe(html)


@register.tag
def per_generation(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name.")
    nodelist = parser.parse(("end_per_generation",))
    parser.delete_first_token()
    return PerGenerationNode(parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]], nodelist)
