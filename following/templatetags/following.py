"""The "Følg" button on pages of followable things, and the "Det følger jeg" section of /mine/.

{% load following %}{% follow_button unit %}   one query: does the user follow it
{% my_follows %}                               the user's follows: one query, plus one per kind followed
"""

from django import template

from core.text import danish_sort_key
from following.forms import DigestSettingsForm
from following.models import Follow
from following.registry import follow_kinds, kind_of
from following.services import digest_enabled, is_following

register = template.Library()


@register.inclusion_tag("following/_follow_button.html", takes_context=True)
def follow_button(context, obj):
    request = context["request"]
    kind = kind_of(obj)
    if kind is None or not request.user.is_authenticated:
        return {"show": False}
    return {
        "show": True,
        "kind": kind.kind,
        "pk": obj.pk,
        "name": str(obj),
        "following": is_following(request.user, kind, obj.pk),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("following/_mine_section.html", takes_context=True)
def my_follows(context):
    request = context["request"]
    ids = {}
    for kind, object_id in Follow.objects.filter(user=request.user).values_list("kind", "object_id"):
        ids.setdefault(kind, []).append(object_id)
    groups = []
    for name, kind in follow_kinds().items():
        if name not in ids:
            continue
        objects = kind.objects(ids[name]).values()
        items = sorted(
            ({"name": str(obj), "url": kind.url(obj), "pk": obj.pk} for obj in objects),
            key=lambda item: danish_sort_key(item["name"]),
        )
        if items:
            groups.append({"kind": name, "label": kind.label_plural, "items": items})
    return {
        "groups": groups,
        "form": DigestSettingsForm(initial={"weekly_digest": digest_enabled(request.user)}),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
