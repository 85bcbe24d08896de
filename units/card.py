"""What a visitkort shows besides the unit's own row (`Visitkort`, the page's `card`), each list
one plain SQL statement read when the page first asks for it.

Why not the ORM: at 50,000 people the ORM spent longer building these queries and their objects
than PostgreSQL spent answering them (0.5–2.5 ms of Python a list against 0.1–0.9 ms of SQL; the
try-outs' union and window took 2.5 ms for four try-outs, the statement 0.3 ms;
docs/performance.md, "Session 10"). The statements say in SQL what the model's querysets say
(`active()`, `not_ended()`, `of_unit()`) and are filled in with the tables' names once. Their rows
become partly loaded model instances (`Model.from_db`) with the fields the templates show: a
template that reads another field would ask the database for it, which the visitkort's
query-count test catches.

units sits below people and tryouts: it reaches their models through the relations into Unit.
"""

from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from taggit.models import Tag, TaggedItem

from units.models import Collaboration, Role, Unit, UnitTask, chain_sql, members_model, people_model

TRYOUT_PREVIEW = 20

# The fields each list's objects are loaded with: what the templates read of them.
MEMBERSHIP = ("id", "role", "job_title")
PERSON = ("id", "first_name", "last_name", "title", "email", "photo")
CONTACT = ("id", "first_name", "last_name", "is_active")
TASK = ("id", "title", "description", "starts_on", "ends_on", "contact_id")
TRYOUT = ("id", "title", "slug", "summary", "status", "owner_unit_id", "track_id")
NAMED = ("id", "name")
LINKED_UNIT = ("id", "name", "slug", "kind")
TAG = ("id", "name", "slug")

# Active people, by name (Person.sort_key), as `members.filter(person__is_active=True)` did.
MEMBERS = """
SELECT {m_fields}, {p_fields} FROM {membership} m JOIN {person} p ON p.id = m.person_id
WHERE m.unit_id = %(unit)s AND p.is_active ORDER BY p.sort_key, m.id
"""
# Current and coming tasks (`UnitTask.objects.not_ended()`), in the model's order.
TASKS = """
SELECT {t_fields}, {c_fields} FROM {task} t LEFT JOIN {person} c ON c.id = t.contact_id
WHERE t.unit_id = %(unit)s AND (t.ends_on IS NULL OR t.ends_on >= %(today)s) ORDER BY t.starts_on DESC, t.id
"""
# Owned or taken part in (`Tryout.objects.of_unit()`: a union of two index look-ups), the latest
# first, with the count of them all.
TRYOUTS = """
SELECT {tr_fields}, o.id, o.name, k.id, k.name, COUNT(*) OVER ()
FROM {tryout} tr JOIN {unit} o ON o.id = tr.owner_unit_id LEFT JOIN {track} k ON k.id = tr.track_id
WHERE tr.id IN (SELECT id FROM {tryout} WHERE owner_unit_id = %(unit)s
                UNION SELECT tryout_id FROM {taking_part} WHERE unit_id = %(unit)s)
ORDER BY tr.updated_at DESC, tr.id LIMIT %(limit)s
"""
# The topics in the order the other pages give them (the ORM's prefetch: the topic's id).
TAGS = """
SELECT {tag_fields} FROM {tag} tag JOIN {tagged_item} i ON i.tag_id = tag.id
WHERE i.content_type_id = %(type)s AND i.object_id = %(unit)s ORDER BY tag.id
"""
CHILDREN = """
SELECT {u_fields} FROM {unit} u WHERE u.parent_id = %(unit)s AND u.is_active ORDER BY u.sort_key, u.id
"""
# Either way, active partners only, in the order they were registered.
COLLABORATIONS = """
SELECT c.id, c.description, {u_fields} FROM {collaboration} c
JOIN {unit} u ON u.id = CASE WHEN c.from_unit_id = %(unit)s THEN c.to_unit_id ELSE c.from_unit_id END
WHERE (c.from_unit_id = %(unit)s OR c.to_unit_id = %(unit)s) AND u.is_active ORDER BY c.id
"""


