"""Employees ("medarbejdere") and the units they belong to."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from core.history import TopicsSnapshot
from core.text import danish_sort_key
from units.models import Role, Unit

# Role is a role in a unit and lives in units; people who think of it as a person's find it here too.
__all__ = ["Membership", "Person", "Role"]


def _memberships_with_units():
    memberships = (
        Membership.objects.filter(unit__is_active=True).select_related("unit").order_by("-is_primary", "unit__sort_key")
    )
    return Prefetch("memberships", queryset=memberships)


def profile_prefetches():
    """What a profile reads besides the person's own row (`for_profile()`, or
    `prefetch_related_objects` on a person already loaded)."""
    tryouts = Person._meta.get_field("tryouts").related_model.objects.select_related("owner_unit", "track")
    return [_memberships_with_units(), "expertise", Prefetch("tryouts", tryouts.order_by("-updated_at"))]


class PersonQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_units(self):
        """Memberships with their units, primary first, in one extra query."""
        return self.prefetch_related(_memberships_with_units())

    def for_list(self):
        """The people list: active people with their units and expertise."""
        return self.active().with_units().prefetch_related("expertise")

    def for_profile(self):
        """What a profile shows: units, expertise and the try-outs the person is contact for
        (tryouts.Tryout, an app above people, reached through the reverse relation)."""
        return self.active().prefetch_related(*profile_prefetches())

    def in_centre(self, centre):
        return self.filter(memberships__unit__in=Unit.objects.in_centre(centre)).distinct()


class Person(models.Model):
    """An employee. Most are imported from HR and have no login (user is empty)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    mobile = models.CharField(_("mobile"), max_length=40, blank=True)
    photo = models.ImageField(_("photo"), upload_to="people/", blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    about = models.TextField(_("about me"), blank=True)
    ask_me_about = models.TextField(_("ask me about"), blank=True)
    expertise = TaggableManager(_("expertise"), blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # When the person became inactive (left); anonymise_leavers scrubs them after a while.
    deactivated_at = models.DateTimeField(_("deactivated"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    external_id = models.CharField(_("external id"), max_length=100, unique=True, null=True, blank=True)
    last_confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Last name, first name in Danish alphabetical order (Æ, Ø, Å last) on every database.
    sort_key = models.CharField(max_length=255, editable=False, db_index=True, default="")

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["sort_key", "created_at", "updated_at"], bases=[TopicsSnapshot])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["sort_key", "pk"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.sort_key = self.compute_sort_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "sort_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:detail", kwargs={"pk": self.pk})

    def compute_sort_key(self):
        return danish_sort_key(self.last_name, self.first_name)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def initials(self):
        return "".join(part[:1] for part in (self.first_name, self.last_name)).upper()

    @property
    def is_stale(self):
        limit = timezone.now() - timedelta(days=settings.STALE_AFTER_DAYS)
        return self.last_confirmed_at is None or self.last_confirmed_at < limit

    def primary_membership(self):
        """The primary membership from prefetched memberships (see `with_units()`)."""
        memberships = list(self.memberships.all())
        return next((m for m in memberships if m.is_primary), memberships[0] if memberships else None)


class Membership(models.Model):
    """A person's place in a unit, with their role there."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.MEDARBEJDER)
    job_title = models.CharField(_("job title in the unit"), max_length=200, blank=True)
    is_primary = models.BooleanField(_("primary unit"), default=False)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["person", "unit"], name="unique_membership")]
        indexes = [models.Index(fields=["unit", "role"])]

    def __str__(self):
        return f"{self.person} – {self.unit} ({self.get_role_display()})"


class ImportJobStatus(models.TextChoices):
    PREVIEW_QUEUED = "preview_queued", _("waiting to be checked")
    PREVIEWING = "previewing", _("being checked")
    PREVIEW_READY = "preview_ready", _("checked, waiting for confirmation")
    IMPORT_QUEUED = "import_queued", _("waiting to be imported")
    IMPORTING = "importing", _("being imported")
    DONE = "done", _("imported")
    FAILED = "failed", _("stopped")
    CANCELLED = "cancelled", _("cancelled")


class ImportJob(models.Model):
    """An organisation import uploaded in admin and run by the background worker (`db_worker`):
    a dry run first (the preview), then, once the uploader confirms, the real import. Its files
    are kept with it until the import has run or is cancelled; progress is written as it runs."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # The uploader's language: the reports are written in it.
    language = models.CharField(_("language"), max_length=10, default="da")
    deactivate_missing = models.BooleanField(_("deactivate people missing from the file"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportJobStatus, default=ImportJobStatus.PREVIEW_QUEUED
    )
    # What the worker does right now ("Nye personer") and how far it is: rows done of total.
    progress_label = models.CharField(max_length=100, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Reports (people.import_jobs.Report): the dry run's, then the real import's.
    preview = models.JSONField(null=True, blank=True)
    report = models.JSONField(null=True, blank=True)
    problems = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("organisation import")
        verbose_name_plural = _("organisation imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"


class ImportJobFile(models.Model):
    """One uploaded file of an import job, kept in the database so that a worker on another
    machine reads it too. Its content is emptied once the import has run, failed or been
    cancelled (the name stays for the job's page)."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=255)
    data = models.BinaryField()

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.name
