"""What each kind of object contributes to the index, built for many objects at a time."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from taggit.models import TaggedItem

from search.models import Kind
from search.text import index_text
from people.models import Membership, Person
from tryouts.models import Status, Tryout
from units.models import Unit, UnitKind, UnitTask

# The index is Danish whatever the UI language: unit kinds are searchable by their Danish names.
UNIT_KIND_WORDS = {
    UnitKind.KOMMUNE: "kommune",
    UnitKind.DIREKTION: "direktion",
    UnitKind.CENTER: "center",
    UnitKind.AFDELING: "afdeling",
    UnitKind.INSTITUTION: "institution",
    UnitKind.TEAM: "team",
}
STATUS_WORDS = {Status.IDE: "idé", Status.I_GANG: "i gang", Status.AFSLUTTET: "afsluttet", Status.STOPPET: "stoppet"}


@dataclass
class Document:
    kind: str
    object_id: int
    title: str
    subtitle: str = ""
    names: str = ""
    keywords: str = ""
    body: str = ""
    centre_id: int | None = None
    status: str = ""
    track_id: int | None = None
    is_current: bool = True
    topic_ids: list = field(default_factory=list)


def tags_by_object(model, ids):
    """{object id: [Tag, …]} in one query. taggit's own prefetch builds a queryset per object,
    which dominates a rebuild of 50,000 people."""
    tags = defaultdict(list)
    items = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    for item in items.select_related("tag").order_by("tag__name"):
        tags[item.object_id].append(item.tag)
    return tags


def person_documents(ids):
    memberships = Membership.objects.filter(unit__is_active=True).select_related("unit")
    people = list(
        Person.objects.active()
        .filter(pk__in=ids)
        .prefetch_related(Prefetch("memberships", queryset=memberships), "tryouts")
    )
    expertise_of = tags_by_object(Person, [p.pk for p in people])
    unit_tags = tags_by_object(Unit, {m.unit_id for p in people for m in p.memberships.all()})
    tryout_tags = tags_by_object(Tryout, {t.pk for p in people for t in p.tryouts.all()})
    for person in people:
        units = [m.unit for m in sorted(person.memberships.all(), key=lambda m: not m.is_primary)]
        expertise = expertise_of[person.pk]
        email_prefix = person.email.split("@")[0] if person.email else ""
        yield Document(
            kind=Kind.PERSON,
            object_id=person.pk,
            title=person.full_name,
            subtitle=person.title,
            names=index_text(person.first_name, person.last_name, person.initials, email_prefix),
            keywords=index_text(*(t.name for t in expertise)),
            body=index_text(
                person.ask_me_about,
                person.about,
                *(f"{m.job_title} {m.unit.name}" for m in person.memberships.all()),
                *(t.name for unit in units for t in unit_tags[unit.pk]),
                *(
                    f"{tryout.title} {' '.join(t.name for t in tryout_tags[tryout.pk])}"
                    for tryout in person.tryouts.all()
                ),
                person.location,
                person.languages,
            ),
            centre_id=units[0].centre_id if units else None,
            topic_ids=[t.pk for t in expertise],
        )


def unit_documents(ids):
    units = list(
        Unit.objects.active()
        .filter(pk__in=ids)
        .select_related("parent")
        .prefetch_related(
            Prefetch("tasks", queryset=UnitTask.objects.current(), to_attr="current_tasks"),
            Prefetch("owned_tryouts", queryset=Tryout.objects.only("id", "title", "owner_unit_id")),
        )
    )
    tags_of = tags_by_object(Unit, [u.pk for u in units])
    for unit in units:
        tags = tags_of[unit.pk]
        yield Document(
            kind=Kind.UNIT,
            object_id=unit.pk,
            title=unit.name,
            subtitle=UNIT_KIND_WORDS.get(unit.kind, ""),
            names=unit.name,
            keywords=index_text(*(t.name for t in tags)),
            body=index_text(
                unit.about,
                unit.core_tasks,
                unit.can_help_with,
                unit.looking_for,
                *(f"{task.title} {task.description}" for task in unit.current_tasks),
                *(tryout.title for tryout in unit.owned_tryouts.all()),
                unit.parent.name if unit.parent else "",
                unit.address,
            ),
            centre_id=unit.centre_id,
            topic_ids=[t.pk for t in tags],
        )


def tryout_documents(ids):
    tryouts = list(
        Tryout.objects.filter(pk__in=ids)
        .select_related("owner_unit", "track")
        .prefetch_related("partner_kinds", "units")
    )
    tags_of = tags_by_object(Tryout, [t.pk for t in tryouts])
    for tryout in tryouts:
        tags = tags_of[tryout.pk]
        yield Document(
            kind=Kind.TRYOUT,
            object_id=tryout.pk,
            title=tryout.title,
            names=tryout.title,
            keywords=index_text(*(t.name for t in tags), tryout.track.name if tryout.track else ""),
            body=index_text(
                tryout.summary,
                tryout.challenge,
                tryout.approach,
                tryout.learnings,
                tryout.outcome,
                tryout.next_steps,
                tryout.partners,
                *(kind.name for kind in tryout.partner_kinds.all()),
                tryout.owner_unit.name,
                *(unit.name for unit in tryout.units.all()),
                STATUS_WORDS.get(tryout.status, ""),
            ),
            centre_id=tryout.owner_unit.centre_id,
            status=tryout.status,
            track_id=tryout.track_id,
            is_current=tryout.status in (Status.IDE, Status.I_GANG),
            topic_ids=[t.pk for t in tags],
        )


BUILDERS = {Kind.PERSON: person_documents, Kind.UNIT: unit_documents, Kind.TRYOUT: tryout_documents}
MODELS = {Kind.PERSON: Person, Kind.UNIT: Unit, Kind.TRYOUT: Tryout}
