from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.paging import ForgivingPaginationMixin
from people.filters import PersonFilter
from people.models import Person


class PersonListView(ForgivingPaginationMixin, FilterView):
    """Employees A–Å by last name, filterable by unit, centre and topic."""

    filterset_class = PersonFilter
    template_name = "people/person_list.html"

    def get_queryset(self):
        return Person.objects.for_list()


class PersonDetailView(DetailView):
    template_name = "people/person_detail.html"
    context_object_name = "person"
    extra_context = {"crumbs": [(reverse_lazy("people:list"), _("People"))]}

    def get_queryset(self):
        return Person.objects.for_profile()
