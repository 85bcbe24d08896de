import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import TopicFilter
from people.models import Person
from units.filters import CentreFilter, UnitSlugFilter


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_name", label=_("Name contains"))
    unit = UnitSlugFilter(field_name="memberships__unit", distinct=True)
    centre = CentreFilter(method="filter_centre")
    topic = TopicFilter(field_name="expertise", distinct=True)

    class Meta:
        model = Person
        fields = ["q", "unit", "centre", "topic"]

    def filter_name(self, queryset, name, value):
        for word in value.split()[:10]:
            queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        return queryset

    def filter_centre(self, queryset, name, value):
        return queryset.in_centre(value)
