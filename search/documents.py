"""Helpers for the apps' document builders (see registry.py): topics of many objects at once."""

from collections import defaultdict
from collections.abc import Collection
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from taggit.models import Tag, TaggedItem

from search.text import index_text

__all__ = ["card_quality", "index_text", "tags_by_object"]


def card_quality(filled: Collection[object], confirmed_at: datetime | None, now: datetime) -> float:
    """0–1: half for how many of the card's fields are `filled` (truthy), half for being
    confirmed within settings.STALE_AFTER_DAYS. Breaks ties between equal hits (Document.quality)."""
    complete = sum(1 for value in filled if value) / len(filled) if filled else 0.0
    fresh = confirmed_at is not None and confirmed_at >= now - timedelta(days=settings.STALE_AFTER_DAYS)
    return round(0.5 * complete + 0.5 * fresh, 3)


def tags_by_object(model: type[models.Model], ids: Collection[int]) -> dict[int, list[Tag]]:
    """{object id: [Tag, …]} in one query. taggit's own prefetch builds a queryset per object,
    which dominates a rebuild of 50,000 people; so would a TaggedItem and a Tag instance per row:
    the rows are read as tuples and each tag is one shared Tag (read it, do not change it)."""
    tags = defaultdict(list)
    shared = {}
    items = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__any=ids)
    for object_id, tag_id, name, slug in items.order_by("tag__name").values_list(
        "object_id", "tag_id", "tag__name", "tag__slug"
    ):
        tag = shared.get(tag_id)
        if tag is None:
            tag = shared[tag_id] = Tag(id=tag_id, name=name, slug=slug)
        tags[object_id].append(tag)
    return tags
