import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import TopicFilter
from tryouts.models import Status, Track, Tryout
from units.filters import UnitSlugFilter


class TryoutFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("Status"), empty_label=_("All statuses"))
    track = django_filters.ModelChoiceFilter(
        queryset=Track.objects.all(), to_field_name="slug", label=_("Track"), empty_label=_("All tracks")
    )
    unit = UnitSlugFilter(method="filter_unit")
    topic = TopicFilter(field_name="tags", distinct=True)

    class Meta:
        model = Tryout
        fields = ["status", "track", "unit", "topic"]

    def filter_unit(self, queryset, name, value):
        return queryset.of_unit(value)
