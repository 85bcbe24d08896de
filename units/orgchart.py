"""The organisation chart of a unit: its sub-tree as boxes (name, kind, leader, head-count).

Four queries, whatever the number of units: the active units below the unit, the head-count per
unit, and the leaders with their photos (people's memberships, through their reverse relation:
units imports nothing of people). Levels below the shown ones are folded into counts, so a
centre of 150 units stays readable; each folded unit links to its own chart (zoom in).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from units.models import MAX_DEPTH, Role, Unit, members_model

DEFAULT_LEVELS = 2
MAX_LEVELS = 4


def below(unit: Unit) -> Q:
    """The units anywhere below `unit` (the tree is at most MAX_DEPTH deep)."""
    condition, path = Q(), "parent"
    for _level in range(MAX_DEPTH):
        condition |= Q(**{path: unit})
        path += "__parent"
    return condition


@dataclass
class ChartNode:
    """A box of the chart: the unit, its leaders, how many people it and its sub-tree hold, and
    its shown children (`children`) or, where the chart is cut, how much lies below (`folded`)."""

    unit: Unit
    depth: int
    leaders: list = field(default_factory=list)
    own_count: int = 0
    total_count: int = 0
    unit_count: int = 0  # units anywhere below
    children: list = field(default_factory=list)
    all_children: list = field(default_factory=list)

    @property
    def folded(self) -> int:
        """Units below that the chart does not show."""
        return self.unit_count if self.all_children and not self.children else 0

    @property
    def leader(self):
        return self.leaders[0] if self.leaders else None

    @property
    def other_leaders(self) -> int:
        return max(len(self.leaders) - 1, 0)


def parse_levels(value, default=DEFAULT_LEVELS) -> int:
    """?niveauer= as a number of levels below the unit to show (1–MAX_LEVELS)."""
    try:
        return min(max(int(value), 1), MAX_LEVELS)
    except (TypeError, ValueError):
        return default


def org_tree(unit: Unit, levels: int = MAX_DEPTH) -> ChartNode:
    """The chart of `unit`'s active sub-tree, showing `levels` levels below it."""
    units = list(
        Unit.objects.active()
        .filter(below(unit))
        .only("pk", "parent_id", "name", "slug", "kind", "sort_key")
        .order_by("sort_key", "pk")
    )
    subtree = Unit.objects.active().filter(Q(pk=unit.pk) | below(unit)).values("pk")
    memberships = members_model().objects.filter(unit__in=subtree, person__is_active=True)
    counts = dict(memberships.order_by().values("unit").annotate(n=Count("pk")).values_list("unit", "n"))
    leaders = {}
    for membership in (
        memberships.filter(role=Role.LEDER)
        .select_related("person")
        .only("unit", "person__first_name", "person__last_name", "person__photo")
        .order_by("person__sort_key", "pk")
    ):
        leaders.setdefault(membership.unit_id, []).append(membership.person)
    by_parent = {}
    for child in units:
        by_parent.setdefault(child.parent_id, []).append(child)

    def build(node_unit, depth):
        node = ChartNode(node_unit, depth, leaders.get(node_unit.pk, []), counts.get(node_unit.pk, 0))
        node.all_children = [build(child, depth + 1) for child in by_parent.get(node_unit.pk, [])]
        node.total_count = node.own_count + sum(child.total_count for child in node.all_children)
        node.unit_count = sum(1 + child.unit_count for child in node.all_children)
        node.children = node.all_children if depth < levels else []
        return node

    return build(unit, 0)
