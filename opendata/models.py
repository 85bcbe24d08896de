"""Open data: try-outs shared between municipalities.

A try-out (tryouts.Tryout) marked `shared` is published in this instance's public feed
(`/aabne-data/`, opendata/feed.py). Other instances' feeds are `Subscription`s; what they publish
is kept here read-only as `SharedTryout`s ("Fra Odense Kommune"), replaced whole at each fetch.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tryouts.models import Status


class FeedStamp(models.Model):
    """When the public feed last changed in a way its try-outs' `updated_at` does not show:
    a try-out unshared or deleted, an owner unit, topic or partner kind renamed. One row."""

    changed_at = models.DateTimeField()

    def __str__(self):
        return f"feed changed {self.changed_at:%Y-%m-%d %H:%M:%S}"


class FetchStatus(models.TextChoices):
    NEVER = "", _("Not fetched yet")
    OK = "ok", _("Fetched")
    UNCHANGED = "unchanged", _("Unchanged")
    REFUSED = "refused", _("Refused")


class Subscription(models.Model):
    """Another municipality's feed that `fetch_shared_tryouts` reads, registered by an admin."""

    municipality = models.CharField(
        _("municipality"),
        max_length=200,
        help_text=_("Shown on its try-outs as “From …”, e.g. “Odense Kommune”. The feed's own claim is not used."),
    )
    feed_url = models.URLField(
        _("feed address"),
        max_length=500,
        unique=True,
        help_text=_("The other directory's /aabne-data/proevehandlinger.json (http or https)."),
    )
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Inactive feeds are not fetched."))
    allow_internal_address = models.BooleanField(
        _("allow an internal address"),
        default=False,
        help_text=_(
            "Only for a directory on the municipalities' own network: lets the fetch reach this feed's host "
            "even where it resolves to a private or local address. Other internal addresses stay refused."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last fetched successfully"), null=True, blank=True)
    last_status = models.CharField(
        _("last result"), max_length=20, choices=FetchStatus, default=FetchStatus.NEVER, blank=True
    )
    last_error = models.TextField(_("reason of the last refusal"), blank=True)
    item_count = models.PositiveIntegerField(_("try-outs"), default=0)
    # The feed's validators from the last successful fetch: the next fetch asks "changed since?".
    etag = models.CharField(max_length=200, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)

    class Meta:
        verbose_name = _("feed subscription")
        verbose_name_plural = _("feed subscriptions")
        ordering = ["municipality", "pk"]

    def __str__(self):
        return self.municipality


class SharedTryoutQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("subscription").prefetch_related("topics")

    def with_topic(self, name):
        """Those carrying the topic `name` (matched without regard to case)."""
        return self.filter(topics__key=topic_key(name))


def topic_key(name: str) -> str:
    """A topic name as compared across municipalities: case and surrounding spaces ignored."""
    return " ".join(name.split()).lower()


class SharedTryout(models.Model):
    """A try-out another municipality shares, as its feed last published it (read-only here)."""

    subscription = models.ForeignKey(
        Subscription, verbose_name=_("feed subscription"), on_delete=models.CASCADE, related_name="tryouts"
    )
    remote_id = models.CharField(_("id in the feed"), max_length=100)
    source_url = models.URLField(_("link back"), max_length=2000)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    challenge = models.TextField(_("the challenge"), blank=True)
    approach = models.TextField(_("what they are trying"), blank=True)
    learnings = models.TextField(_("what they have learned"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.IDE)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    partner_kinds = models.JSONField(_("partners from outside"), default=list, blank=True)
    unit_name = models.CharField(_("unit"), max_length=200, blank=True)
    # As the feed names itself; the page shows the subscription's name (set by an admin) instead.
    claimed_municipality = models.CharField(_("municipality in the feed"), max_length=200, blank=True)
    remote_updated_at = models.DateTimeField(_("updated there"), null=True, blank=True)
    fetched_at = models.DateTimeField(_("fetched"))

    objects = SharedTryoutQuerySet.as_manager()

    class Meta:
        verbose_name = _("try-out from another municipality")
        verbose_name_plural = _("try-outs from other municipalities")
        ordering = ["-remote_updated_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["subscription", "remote_id"], name="unique_shared_tryout")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("opendata:received_detail", kwargs={"pk": self.pk})

    @property
    def municipality(self):
        return self.subscription.municipality


class SharedTopic(models.Model):
    """A topic of a shared try-out, by name: other municipalities' topics do not enter the local
    vocabulary (topic list, tag suggestions); topic pages match them by `key`."""

    tryout = models.ForeignKey(SharedTryout, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("name"), max_length=100)
    key = models.CharField(max_length=100, db_index=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name
