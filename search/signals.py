"""Keep the search index in step with saves, deletes, tag and membership changes.

Each change re-indexes the entries whose text it feeds: a person's entry holds their units'
names and topics and their try-outs, a unit's entry its current tasks and try-outs.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from taggit.models import TaggedItem

from search.index import index_objects, remove_objects
from search.models import Kind
from people.models import Membership, Person
from tryouts.models import Track, Tryout
from units.models import Unit, UnitTask

M2M_ACTIONS = {"post_add", "post_remove", "post_clear"}


def person_changed(sender, instance, **kwargs):
    index_objects(Kind.PERSON, [instance.pk])


def person_deleted(sender, instance, **kwargs):
    remove_objects(Kind.PERSON, [instance.pk])


def unit_changed(sender, instance, **kwargs):
    index_objects(Kind.UNIT, [instance.pk])
    index_objects(Kind.PERSON, instance.memberships.values_list("person_id", flat=True))


def unit_deleted(sender, instance, **kwargs):
    remove_objects(Kind.UNIT, [instance.pk])


def membership_changed(sender, instance, **kwargs):
    index_objects(Kind.PERSON, [instance.person_id])


def task_changed(sender, instance, **kwargs):
    index_objects(Kind.UNIT, [instance.unit_id])


def tryout_changed(sender, instance, **kwargs):
    index_objects(Kind.TRYOUT, [instance.pk])
    index_objects(Kind.UNIT, [instance.owner_unit_id])
    index_objects(Kind.PERSON, instance.contacts.values_list("pk", flat=True))


def tryout_deleting(sender, instance, **kwargs):
    # The contacts are unlinked before post_delete; remember whose entries mention the try-out.
    instance._search_contact_ids = list(instance.contacts.values_list("pk", flat=True))


def tryout_deleted(sender, instance, **kwargs):
    remove_objects(Kind.TRYOUT, [instance.pk])
    index_objects(Kind.UNIT, [instance.owner_unit_id])
    index_objects(Kind.PERSON, getattr(instance, "_search_contact_ids", []))


def tryout_relations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in M2M_ACTIONS:
        return
    if reverse:  # e.g. person.tryouts.add(tryout): the instance is the other side
        index_objects(Kind.TRYOUT, pk_set or [])
        if isinstance(instance, Person):
            index_objects(Kind.PERSON, [instance.pk])
        return
    index_objects(Kind.TRYOUT, [instance.pk])
    if sender is Tryout.contacts.through:
        index_objects(Kind.PERSON, pk_set or instance.contacts.values_list("pk", flat=True))


def tags_changed(sender, instance, action, **kwargs):
    """taggit announces tag changes on the tagged object (person expertise, unit and try-out topics)."""
    if action not in M2M_ACTIONS:
        return
    if isinstance(instance, Person):
        index_objects(Kind.PERSON, [instance.pk])
    elif isinstance(instance, Unit):
        unit_changed(Unit, instance)
    elif isinstance(instance, Tryout):
        tryout_changed(Tryout, instance)


def track_changed(sender, instance, **kwargs):
    index_objects(Kind.TRYOUT, instance.tryouts.values_list("pk", flat=True))


def connect():
    uid = "search-index"
    post_save.connect(person_changed, sender=Person, dispatch_uid=f"{uid}-person")
    post_delete.connect(person_deleted, sender=Person, dispatch_uid=f"{uid}-person-delete")
    post_save.connect(unit_changed, sender=Unit, dispatch_uid=f"{uid}-unit")
    post_delete.connect(unit_deleted, sender=Unit, dispatch_uid=f"{uid}-unit-delete")
    post_save.connect(membership_changed, sender=Membership, dispatch_uid=f"{uid}-membership")
    post_delete.connect(membership_changed, sender=Membership, dispatch_uid=f"{uid}-membership-delete")
    post_save.connect(task_changed, sender=UnitTask, dispatch_uid=f"{uid}-task")
    post_delete.connect(task_changed, sender=UnitTask, dispatch_uid=f"{uid}-task-delete")
    post_save.connect(tryout_changed, sender=Tryout, dispatch_uid=f"{uid}-tryout")
    pre_delete.connect(tryout_deleting, sender=Tryout, dispatch_uid=f"{uid}-tryout-deleting")
    post_delete.connect(tryout_deleted, sender=Tryout, dispatch_uid=f"{uid}-tryout-delete")
    post_save.connect(track_changed, sender=Track, dispatch_uid=f"{uid}-track")
    for through in (Tryout.contacts.through, Tryout.units.through, Tryout.partner_kinds.through):
        m2m_changed.connect(tryout_relations_changed, sender=through, dispatch_uid=f"{uid}-{through.__name__}")
    m2m_changed.connect(tags_changed, sender=TaggedItem, dispatch_uid=f"{uid}-tags")
