"""The kinds that can be followed from the start, and the signals that keep following in step.

- topic: try-outs and current tasks with the topic, colleagues who add it as expertise;
- unit: try-outs the unit or a unit below it owns or takes part in, their new current tasks;
- try-out: its own changes.

KLE subjects and focus areas (the vocabulary app) join from portal (`portal/follow_kinds.py`)
with `add_kind`, which also forgets the follows of a deleted object.
"""

from django.db.models.signals import m2m_changed, post_delete
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TaggedItem

from following.models import ExpertiseAdded, Follow
from following.registry import FollowKind, Scope, follow_kinds, register
from people.models import Person
from tryouts.models import Tryout
from units.models import Unit


def topic_url(tag):
    return reverse("topic_detail", kwargs={"slug": tag.slug})


def add_kind(kind: FollowKind) -> None:
    """Make a kind followable, and have its follows forgotten when one of its objects is deleted."""
    register(kind)
    post_delete.connect(object_deleted, sender=kind.model, dispatch_uid=f"following-deleted-{kind.kind}")


def register_kinds():
    add_kind(
        FollowKind(
            "topic",
            Tag,
            _("topic"),
            _("Topics"),
            scope=lambda ids: {pk: Scope(topics=frozenset([pk])) for pk in ids},
            url=topic_url,
        )
    )
    add_kind(
        FollowKind(
            "unit",
            Unit,
            _("unit"),
            _("Units"),
            scope=lambda ids: {pk: Scope(units=frozenset([pk])) for pk in ids},
            visible=lambda queryset: queryset.filter(is_active=True),
        )
    )
    add_kind(
        FollowKind(
            "tryout",
            Tryout,
            _("try-out"),
            _("Try-outs"),
            scope=lambda ids: {pk: Scope(tryouts=frozenset([pk])) for pk in ids},
        )
    )
    m2m_changed.connect(expertise_changed, sender=TaggedItem, dispatch_uid="following-expertise")


def object_deleted(sender, instance, **kwargs):
    """Nobody follows what is gone."""
    for kind in follow_kinds().values():
        if kind.model is sender:
            Follow.objects.filter(kind=kind.kind, object_id=instance.pk).delete()


def expertise_changed(sender, instance, action, pk_set, **kwargs):
    """Record a topic a person adds to their expertise (taggit passes only the really new ones);
    forget it when they remove it again, or when their expertise is cleared (a leaver)."""
    if not isinstance(instance, Person):
        return
    if action == "post_add" and pk_set:
        ExpertiseAdded.objects.bulk_create([ExpertiseAdded(person=instance, tag_id=pk) for pk in pk_set])
    elif action == "post_remove" and pk_set:
        ExpertiseAdded.objects.filter(person=instance, tag_id__in=pk_set).delete()
    elif action == "post_clear":
        ExpertiseAdded.objects.filter(person=instance).delete()
