"""How many units, people and try-outs sit under each KLE subject, in three grouped queries.

Under a subject means: units with a KLE responsibility for it or a subject below it, active
people whose expertise includes a topic tied to it (or below), try-outs carrying it (or below).
A subject's number starts with its parents' (27 → 27.03 → 27.03.08), so counting per main group
or group is grouping by the first 2 or 5 characters of the number: no tree walk, and a unit with
two subjects in one group counts once there.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import Substr

from people.models import Person
from vocabulary.models import SubjectKind, TryoutSubject, UnitSubject

MAIN_GROUP, GROUP, SUBJECT = 2, 5, None
FACET_GROUP = 1  # the letter of a facet: P for P08, P20


@dataclass
class Counts:
    units: int = 0
    people: int = 0
    tryouts: int = 0

    @property
    def total(self):
        return self.units + self.people + self.tryouts


def _subjects(path, facets, within):
    # kinds listed rather than a negated facet: a negation over a many-valued relation would
    # become a sub-query with a different meaning.
    kinds = [SubjectKind.FACET] if facets else [SubjectKind.MAIN_GROUP, SubjectKind.GROUP, SubjectKind.SUBJECT]
    condition = Q(**{f"{path}kind__in": kinds})
    if within:
        # Below a facet letter (P) are its facets (P08); below a number (27.03), its sub-numbers.
        below = within if facets else f"{within}."
        condition &= Q(**{f"{path}number__startswith": below})
    return condition


def counts_by_number(length=SUBJECT, *, within=None, facets=False) -> dict[str, Counts]:
    """{number: Counts} per main group (length 2), group (5) or subject (None: the whole
    number), optionally only below the subject numbered `within`; facets are counted apart."""
    counts = defaultdict(Counts)

    def key(path):
        return Substr(f"{path}number", 1, length) if length else F(f"{path}number")

    sources = (
        ("units", UnitSubject.objects.filter(unit__is_active=True), "subject__", "unit_id"),
        ("tryouts", TryoutSubject.objects.all(), "subject__", "tryout_id"),
        ("people", Person.objects.active(), "expertise__kle_links__subject__", "pk"),
    )
    for name, queryset, path, counted in sources:
        rows = (
            queryset.filter(_subjects(path, facets, within))
            .values(number=key(path))
            .annotate(n=Count(counted, distinct=True))
            .order_by()
        )
        for row in rows:
            setattr(counts[row["number"]], name, row["n"])
    return counts
