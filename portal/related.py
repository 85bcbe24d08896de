""" "Relaterede": the relational threads between units, people and try-outs, each with its reason.

Every function runs a fixed number of queries whatever the size of the organisation.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import ngettext
from taggit.models import TaggedItem

from people.models import Membership, Person
from tryouts.models import Tryout
from units.models import Unit

LIMIT = 6
CANDIDATES = 40
# What _partials/related.html shows of a unit: its name and kind, and its slug for the link.
SHOWN_UNIT_FIELDS = ("id", "name", "slug", "kind")


@dataclass
class Related:
    object: object
    reasons: list = field(default_factory=list)
    weight: int = 0


def _shared_topics(model, tag_ids, exclude_pk):
    """{object pk: [shared topic names]} for the objects of `model` sharing most of `tag_ids`."""
    if not tag_ids:
        return {}
    content_type = ContentType.objects.get_for_model(model)
    items = TaggedItem.objects.filter(content_type=content_type, tag_id__in=tag_ids).exclude(object_id=exclude_pk)
    best = list(
        items.values("object_id")
        .annotate(n=Count("id"))
        .order_by("-n", "object_id")
        .values_list("object_id", flat=True)[:CANDIDATES]
    )
    shared = {}
    for object_id, name in items.filter(object_id__in=best).values_list("object_id", "tag__name").order_by("tag__name"):
        shared.setdefault(object_id, []).append(name)
    return shared


def _topics_reason(names):
    return ngettext("%(count)d shared topic: %(names)s", "%(count)d shared topics: %(names)s", len(names)) % {
        "count": len(names),
        "names": ", ".join(names[:4]),
    }


def related_units(unit):
    """Units tied to `unit` by shared try-outs, shared people or shared topics (collaborations
    are shown on the visitkort already)."""
    found = {}

    def add(pk, reason, weight):
        entry = found.setdefault(pk, Related(None))
        entry.reasons.append(reason)
        entry.weight += weight

    # Each (try-out, unit) pair once, whether the unit owns the try-out or takes part: one query.
    tryout_ids = Tryout.objects.of_unit(unit).values("pk")
    owners = Tryout.objects.filter(pk__in=tryout_ids).order_by().values_list("pk", "owner_unit_id")
    taking_part = Tryout.units.through.objects.filter(tryout_id__in=tryout_ids).values_list("tryout_id", "unit_id")
    tryout_counts = Counter(pk for _tryout, pk in owners.union(taking_part) if pk not in (None, unit.pk))
    for pk, count in tryout_counts.items():
        add(pk, ngettext("%(count)d shared try-out", "%(count)d shared try-outs", count) % {"count": count}, 3 * count)
    member_ids = Membership.objects.filter(unit=unit, person__is_active=True).values("person_id")
    people_counts = (
        Membership.objects.filter(person_id__in=member_ids)
        .exclude(unit=unit)
        .values("unit_id")
        .annotate(n=Count("person_id", distinct=True))
        .order_by("-n")[:CANDIDATES]
    )
    for row in people_counts:
        add(
            row["unit_id"],
            ngettext("%(count)d shared person", "%(count)d shared people", row["n"]) % {"count": row["n"]},
            2 * row["n"],
        )
    for pk, names in _shared_topics(Unit, [t.pk for t in unit.tags.all()], unit.pk).items():
        add(pk, _topics_reason(names), len(names))
    # Ranked by name among the active candidates (up to ~120), read as rows of the fields the
    # list shows; only the shown ones become (partly loaded) Unit instances: reading them all
    # was a third of a visitkort's first visit, and a second query for the six cost 1.5 ms.
    rows = {
        row[0]: row
        for row in Unit.objects.active().filter(pk__in=found).exclude(pk=unit.pk).values_list(*SHOWN_UNIT_FIELDS)
    }
    best = sorted(rows, key=lambda pk: (-found[pk].weight, rows[pk][1]))[:LIMIT]
    units = {pk: Unit.from_db(Unit.objects.db, SHOWN_UNIT_FIELDS, rows[pk]) for pk in best}
    return _ranked({pk: found[pk] for pk in best}, units)


def related_people(person):
    """Colleagues in other centres with overlapping expertise."""
    shared = _shared_topics(Person, [t.pk for t in person.expertise.all()], person.pk)
    own = person.primary_membership()
    own_centre = own.unit.centre_id if own else None
    # Each candidate's centre is that of their primary membership (`primary_membership()`: the
    # primary one, else the first by unit), read in the same query instead of all their units.
    primary = Membership.objects.filter(person=OuterRef("pk"), unit__is_active=True).order_by(
        "-is_primary", "unit__sort_key"
    )
    people = (
        Person.objects.active()
        .filter(pk__in=shared)
        .annotate(primary_centre=Subquery(primary.values("unit__centre_id")[:1]))
        .in_bulk()
    )
    found = {}
    for pk, candidate in people.items():
        if own_centre and candidate.primary_centre == own_centre:
            continue
        found[pk] = Related(None, [_topics_reason(shared[pk])], len(shared[pk]))
    return _ranked(found, people)


def related_tryouts(tryout):
    """Similar try-outs owned by other units."""
    shared = _shared_topics(Tryout, [t.pk for t in tryout.tags.all()], tryout.pk)
    tryouts = (
        Tryout.objects.filter(pk__in=shared)
        .exclude(owner_unit_id=tryout.owner_unit_id)
        .select_related("owner_unit", "track")
        .in_bulk()
    )
    found = {pk: Related(None, [_topics_reason(shared[pk])], len(shared[pk])) for pk in tryouts}
    return _ranked(found, tryouts)


def _ranked(found, objects):
    related = []
    for pk, entry in found.items():
        if pk in objects:
            entry.object = objects[pk]
            related.append(entry)
    related.sort(key=lambda r: (-r.weight, str(r.object)))
    return related[:LIMIT]
