from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from faxe_directory.paging import ForgivingPaginationMixin
from faxe_directory.related import related_units
from people.models import Membership, Role
from tryouts.models import Tryout
from units.filters import UnitFilter
from units.models import Collaboration, Unit, UnitTask

TRYOUT_PREVIEW = 20


class UnitListView(ForgivingPaginationMixin, FilterView):
    """The organisation tree and a filterable list of units."""

    filterset_class = UnitFilter
    template_name = "units/unit_list.html"

    def get_queryset(self):
        return Unit.objects.active().select_related("parent", "centre")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filtered = any(self.request.GET.get(name) for name in self.filterset_class.base_filters)
        context["is_filtered"] = filtered
        context["tree"] = [] if filtered else Unit.objects.active().tree()
        return context


class UnitDetailView(DetailView):
    """The visitkort: everything about one unit, in a fixed number of queries."""

    template_name = "units/unit_detail.html"
    context_object_name = "unit"

    def get_queryset(self):
        active_members = Membership.objects.filter(person__is_active=True).select_related("person")
        return (
            Unit.objects.active()
            .with_ancestors()
            .prefetch_related(
                "tags",
                Prefetch("memberships", queryset=active_members.order_by("person__sort_key"), to_attr="members"),
                Prefetch(
                    "children",
                    queryset=Unit.objects.active().order_by("sort_key"),
                    to_attr="active_children",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = self.object
        leaders = [m for m in unit.members if m.role == Role.LEDER]
        collaborations = (
            Collaboration.objects.filter(Q(from_unit=unit) | Q(to_unit=unit))
            .filter(from_unit__is_active=True, to_unit__is_active=True)
            .select_related("from_unit", "to_unit")
        )
        context.update(
            {
                "crumbs": [(reverse("units:list"), _("Units"))]
                + [(ancestor.get_absolute_url(), ancestor.name) for ancestor in unit.ancestors()],
                "leaders": leaders,
                "employees": [m for m in unit.members if m.role != Role.LEDER],
                "current_tasks": UnitTask.objects.filter(unit=unit).current().select_related("contact"),
                "collaborations": [
                    (c.to_unit if c.from_unit_id == unit.pk else c.from_unit, c) for c in collaborations
                ],
                "tryouts": self.tryouts()[:TRYOUT_PREVIEW],
                "tryout_count": self.tryouts().count(),
                "related": related_units(unit),
            }
        )
        return context

    def tryouts(self):
        return Tryout.objects.of_unit(self.object).select_related("owner_unit", "track").order_by("-updated_at")
