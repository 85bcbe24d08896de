"""Filter pieces shared by the list pages: topics (the one taggit vocabulary)."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag


def topic_choices(request=None) -> QuerySet[Tag]:
    return Tag.objects.order_by("name")


class TopicFilter(django_filters.ModelChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Topic"))
        kwargs.setdefault("queryset", topic_choices)
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", _("All topics"))
        super().__init__(*args, **kwargs)
