"""Prøvehandlinger: small, brave experiments a unit has tried.

`Tryout` is the English name in code for a prøvehandling (as opposed to the routine
"plejehandling"). Each belongs to an owner unit and may sit on one of the municipality's
strategic tracks (`Track`: Arbejdspladskulturen, Borgerperspektivet, Styring).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from core.history import TopicsSnapshot
from core.text import save_with_unique_slug, single_line
from people.models import Person
from units.models import Unit


class Track(models.Model):
    """A strategic track of the municipality, managed in admin."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class PartnerKind(models.Model):
    """A kind of partner from outside the unit (borgere, virksomheder, foreninger …)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("partner kind")
        verbose_name_plural = _("partner kinds")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Status(models.TextChoices):
    IDE = "ide", _("Idea")
    I_GANG = "i_gang", _("In progress")
    AFSLUTTET = "afsluttet", _("Completed")
    STOPPET = "stoppet", _("Stopped")


class TryoutQuerySet(models.QuerySet):
    def current(self):
        return self.filter(status=Status.I_GANG)

    def shared(self):
        """Shared with other municipalities: in the public open-data feed (opendata/)."""
        return self.filter(shared=True)

    def for_list(self):
        return self.select_related("owner_unit", "track").prefetch_related("tags")

    def for_detail(self):
        """What a try-out's page shows: owner, track, topics, partners, the active units taking
        part and the active contacts."""
        return self.select_related("owner_unit", "track").prefetch_related(
            "tags",
            "partner_kinds",
            models.Prefetch("units", queryset=Unit.objects.active().order_by("sort_key")),
            models.Prefetch("contacts", queryset=Person.objects.active().order_by("sort_key")),
        )

    def of_unit(self, unit):
        """Owned by the unit or with the unit taking part."""
        # A sub-select rather than a join: no DISTINCT over whole rows (slow at 10,000 try-outs);
        # and a UNION of two index look-ups rather than "owner OR taking part", which PostgreSQL
        # can only answer by testing every try-out (12 ms against 0.3 ms at 7,500 try-outs).
        owned = Tryout.objects.filter(owner_unit=unit).order_by().values("pk")
        taking_part = Tryout.units.through.objects.filter(unit=unit).order_by().values("tryout_id")
        return self.filter(pk__in=owned.union(taking_part))


# Paths beside /proevehandlinger/<slug>/ that a try-out's slug must not hide (tryouts/urls.py).
RESERVED_SLUGS = {"ny"}


class Tryout(models.Model):
    """A prøvehandling: the challenge, what was tried, with whom, and what was learned."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    challenge = models.TextField(_("the challenge"), blank=True)
    approach = models.TextField(_("what we are trying"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.IDE, db_index=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    owner_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="owned_tryouts"
    )
    units = models.ManyToManyField(
        "units.Unit", verbose_name=_("participating units"), blank=True, related_name="participating_tryouts"
    )
    contacts = models.ManyToManyField("people.Person", verbose_name=_("contacts"), blank=True, related_name="tryouts")
    partner_kinds = models.ManyToManyField(
        PartnerKind, verbose_name=_("partners from outside"), blank=True, related_name="tryouts"
    )
    partners = models.TextField(
        _("partners"), blank=True, help_text=_("Who outside the unit took part, in your own words.")
    )
    track = models.ForeignKey(
        Track, verbose_name=_("track"), null=True, blank=True, on_delete=models.PROTECT, related_name="tryouts"
    )
    tags = TaggableManager(_("topics"), blank=True)
    learnings = models.TextField(_("what we have learned"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    # Only the non-personal fields of a shared try-out are published (opendata/feed.py, docs/open-data.md).
    shared = models.BooleanField(_("shared with other municipalities"), default=False, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = TryoutQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"], bases=[TopicsSnapshot])

    class Meta:
        verbose_name = _("try-out")
        verbose_name_plural = _("try-outs")
        ordering = ["-updated_at", "pk"]
        indexes = [models.Index(fields=["-updated_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="tryout_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = single_line(self.title)
        if self.slug:
            super().save(*args, **kwargs)
        else:
            save = super().save
            save_with_unique_slug(self, self.title, lambda: save(*args, **kwargs), reserved=RESERVED_SLUGS)

    def get_absolute_url(self):
        return reverse("tryouts:detail", kwargs={"slug": self.slug})

    def clean(self):
        # A title is one line: it heads pages and goes into email subjects (a line break there
        # makes the email fail).
        self.title = single_line(self.title)
        if not self.title:
            raise ValidationError({"title": _("Write the title as text on one line.")}, code="required")
