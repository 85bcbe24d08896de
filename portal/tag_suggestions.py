"""Topic suggestions for the tag inputs of the edit forms (JSON for static/js/tag-input.js)."""

from django.db.models import Count, Q
from django.http import JsonResponse
from django.utils.translation import ngettext
from taggit.models import Tag

from vocabulary.topics import topics_for_typed

SUGGESTIONS = 10


def matching_tags(text, limit=SUGGESTIONS):
    """Existing topics whose name starts with `text` (or has a word starting with it), most
    used first: one query."""
    text = text.strip()[:100]
    if not text:
        return []
    names = list(
        Tag.objects.filter(Q(name__istartswith=text) | Q(name__icontains=f" {text}"))
        .annotate(uses=Count("taggit_taggeditem_items"))
        .order_by("-uses", "name")
        .values_list("name", flat=True)[:limit]
    )
    # A synonym typed ("inddragelse af borgere") offers its topic ("borgerinddragelse").
    return list(dict.fromkeys(names + topics_for_typed(text, limit)))[:limit]


def tag_suggestions(request):
    """Topics matching `?q=`, from the one vocabulary people, units and try-outs share."""
    names = matching_tags(request.GET.get("q", "").replace("\x00", ""))
    announce = ngettext("%(count)d suggestion", "%(count)d suggestions", len(names)) % {"count": len(names)}
    return JsonResponse({"items": names, "announce": announce})
