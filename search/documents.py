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
    which dominates a rebuild of 50,000 people."""
    tags = defaultdict(list)
    items = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    for item in items.select_related("tag").order_by("tag__name"):
        tags[item.object_id].append(item.tag)
    return tags
