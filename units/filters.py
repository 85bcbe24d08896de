import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from faxe_directory.filters import CentreFilter, TopicFilter
from units.models import Unit, UnitKind


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
