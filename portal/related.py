""" "Relaterede": the relational threads between units, people and try-outs, each with its reason.

Every function runs a fixed number of queries whatever the size of the organisation.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import ngettext
from taggit.models import Tag, TaggedItem

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


# "Relaterede" of a unit in one statement: every reason with the fields the list shows of the
# unit it points to. It was six ORM queries (14.1 ms a unit at 50,000 people, half of it in the
# ORM); one statement takes 5.7 ms for the same lists (docs/performance.md, "Session 8"). Reasons: 1 a
# shared try-out (each try-out and unit once, owned or taking part), 2 how many of the unit's
# active people also belong to the other unit, 3 one row per shared topic. People and topics
# keep the CANDIDATES units with most in common; inactive units are left out at the end.
RELATED_UNITS = """
WITH mine AS (
    SELECT id AS tryout_id FROM {tryout} WHERE owner_unit_id = %(unit)s
    UNION SELECT tryout_id FROM {taking_part} WHERE unit_id = %(unit)s
), pairs AS (
    SELECT id AS tryout_id, owner_unit_id AS unit_id FROM {tryout} WHERE id IN (SELECT tryout_id FROM mine)
    UNION SELECT tryout_id, unit_id FROM {taking_part} WHERE tryout_id IN (SELECT tryout_id FROM mine)
), colleagues AS (
    SELECT m.person_id FROM {membership} m JOIN {person} p ON p.id = m.person_id
    WHERE m.unit_id = %(unit)s AND p.is_active
), people AS (
    SELECT unit_id, COUNT(DISTINCT person_id) AS n FROM {membership}
    WHERE person_id IN (SELECT person_id FROM colleagues) AND unit_id <> %(unit)s
    GROUP BY unit_id ORDER BY n DESC, unit_id LIMIT %(candidates)s
), shared AS (
    SELECT object_id, tag_id FROM {tagged_item}
    WHERE content_type_id = %(type)s AND object_id <> %(unit)s AND tag_id IN (
        SELECT tag_id FROM {tagged_item} WHERE content_type_id = %(type)s AND object_id = %(unit)s
    )
), topic_units AS (
    SELECT object_id FROM shared GROUP BY object_id ORDER BY COUNT(*) DESC, object_id LIMIT %(candidates)s
), reasons AS (
    SELECT 1 AS reason, unit_id, COUNT(*) AS n, NULL AS topic FROM pairs WHERE unit_id <> %(unit)s GROUP BY unit_id
    UNION ALL SELECT 2, unit_id, n, NULL FROM people
    UNION ALL SELECT 3, shared.object_id, 1, tag.name FROM shared JOIN {tag} tag ON tag.id = shared.tag_id
    WHERE shared.object_id IN (SELECT object_id FROM topic_units)
)
SELECT reasons.reason, reasons.n, reasons.topic, {shown}
FROM reasons JOIN {unit} u ON u.id = reasons.unit_id
WHERE u.is_active
ORDER BY reasons.reason, reasons.topic
"""
SHARED_TRYOUT, SHARED_PEOPLE, SHARED_TOPIC = 1, 2, 3


def _related_units_sql():
    return RELATED_UNITS.format(
        tryout=Tryout._meta.db_table,
        taking_part=Tryout.units.through._meta.db_table,
        membership=Membership._meta.db_table,
        person=Person._meta.db_table,
        tagged_item=TaggedItem._meta.db_table,
        tag=Tag._meta.db_table,
        unit=Unit._meta.db_table,
        shown=", ".join(f"u.{name}" for name in SHOWN_UNIT_FIELDS),
    )


def _shared_count_reason(reason, count):
    """The text and weight of `count` shared try-outs (3 each) or people (2 each)."""
    if reason == SHARED_TRYOUT:
        return ngettext("%(count)d shared try-out", "%(count)d shared try-outs", count) % {"count": count}, 3 * count
    return ngettext("%(count)d shared person", "%(count)d shared people", count) % {"count": count}, 2 * count


def related_units(unit):
    """Units tied to `unit` by shared try-outs, shared people or shared topics (collaborations
    are shown on the visitkort already): one query."""
    alias = router.db_for_read(Unit)
    params = {"unit": unit.pk, "type": ContentType.objects.get_for_model(Unit).pk, "candidates": CANDIDATES}
    with connections[alias].cursor() as cursor:
        cursor.execute(_related_units_sql(), params)
        rows = cursor.fetchall()
    found, shown, topics = {}, {}, {}
    for reason, count, topic, *fields in rows:
        pk = fields[0]
        shown[pk] = fields
        entry = found.setdefault(pk, Related(None))
        if reason == SHARED_TOPIC:
            topics.setdefault(pk, []).append(topic)
        else:
            text, weight = _shared_count_reason(reason, count)
            entry.reasons.append(text)
            entry.weight += weight
    for pk, names in topics.items():
        found[pk].reasons.append(_topics_reason(names))
        found[pk].weight += len(names)
    # Only the shown ones become (partly loaded) Unit instances.
    best = sorted(found, key=lambda pk: (-found[pk].weight, shown[pk][1]))[:LIMIT]
    units = {pk: Unit.from_db(alias, SHOWN_UNIT_FIELDS, shown[pk]) for pk in best}
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
