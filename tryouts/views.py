from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.paging import ForgivingPaginationMixin
from tryouts.filters import TryoutFilter
from tryouts.models import Tryout
from units.suggestions import SuggestFormView


class TryoutListView(ForgivingPaginationMixin, FilterView):
    """Prøvehandlinger, most recently updated first, filterable by status, track, unit and topic."""

    filterset_class = TryoutFilter
    template_name = "tryouts/tryout_list.html"

    def get_queryset(self):
        return Tryout.objects.for_list()


class TryoutDetailView(DetailView):
    template_name = "tryouts/tryout_detail.html"
    context_object_name = "tryout"
    extra_context = {"crumbs": [(reverse_lazy("tryouts:list"), _("Try-outs"))]}

    def get_queryset(self):
        return Tryout.objects.for_detail()


class TryoutSuggestView(SuggestFormView):
    """A colleague suggests an addition or correction to a try-out (units/suggestions.py)."""

    def get_target(self):
        return get_object_or_404(Tryout.objects.select_related("owner_unit"), slug=self.kwargs["slug"])