class Visitkort:
    """What the visitkort shows besides the unit's own fields, each read when the page first asks
    for it: a page whose parts are kept for the index generation (the template's
    `per_generation`) reads none of it."""

    def __init__(self, unit):
        self.unit = unit
        self.alias = router.db_for_read(Unit)

    def _rows(self, statement, **params):
        with connections[self.alias].cursor() as cursor:
            cursor.execute(_sql(statement), {"unit": self.unit.pk, **params})
            return cursor.fetchall()

    def _load(self, model, fields, values):
        return model.from_db(self.alias, fields, values)

    @cached_property
    def crumbs(self):
        return [(reverse("units:list"), _("Units"))] + [
            (ancestor.get_absolute_url(), ancestor.name) for ancestor in self.ancestors
        ]

    @cached_property
    def ancestors(self):
        """The units above, from the top down, however deep: one query, which also gives the
        parent and the centre (the view loads the unit alone: only the kept parts show them)."""
        if self.unit.parent_id is None:
            return []
        ids = chain_sql(self.unit.pk, itself=False)  # the recursive query Unit.objects.above() runs
        statement = f"SELECT {_columns('u', LINKED_UNIT)}, u.parent_id FROM {Unit._meta.db_table} u WHERE u.id IN "
        with connections[self.alias].cursor() as cursor:
            cursor.execute(f"{statement}({ids.sql})", ids.params)
            above = {row[0]: row for row in cursor.fetchall()}
        chain, seen, next_id = [], {self.unit.pk}, self.unit.parent_id
        while next_id in above and next_id not in seen:  # a cycle (bad data) ends where it repeats
            seen.add(next_id)
            chain.append(self._load(Unit, LINKED_UNIT, above[next_id][:-1]))
            next_id = above[next_id][-1]
        return list(reversed(chain))

    @property
    def parent(self):
        return self.ancestors[-1] if self.ancestors else None

    @cached_property
    def centre(self):
        """The unit's centre: itself, or one of the units above it."""
        if self.unit.centre_id is None or self.unit.centre_id == self.unit.pk:
            return self.unit if self.unit.centre_id else None
        found = next((unit for unit in self.ancestors if unit.pk == self.unit.centre_id), None)
        return found or Unit.objects.filter(pk=self.unit.centre_id).only(*NAMED).first()  # not above it: bad data

    @cached_property
    def members(self):
        memberships = []
        for row in self._rows(MEMBERS):
            membership = self._load(members_model(), MEMBERSHIP, row[: len(MEMBERSHIP)])
            membership.person = self._load(people_model(), PERSON, row[len(MEMBERSHIP) :])
            memberships.append(membership)
        return memberships

    @cached_property
    def leaders(self):
        return [m for m in self.members if m.role == Role.LEDER]

    @cached_property
    def employees(self):
        return [m for m in self.members if m.role != Role.LEDER]

    @cached_property
    def tags(self):
        return [self._load(Tag, TAG, row) for row in self._rows(TAGS, type=ContentType.objects.get_for_model(Unit).pk)]

    @cached_property
    def children(self):
        return [self._load(Unit, LINKED_UNIT, row) for row in self._rows(CHILDREN)]

    @cached_property
    def tasks(self):
        # Current and coming tasks in one query; a task starting next week is shown as such.
        tasks = []
        for row in self._rows(TASKS, today=timezone.localdate()):
            task = self._load(UnitTask, TASK, row[: len(TASK)])
            contact = row[len(TASK) :]
            task.contact = self._load(people_model(), CONTACT, contact) if contact[0] is not None else None
            tasks.append(task)
        return tasks

    @cached_property
    def current_tasks(self):
        return [task for task in self.tasks if not task.is_upcoming]

    @cached_property
    def upcoming_tasks(self):
        return sorted((task for task in self.tasks if task.is_upcoming), key=lambda t: t.starts_on)

    @cached_property
    def collaborations(self):
        """(partner, collaboration) pairs: the other unit, and what the two do together."""
        found = []
        for pk, description, *partner in self._rows(COLLABORATIONS):
            collaboration = self._load(Collaboration, ("id", "description"), (pk, description))
            found.append((self._load(Unit, LINKED_UNIT, partner), collaboration))
        return found

    @cached_property
    def _tryouts(self):
        tryout_model, track_model = _tryout_models()
        tryouts, total = [], 0
        for row in self._rows(TRYOUTS, limit=TRYOUT_PREVIEW):
            *fields, owner_id, owner_name, track_id, track_name, total = row
            tryout = self._load(tryout_model, TRYOUT, fields)
            tryout.owner_unit = self._load(Unit, NAMED, (owner_id, owner_name))
            tryout.track = self._load(track_model, NAMED, (track_id, track_name)) if track_id is not None else None
            tryouts.append(tryout)
        return tryouts, total

    @property
    def tryouts(self):
        """The unit's latest try-outs, owned or taken part in (at most TRYOUT_PREVIEW)."""
        return self._tryouts[0]

    @property
    def tryout_count(self):
        return self._tryouts[1]


def _tryout_models():
    tryout = Unit._meta.get_field("owned_tryouts").related_model
    return tryout, tryout._meta.get_field("track").related_model


def _columns(alias, fields):
    return ", ".join(f"{alias}.{field}" for field in fields)


@cache
def _sql(statement):
    """`statement` with the tables' and the loaded fields' names filled in (once)."""
    tryout, track = _tryout_models()
    tables = {
        "membership": members_model(),
        "person": people_model(),
        "task": UnitTask,
        "tryout": tryout,
        "taking_part": tryout._meta.get_field("units").remote_field.through,
        "track": track,
        "unit": Unit,
        "tag": Tag,
        "tagged_item": TaggedItem,
        "collaboration": Collaboration,
    }
    return statement.format(
        **{name: model._meta.db_table for name, model in tables.items()},
        m_fields=_columns("m", MEMBERSHIP),
        p_fields=_columns("p", PERSON),
        t_fields=_columns("t", TASK),
        c_fields=_columns("c", CONTACT),
        tr_fields=_columns("tr", TRYOUT),
        tag_fields=_columns("tag", TAG),
        u_fields=_columns("u", LINKED_UNIT),
    )
