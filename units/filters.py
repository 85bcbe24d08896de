"""Filters of the unit list, and the unit filters the people and try-out lists share."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import TopicFilter
from units.models import Unit, UnitKind


def centre_choices(request=None):
    return Unit.objects.centres().order_by("sort_key")


class CentreFilter(django_filters.ModelChoiceFilter):
    """Filter by centre: the centre itself and every unit below it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Centre"))
        kwargs.setdefault("queryset", centre_choices)
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", _("All centres"))
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


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name contains"))
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label=_("Kind"), empty_label=_("All kinds"))
    centre = CentreFilter(method="filter_centre")
    topic = TopicFilter(field_name="tags")
    open_for_visits = django_filters.BooleanFilter(
        label=_("Only units open for visits"), widget=forms.CheckboxInput, method="filter_open_for_visits"
    )

    class Meta:
        model = Unit
        fields = ["q", "kind", "centre", "topic", "open_for_visits"]

    def filter_centre(self, queryset, name, value):
        return queryset.in_centre(value)

    def filter_open_for_visits(self, queryset, name, value):
        return queryset.filter(open_for_visits=True) if value else queryset
