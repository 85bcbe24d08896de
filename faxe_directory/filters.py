"""Filter pieces shared by the list pages of units, people and try-outs."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from units.models import Unit


def centre_choices(request=None):
    return Unit.objects.centres().order_by("sort_key")


def topic_choices(request=None):
    return Tag.objects.order_by("name")


class CentreFilter(django_filters.ModelChoiceFilter):
    """Filter by centre: the centre itself and every unit below it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Centre"))
        kwargs.setdefault("queryset", centre_choices)
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", _("All centres"))
        super().__init__(*args, **kwargs)


class TopicFilter(django_filters.ModelChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Topic"))
        kwargs.setdefault("queryset", topic_choices)
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", _("All topics"))
        super().__init__(*args, **kwargs)


class UnitSlugFilter(django_filters.ModelChoiceFilter):
    """A unit chosen by following a link from a visitkort; kept as a hidden field.

    A select with every unit of a large municipality would be thousands of options.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Unit"))
        kwargs.setdefault("queryset", Unit.objects.all())
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)
