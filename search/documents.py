"""Helpers for the apps' document builders (see registry.py): topics of many objects at once."""

from collections import defaultdict
from collections.abc import Collection

from django.contrib.contenttypes.models import ContentType
from django.db import models
from taggit.models import Tag, TaggedItem

from search.text import index_text

__all__ = ["index_text", "tags_by_object"]


def tags_by_object(model: type[models.Model], ids: Collection[int]) -> dict[int, list[Tag]]:
    """{object id: [Tag, …]} in one query. taggit's own prefetch builds a queryset per object,
    which dominates a rebuild of 50,000 people."""
    tags = defaultdict(list)
    items = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    for item in items.select_related("tag").order_by("tag__name"):
        tags[item.object_id].append(item.tag)
    return tags
