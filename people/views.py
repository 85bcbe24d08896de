from django.db.models import Prefetch
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.paging import ForgivingPaginationMixin
from people.filters import PersonFilter
from people.models import Person
from portal.related import related_people
from tryouts.models import Tryout

# What a try-out card shows besides the try-out itself.
TRYOUT_CARDS = Tryout.objects.select_related("owner_unit", "track")


class PersonListView(ForgivingPaginationMixin, FilterView):
    """Employees A–Å by last name, filterable by unit, centre and topic."""

    filterset_class = PersonFilter
    template_name = "people/person_list.html"

    def get_queryset(self):
        return Person.objects.active().with_units().prefetch_related("expertise")


class PersonDetailView(DetailView):
    template_name = "people/person_detail.html"
    context_object_name = "person"
    extra_context = {"crumbs": [(reverse_lazy("people:list"), _("People"))]}

    def get_queryset(self):
        return (
            Person.objects.active()
            .with_units()
            .prefetch_related(
                "expertise",
                Prefetch("tryouts", queryset=TRYOUT_CARDS.order_by("-updated_at")),
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(related=related_people(self.object), **kwargs)
