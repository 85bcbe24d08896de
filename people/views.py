from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects
from django.urls import reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.paging import ForgivingPaginationMixin
from people.filters import PersonFilter
from people.models import Membership, Person, Role, profile_prefetches
from search.cache import current_generation
from units.models import Unit

# Colleagues shown on a profile; more than these get a link to the unit's list of people.
COLLEAGUES = 12


@dataclass
class Workplace:
    """Where a person works, as their profile shows it first: their primary unit with its centre,
    the nearest leader above them, and some colleagues in the same unit."""

    unit: Unit | None = None
    leaders: list = field(default_factory=list)
    colleagues: list = field(default_factory=list)
    more_colleagues: bool = False


def workplace_of(person):
    """The person's workplace in three queries (none without a unit): the units above theirs, the
    leaders in them, and the first colleagues of the unit."""
    membership = person.primary_membership()
    if membership is None:
        return Workplace()
    # The unit came with the person's memberships; the units above it in one recursive query
    # (`with_ancestors()`, a join of six levels, cost ~4 ms of the ORM's time on each profile).
    unit = membership.unit
    above = {level.pk: level for level in Unit.objects.above(unit.pk)}
    chain, parent_id = [unit], unit.parent_id
    while parent_id in above and above[parent_id] not in chain:
        chain.append(above[parent_id])
        parent_id = above[parent_id].parent_id
    centre = {level.pk: level for level in chain}.get(unit.centre_id)
    if centre is not None:
        unit.centre = centre  # else the template reads it (a centre outside the chain)
    leaders = {}
    for leader in (
        Membership.objects.filter(unit__in=chain, role=Role.LEDER, person__is_active=True)
        .exclude(person=person)
        .select_related("person", "unit")
        .order_by("person__sort_key")
    ):
        leaders.setdefault(leader.unit_id, []).append(leader)
    # The nearest: the unit's own leaders, or (for a leader, or a unit without one) those above.
    nearest = next((leaders[level.pk] for level in chain if level.pk in leaders), [])
    colleagues = list(
        Person.objects.active()
        .filter(memberships__unit=unit)
        .exclude(pk=person.pk)
        .order_by("sort_key", "pk")
        .distinct()[: COLLEAGUES + 1]
    )
    return Workplace(unit, nearest, colleagues[:COLLEAGUES], len(colleagues) > COLLEAGUES)


class PersonListView(ForgivingPaginationMixin, FilterView):
    """Employees A–Å by last name, filterable by unit, centre and topic."""

    filterset_class = PersonFilter
    template_name = "people/person_list.html"

    def get_queryset(self):
        return Person.objects.for_list()


class Profile:
    """What a profile shows besides the person's own row, read when the page first asks for it: a
    page whose parts are kept for the index generation (the template's `per_generation`) reads
    none of it."""

    def __init__(self, person):
        self.person = person

    @cached_property
    def _loaded(self):
        prefetch_related_objects([self.person], *profile_prefetches())
        return self.person

    @cached_property
    def memberships(self):
        return list(self._loaded.memberships.all())

    @cached_property
    def expertise(self):
        return list(self._loaded.expertise.all())

    @cached_property
    def tryouts(self):
        return list(self._loaded.tryouts.all())

    @cached_property
    def workplace(self):
        return workplace_of(self._loaded)


class PersonDetailView(DetailView):
    """A colleague's profile; its parts that are the same for every reader are kept per index
    generation (templates/people/person_detail.html)."""

    template_name = "people/person_detail.html"
    context_object_name = "person"
    extra_context = {"crumbs": [(reverse_lazy("people:list"), _("People"))]}

    def get_queryset(self):
        return Person.objects.active()

    def get_object(self, queryset=None):
        # The generation first: a part kept under it must never hold data older than it.
        current_generation()
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        return super().get_context_data(card=Profile(self.object), **kwargs)
