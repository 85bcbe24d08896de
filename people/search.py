"""What people hand the search index: one document per active person (name, job, expertise,
units), and the signals that keep it current when they or their units change."""

from collections import defaultdict

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItem

from people.models import Membership, Person
from search import index
from search.cache import bump_on_change
from search.documents import card_quality, index_text, tags_by_object
from search.registry import Document, Field, SearchType, register
from units.models import Unit

KIND = "person"
M2M_ACTIONS = {"post_add", "post_remove", "post_clear"}
# Why a person matched, most telling first ("Særlig viden: demens"). The job title stands under
# the name already (shown); the primary unit too (the hit's place), the other units do not.
FIELDS = (
    Field("expertise", _("Expertise")),
    Field("ask_me_about", _("Ask me about")),
    Field("title", _("Job title"), shown=True),
    Field("units", _("Units and roles")),
    Field("about", _("About me")),
    Field("unit_topics", _("Topics of the unit")),
    Field("languages", _("Languages")),
    Field("location", _("Location")),
)


def person_documents(ids):
    """The documents of these people. People and memberships are read as tuples, not model
    instances: a rebuild reads 50,000 people, and their instances, with every timestamp parsed,
    cost more than the documents (docs/performance.md, build speed session 5)."""
    # In their order (by name): a rebuild gives entries ids in this order, which break ties in ranking.
    people = list(Person.objects.active().filter(pk__any=ids).values_list(*PERSON_COLUMNS, named=True))
    memberships_of = defaultdict(list)
    for membership in (
        Membership.objects.filter(person_id__any=[p.pk for p in people], unit__is_active=True)
        .annotate(unit_name=F("unit__name"), unit_sort_key=F("unit__sort_key"), unit_centre_id=F("unit__centre_id"))
        .order_by("pk")
        .values_list(*MEMBERSHIP_COLUMNS, named=True)
    ):
        memberships_of[membership.person_id].append(membership)
    expertise_of = tags_by_object(Person, [p.pk for p in people])
    unit_tags = tags_by_object(Unit, {m.unit_id for found in memberships_of.values() for m in found})
    now = timezone.now()
    for person in people:
        # As Person.primary_membership() picks it: the primary unit first.
        memberships = sorted(memberships_of[person.pk], key=lambda m: (not m.is_primary, m.unit_sort_key))
        expertise = expertise_of[person.pk]
        email_prefix = person.email.split("@")[0] if person.email else ""
        initials = "".join(part[:1] for part in (person.first_name, person.last_name)).upper()
        unit_topics = dict.fromkeys(t.name for m in memberships for t in unit_tags[m.unit_id])
        yield Document(
            kind=KIND,
            object_id=person.pk,
            title=f"{person.first_name} {person.last_name}".strip(),
            subtitle=person.title,
            names=index_text(person.first_name, person.last_name),
            codes=index_text(initials, email_prefix),
            keywords=index_text(*(t.name for t in expertise)),
            body=index_text(
                person.ask_me_about,
                person.about,
                *(f"{m.job_title} {m.unit_name}" for m in memberships_of[person.pk]),
                *(t.name for m in memberships for t in unit_tags[m.unit_id]),
                person.location,
                person.languages,
            ),
            sections={
                "expertise": ", ".join(t.name for t in expertise),
                "ask_me_about": person.ask_me_about,
                "title": person.title,
                "units": "; ".join(
                    f"{m.job_title}, {m.unit_name}" if m.job_title else m.unit_name for m in memberships
                ),
                "about": person.about,
                "unit_topics": ", ".join(unit_topics),
                "languages": person.languages,
                "location": person.location,
            },
            place=memberships[0].unit_name if memberships else "",
            centre_id=memberships[0].unit_centre_id if memberships else None,
            topic_ids=[t.pk for t in expertise],
            quality=card_quality(
                [
                    person.title,
                    person.about or person.ask_me_about,
                    expertise,
                    person.phone or person.mobile,
                    person.photo,
                    memberships,
                ],
                person.last_confirmed_at,
                now,
            ),  # fmt: skip
        )


PERSON_COLUMNS = (
    "pk", "first_name", "last_name", "title", "email", "phone", "mobile", "photo", "location", "languages", "about",
    "ask_me_about", "last_confirmed_at",
)  # fmt: skip
MEMBERSHIP_COLUMNS = ("person_id", "is_primary", "job_title", "unit_id", "unit_name", "unit_sort_key", "unit_centre_id")


def members_of(unit_id):
    return Membership.objects.filter(unit_id=unit_id).values_list("person_id", flat=True)


def person_changed(sender, instance, **kwargs):
    index.index_objects(KIND, [instance.pk])


def person_deleted(sender, instance, **kwargs):
    index.remove_objects(KIND, [instance.pk])


def membership_changed(sender, instance, **kwargs):
    index.index_objects(KIND, [instance.person_id])


def unit_changed(sender, instance, created=False, **kwargs):
    """A person's document holds their units' names and topics (a new unit has no members)."""
    if created:
        return
    index.index_objects(KIND, members_of(instance.pk))


def tags_changed(sender, instance, action, **kwargs):
    if action not in M2M_ACTIONS:
        return
    if isinstance(instance, Person):
        index.index_objects(KIND, [instance.pk])
    elif isinstance(instance, Unit):
        index.index_objects(KIND, members_of(instance.pk))


def register_search():
    register(
        SearchType(
            KIND, Person, person_documents, shown_fields=("first_name", "last_name", "title", "photo"), fields=FIELDS
        )
    )
    uid = "search-person"
    post_save.connect(person_changed, sender=Person, dispatch_uid=uid)
    post_delete.connect(person_deleted, sender=Person, dispatch_uid=f"{uid}-delete")
    post_save.connect(membership_changed, sender=Membership, dispatch_uid=f"{uid}-membership")
    post_delete.connect(membership_changed, sender=Membership, dispatch_uid=f"{uid}-membership-delete")
    post_save.connect(unit_changed, sender=Unit, dispatch_uid=f"{uid}-unit")
    m2m_changed.connect(tags_changed, sender=TaggedItem, dispatch_uid=f"{uid}-tags")
    # Who leads what (memberships, a person's user and state) decides the editor check's "edits
    # nothing", kept per generation (units/rules.py): bump even where the index is not written.
    bump_on_change(Membership)
    bump_on_change(Person)
