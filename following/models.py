"""Following: a person follows topics, units and try-outs (and, once registered, other kinds)
and gets a weekly digest e-mail, "Nyt i det, du følger", about what is new in them.

`Follow` points at its object by a registered kind and the object's id (`following/registry.py`)
rather than a content type, so that a kind is named in URLs and the digest can read the news of
all followers of a kind in one pass.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A user follows one object of a registered kind (topic, unit, try-out …)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="follows"
    )
    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.PositiveBigIntegerField(_("object id"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["kind", "-created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "kind", "object_id"], name="unique_follow")]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self):
        return f"{self.user} → {self.kind} {self.object_id}"


class DigestSettings(models.Model):
    """A user's choice about the weekly digest, and when the last one was sent (at most one a week).
    A user without a row gets the digest as soon as they follow something."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="digest_settings",
    )
    weekly_digest = models.BooleanField(_("weekly e-mail about what I follow"), default=True)
    last_sent_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("digest settings")
        verbose_name_plural = _("digest settings")

    def __str__(self):
        return str(self.user)


class ExpertiseAdded(models.Model):
    """A colleague added a topic to their expertise: news for the topic's followers. Recorded
    when it happens (taggit keeps no date); removing the topic again removes the news."""

    person = models.ForeignKey("people.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    tag = models.ForeignKey("taggit.Tag", verbose_name=_("topic"), on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(_("added"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("expertise added")
        verbose_name_plural = _("expertise added")
        ordering = ["-added_at", "pk"]

    def __str__(self):
        return f"{self.person_id} + {self.tag_id}"
