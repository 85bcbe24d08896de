"""Keep the public feed's Last-Modified and ETag honest (opendata.feed.feed_state): a change the
shared try-outs' own `updated_at` does not show moves the FeedStamp (one row)."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from opendata.models import FeedStamp
from tryouts.models import PartnerKind, Tryout
from units.models import Unit


def bump() -> None:
    FeedStamp.objects.update_or_create(pk=1, defaults={"changed_at": timezone.now()})


def tryout_saving(sender, instance, raw=False, **kwargs):
    # Unsharing leaves the feed: the try-out's new updated_at is no longer among the shared ones'.
    instance._opendata_was_shared = bool(
        instance.pk and not raw and Tryout.objects.filter(pk=instance.pk, shared=True).exists()
    )


def tryout_saved(sender, instance, **kwargs):
    if getattr(instance, "_opendata_was_shared", False) and not instance.shared:
        bump()


def tryout_deleted(sender, instance, **kwargs):
    if instance.shared:
        bump()


def tryout_relations_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Tryout) and instance.shared:
        bump()


def unit_saved(sender, instance, created, **kwargs):
    if not created and instance.owned_tryouts.filter(shared=True).exists():
        bump()


def vocabulary_changed(sender, instance, created, **kwargs):
    # A renamed topic or partner kind (rare, admin): its name is in the feed.
    if not created:
        bump()


def connect() -> None:
    uid = "opendata-feed"
    pre_save.connect(tryout_saving, sender=Tryout, dispatch_uid=f"{uid}-saving")
    post_save.connect(tryout_saved, sender=Tryout, dispatch_uid=f"{uid}-saved")
    post_delete.connect(tryout_deleted, sender=Tryout, dispatch_uid=f"{uid}-deleted")
    m2m_changed.connect(tryout_relations_changed, sender=TaggedItem, dispatch_uid=f"{uid}-tags")
    m2m_changed.connect(tryout_relations_changed, sender=Tryout.partner_kinds.through, dispatch_uid=f"{uid}-kinds")
    post_save.connect(unit_saved, sender=Unit, dispatch_uid=f"{uid}-unit")
    post_save.connect(vocabulary_changed, sender=Tag, dispatch_uid=f"{uid}-tag")
    post_save.connect(vocabulary_changed, sender=PartnerKind, dispatch_uid=f"{uid}-kind")
