""" "Relaterede": the relational threads between units, people and try-outs, each with its reason.

Every function runs a fixed number of queries whatever the size of the organisation: one SQL
statement for a visitkort's and a profile's (the pages read most); a try-out's reads its shared
topics with the same statement part and the try-outs it shows through the ORM.
"""

from dataclasses import dataclass, field
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
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


def _topics_reason(names):
    return ngettext("%(count)d shared topic: %(names)s", "%(count)d shared topics: %(names)s", len(names)) % {
        "count": len(names),
        "names": ", ".join(names[:4]),
    }


# "Relaterede" of a unit, and of a person, in one statement each: every reason with the fields the
# list shows of what it points to. At 50,000 people a unit's six ORM queries took 14.1 ms (half
# of it in the ORM) and a person's three 11.5 ms; the statements take 3.1 and 5.8 ms for the same
# lists, counting shared topics from the index core.0003 adds (docs/performance.md, "Session 8").
# All three keep the CANDIDATES with most topics in common, one row per shared topic:
SHARED_TOPICS = """
shared AS (
    SELECT object_id, tag_id FROM {tagged_item}
    WHERE content_type_id = %(type)s AND object_id <> %(object)s AND tag_id IN (
        SELECT tag_id FROM {tagged_item} WHERE content_type_id = %(type)s AND object_id = %(object)s
    )
), topic_candidates AS (
    SELECT object_id FROM shared GROUP BY object_id ORDER BY COUNT(*) DESC, object_id LIMIT %(candidates)s
), shared_topics AS (
    SELECT shared.object_id, tag.name FROM shared JOIN {tag} tag ON tag.id = shared.tag_id
    WHERE shared.object_id IN (SELECT object_id FROM topic_candidates)
)"""
# A unit's reasons: 1 a shared try-out (each try-out and unit once, owned or taking part), 2 how
# many of the unit's active people also belong to the other unit (the CANDIDATES units with
# most), 3 a shared topic. Inactive units are left out at the end.
RELATED_UNITS = """
WITH mine AS (
    SELECT id AS tryout_id FROM {tryout} WHERE owner_unit_id = %(object)s
    UNION SELECT tryout_id FROM {taking_part} WHERE unit_id = %(object)s
), pairs AS (
    SELECT id AS tryout_id, owner_unit_id AS unit_id FROM {tryout} WHERE id IN (SELECT tryout_id FROM mine)
    UNION SELECT tryout_id, unit_id FROM {taking_part} WHERE tryout_id IN (SELECT tryout_id FROM mine)
), colleagues AS (
    SELECT m.person_id FROM {membership} m JOIN {person} p ON p.id = m.person_id
    WHERE m.unit_id = %(object)s AND p.is_active
), people AS (
    SELECT unit_id, COUNT(DISTINCT person_id) AS n FROM {membership}
    WHERE person_id IN (SELECT person_id FROM colleagues) AND unit_id <> %(object)s
    GROUP BY unit_id ORDER BY n DESC, unit_id LIMIT %(candidates)s
), {shared_topics}, reasons AS (
    SELECT 1 AS reason, unit_id, COUNT(*) AS n, NULL AS topic FROM pairs WHERE unit_id <> %(object)s GROUP BY unit_id
    UNION ALL SELECT 2, unit_id, n, NULL FROM people
    UNION ALL SELECT 3, object_id, 1, name FROM shared_topics
)
SELECT reasons.reason, reasons.n, reasons.topic, {shown}
FROM reasons JOIN {unit} u ON u.id = reasons.unit_id
WHERE u.is_active
ORDER BY reasons.reason, reasons.topic
"""
SHARED_TRYOUT, SHARED_PEOPLE, SHARED_TOPIC = 1, 2, 3
# A person's: the active candidates, each with the centre of their primary membership
# (`primary_membership()`: the primary one, else the first by unit), to leave out their own centre.
RELATED_PEOPLE = """
WITH {shared_topics}
SELECT shared_topics.name, (
    SELECT u.centre_id FROM {membership} m JOIN {unit} u ON u.id = m.unit_id
    WHERE m.person_id = p.id AND u.is_active ORDER BY m.is_primary DESC, u.sort_key LIMIT 1
), {shown}
FROM shared_topics JOIN {person} p ON p.id = shared_topics.object_id
WHERE p.is_active
ORDER BY shared_topics.name
"""
# What _partials/related.html shows of a person: the name and title, and the pk for the link.
SHOWN_PERSON_FIELDS = ("id", "first_name", "last_name", "title")
# A try-out's: the candidates' ids with the shared topics' names.
RELATED_TRYOUTS = """
WITH {shared_topics}
SELECT name, {shown} FROM shared_topics ORDER BY name
"""


def _rows(statement, model, obj, shown):
    """Run a statement above for `obj` (of `model`) on the database its reads go to; returns
    that database's alias and the rows."""
    params = {"object": obj.pk, "type": ContentType.objects.get_for_model(model).pk, "candidates": CANDIDATES}
    alias = router.db_for_read(model)
    with connections[alias].cursor() as cursor:
        cursor.execute(_sql(statement, *shown), params)
        return alias, cursor.fetchall()


@cache
def _sql(statement, table, fields):
    """`statement` with the tables' names and the shown `fields` of `table` filled in (once)."""
    tables = {
        "tryout": Tryout,
        "taking_part": Tryout.units.through,
        "membership": Membership,
        "person": Person,
        "tagged_item": TaggedItem,
        "tag": Tag,
        "unit": Unit,
    }
    names = {name: model._meta.db_table for name, model in tables.items()}
    shown = ", ".join(f"{table}.{field}" for field in fields)
    return statement.format(shared_topics=SHARED_TOPICS.format(**names), shown=shown, **names)


def _shared_count_reason(reason, count):
    """The text and weight of `count` shared try-outs (3 each) or people (2 each)."""
    if reason == SHARED_TRYOUT:
        return ngettext("%(count)d shared try-out", "%(count)d shared try-outs", count) % {"count": count}, 3 * count
    return ngettext("%(count)d shared person", "%(count)d shared people", count) % {"count": count}, 2 * count


def related_units(unit):
    """Units tied to `unit` by shared try-outs, shared people or shared topics (collaborations
    are shown on the visitkort already): one query."""
    alias, rows = _rows(RELATED_UNITS, Unit, unit, ("u", SHOWN_UNIT_FIELDS))
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
    """Colleagues in other centres with overlapping expertise: one query."""
    own = person.primary_membership()
    own_centre = own.unit.centre_id if own else None
    alias, rows = _rows(RELATED_PEOPLE, Person, person, ("p", SHOWN_PERSON_FIELDS))
    topics, shown = {}, {}
    for topic, centre, *fields in rows:
        if own_centre and centre == own_centre:
            continue
        topics.setdefault(fields[0], []).append(topic)
        shown[fields[0]] = fields
    found = {pk: Related(None, [_topics_reason(names)], len(names)) for pk, names in topics.items()}
    people = {pk: Person.from_db(alias, SHOWN_PERSON_FIELDS, fields) for pk, fields in shown.items()}
    return _ranked(found, people)


def related_tryouts(tryout):
    """Similar try-outs owned by other units."""
    _alias, rows = _rows(RELATED_TRYOUTS, Tryout, tryout, ("shared_topics", ("object_id",)))
    shared = {}
    for name, pk in rows:
        shared.setdefault(pk, []).append(name)
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
