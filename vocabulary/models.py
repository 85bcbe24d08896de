"""The shared vocabulary: what the municipality does (KLE), what it talks about (topics) and
where it is heading (its strategy).

- `Subject`: a KLE subject (Kommunernes Landsforenings Emnesystematik): main group `27`, group
  `27.03`, subject `27.03.08`; or an action facet (handlingsfacet) such as `P08`
  Forsøgsordninger. Loaded by `manage.py import_kle`.
- `UnitSubject`: a unit's responsibility for a subject with OS2mo's aspects: *ansvarlig* (at
  most one unit per subject), *udførende* or *indsigt*. `TryoutSubject`: a try-out's subjects.
- `TopicSubject`, `TopicSynonym`, `TopicRedirect`, `TopicPairDismissal`: a free topic (taggit
  tag) tied to KLE and synonyms; the slugs of merged or renamed topics; near-duplicates an
  administrator has judged different.
- `Strategy`, `FocusArea`, `FocusAnswer`: the municipality's strategy as data, and each unit's
  answer to "Hvad betyder det for os?" per focus area.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.models import Tag

from core.text import fold
from tryouts.models import Tryout
from units.models import UnitTask


class SubjectKind(models.TextChoices):
    MAIN_GROUP = "hovedgruppe", _("Main group")
    GROUP = "gruppe", _("Group")
    SUBJECT = "emne", _("Subject")
    FACET = "facet", _("Action facet")


class SubjectQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def numbered(self):
        return self.exclude(kind=SubjectKind.FACET)

    def facets(self):
        return self.filter(kind=SubjectKind.FACET)

    def under(self, subject):
        """The subject and every subject below it (their numbers start with its number)."""
        return self.filter(subject_tree_q(subject.number))

    def matching(self, text):
        """Subjects whose number starts with `text` (27.03, P08) or whose title holds every word."""
        text = " ".join(text.split())
        if not text:
            return self.none()
        if looks_like_number(text):
            return self.filter(number__istartswith=text)
        condition = Q()
        for word in text.split()[:8]:
            condition &= Q(title__icontains=word)
        return self.filter(condition)


def subject_tree_q(number, prefix=""):
    """A filter for the subject numbered `number` and everything below it (on `prefix`number).
    A facet letter (P) stands for its facets (P08, P20 …)."""
    if len(number) == 1 and number.isalpha():
        return Q(**{f"{prefix}number__startswith": number})
    return Q(**{f"{prefix}number": number}) | Q(**{f"{prefix}number__startswith": f"{number}."})


def looks_like_number(text):
    """27, 27.03, 27.03.08 or a facet code such as P08 (what a person types to find one subject)."""
    text = text.strip()
    if not text:
        return False
    if text[0].isalpha():
        return len(text) <= 4 and text[1:].isdigit()
    return all(part.isdigit() for part in text.rstrip(".").split("."))


class Subject(models.Model):
    """A KLE subject or action facet; never deleted by an import, only marked inactive."""

    number = models.CharField(_("KLE number"), max_length=12, unique=True)
    title = models.CharField(_("title"), max_length=300)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SubjectKind)
    level = models.PositiveSmallIntegerField(
        _("level"),
        help_text=_("1 main group, 2 group, 3 subject; for facets 1 a group of facets (P), 2 a facet (P08)."),
    )
    uuid = models.UUIDField(_("KL's id"), null=True, blank=True, unique=True)
    is_active = models.BooleanField(
        _("in the subject plan"), default=True, help_text=_("Off when the last import no longer had it.")
    )

    objects = SubjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("KLE subject")
        verbose_name_plural = _("KLE subjects")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("vocabulary:kle_subject", kwargs={"number": self.number})

    @property
    def is_facet(self):
        return self.kind == SubjectKind.FACET

    @property
    def is_facet_group(self):
        return self.kind == SubjectKind.FACET and self.level == 1

    def ancestors(self):
        """Main group and group above the subject, top first, using what select_related loaded."""
        chain, node = [], self.parent
        while node is not None and len(chain) < 3:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class Aspect(models.TextChoices):
    """How a unit relates to a KLE subject (the aspects OS2mo records)."""

    ANSVARLIG = "ansvarlig", _("Responsible")
    UDFOERENDE = "udfoerende", _("Performing")
    INDSIGT = "indsigt", _("Insight")


class UnitSubject(models.Model):
    """A unit's responsibility for a KLE subject. At most one unit is *ansvarlig* per subject
    (a partial unique index); services.add_unit_subject names the unit that already is."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="kle_responsibilities"
    )
    subject = models.ForeignKey(Subject, verbose_name=_("KLE subject"), on_delete=models.PROTECT, related_name="units")
    aspect = models.CharField(_("aspect"), max_length=12, choices=Aspect)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("KLE responsibility")
        verbose_name_plural = _("KLE responsibilities")
        ordering = ["subject__number", "aspect"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "subject", "aspect"], name="unique_unit_subject_aspect"),
            models.UniqueConstraint(
                fields=["subject"], condition=Q(aspect="ansvarlig"), name="one_responsible_unit_per_subject"
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.subject.number} ({self.get_aspect_display()})"

    def validate_constraints(self, exclude=None):
        """The admin's check of the one-responsible-unit rule, naming the unit that has it."""
        if self.aspect == Aspect.ANSVARLIG and self.subject_id and self.unit_id:
            holder = responsible_elsewhere(self.subject_id, self.unit_id)
            if holder is not None:
                raise ValidationError(responsible_message(self.subject, holder), code="responsible_taken")
        super().validate_constraints(exclude=exclude)


def responsible_elsewhere(subject_id, unit_id=None):
    """The unit that is *ansvarlig* for the subject, other than `unit_id`, or None."""
    link = UnitSubject.objects.filter(subject_id=subject_id, aspect=Aspect.ANSVARLIG).exclude(unit_id=unit_id)
    link = link.select_related("unit").first()
    return link.unit if link else None


def responsible_message(subject, unit):
    """The refusal when a second unit would become *ansvarlig* for a subject, naming the first."""
    return _(
        "%(unit)s is already the responsible unit for %(number)s %(title)s. A KLE subject has only one "
        "responsible unit: choose “performing” or “insight”, or ask %(unit)s to give up the responsibility."
    ) % {"unit": unit.name, "number": subject.number, "title": subject.title}


class TryoutSubject(models.Model):
    """A KLE subject or action facet (P08 Forsøgsordninger, P20 Projekter …) a try-out carries."""

    tryout = models.ForeignKey(
        "tryouts.Tryout", verbose_name=_("try-out"), on_delete=models.CASCADE, related_name="kle_links"
    )
    subject = models.ForeignKey(
        Subject, verbose_name=_("KLE subject"), on_delete=models.PROTECT, related_name="tryouts"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("try-out's KLE subject")
        verbose_name_plural = _("try-outs' KLE subjects")
        ordering = ["subject__number"]
        constraints = [models.UniqueConstraint(fields=["tryout", "subject"], name="unique_tryout_subject")]

    def __str__(self):
        return f"{self.tryout} – {self.subject.number}"


# --- topics ----------------------------------------------------------------------------------


def topic_key(name):
    """What makes two topic names the same word: case, æ/ø/å spelled ae/oe/aa, hyphens,
    spaces and punctuation do not count ("Hverdags-rehabilitering" = "hverdagsrehabilitering")."""
    folded = fold(name.casefold()).replace("ä", "ae").replace("ö", "oe")
    return "".join(char for char in folded if char.isalnum())


class Topic(Tag):
    """A topic: the one taggit vocabulary people (expertise), units and try-outs share."""

    class Meta:
        proxy = True
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]


class TopicSubject(models.Model):
    """A topic tied to a KLE subject: the topic's people count under the subject, and its KLE
    title finds the topic's people, units and try-outs in search."""

    tag = models.ForeignKey(Tag, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="kle_links")
    subject = models.ForeignKey(
        Subject, verbose_name=_("KLE subject"), on_delete=models.PROTECT, related_name="topic_links"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("topic's KLE subject")
        verbose_name_plural = _("topics' KLE subjects")
        ordering = ["subject__number"]
        constraints = [models.UniqueConstraint(fields=["tag", "subject"], name="unique_topic_subject")]

    def __str__(self):
        return f"{self.tag} → {self.subject.number}"


class TopicSynonym(models.Model):
    """Another word for a topic ("inddragelse af borgere" for "borgerinddragelse"): search finds
    the topic's people by it, and tag entry turns it into the topic."""

    tag = models.ForeignKey(Tag, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="synonyms")
    name = models.CharField(_("synonym"), max_length=100)
    key = models.CharField(max_length=100, unique=True, editable=False)

    history = HistoricalRecords(excluded_fields=["key"])

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        self.key = topic_key(self.name)[:100]
        super().save(*args, **kwargs)


class TopicRedirect(models.Model):
    """The slug of a topic that was merged into another or renamed: /emner/<old slug>/ leads on."""

    old_slug = models.SlugField(_("old slug"), max_length=100, unique=True, allow_unicode=True)
    old_name = models.CharField(_("old name"), max_length=100)
    tag = models.ForeignKey(Tag, verbose_name=_("now"), on_delete=models.CASCADE, related_name="redirects")
    uses_moved = models.PositiveIntegerField(_("uses moved"), default=0)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("merged or renamed topic")
        verbose_name_plural = _("merged or renamed topics")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.old_name} → {self.tag}"


class TopicPairDismissal(models.Model):
    """Two topics that look alike but are not the same (læsning / løsning): off the review list."""

    low = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")
    high = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("topics judged different")
        verbose_name_plural = _("topics judged different")
        constraints = [
            models.UniqueConstraint(fields=["low", "high"], name="unique_topic_pair_dismissal"),
            models.CheckConstraint(condition=Q(low__lt=models.F("high")), name="topic_pair_ordered"),
        ]

    def __str__(self):
        return f"{self.low} ≠ {self.high}"


# --- strategy --------------------------------------------------------------------------------


class StrategyQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)


class Strategy(models.Model):
    """A strategy of the municipality (or its strategic tracks): focus areas under themes."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("period from"), null=True, blank=True)
    ends_on = models.DateField(_("period to"), null=True, blank=True)
    is_current = models.BooleanField(
        _("current"), default=True, help_text=_("Current strategies are shown on the visitkort and asked about.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = StrategyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["-is_current", "position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("vocabulary:strategy", kwargs={"slug": self.slug})


class FocusAreaQuerySet(models.QuerySet):
    def current(self):
        return self.filter(strategy__is_current=True)


class FocusArea(models.Model):
    """A focus area of a strategy: a theme, a title, a short text and a period. A focus area made
    from a try-out track (`track`) also gathers the try-outs on that track."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="focus_areas"
    )
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    text = models.TextField(_("text"), blank=True)
    starts_on = models.DateField(_("period from"), null=True, blank=True, help_text=_("Empty: the strategy's."))
    ends_on = models.DateField(_("period to"), null=True, blank=True, help_text=_("Empty: the strategy's."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    track = models.OneToOneField(
        "tryouts.Track",
        verbose_name=_("try-out track"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="focus_area",
    )

    objects = FocusAreaQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["strategy", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["strategy", "slug"], name="unique_focus_area_slug")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("vocabulary:focus_area", kwargs={"slug": self.strategy.slug, "area": self.slug})

    @property
    def period_start(self):
        return self.starts_on or self.strategy.starts_on

    @property
    def period_end(self):
        return self.ends_on or self.strategy.ends_on


class FocusAnswerQuerySet(models.QuerySet):
    def for_list(self):
        """Answers as the strategy pages show them: unit, focus area, linked tasks and try-outs."""
        return self.select_related("unit", "focus_area__strategy").prefetch_related(
            models.Prefetch("tasks", queryset=UnitTask.objects.order_by("-starts_on", "pk")),
            models.Prefetch("tryouts", queryset=Tryout.objects.select_related("owner_unit").order_by("title", "pk")),
        )


class FocusAnswer(models.Model):
    """A unit's answer to "Hvad betyder det for os?" for one focus area, with the current tasks
    and try-outs that carry it. Part of the visitkort: its editors write it."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="focus_answers"
    )
    focus_area = models.ForeignKey(
        FocusArea, verbose_name=_("focus area"), on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(_("what it means for us"))
    tasks = models.ManyToManyField(
        "units.UnitTask", verbose_name=_("tasks that carry it"), blank=True, related_name="focus_answers"
    )
    tryouts = models.ManyToManyField(
        "tryouts.Tryout", verbose_name=_("try-outs that carry it"), blank=True, related_name="focus_answers"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = FocusAnswerQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"], m2m_fields=[tasks, tryouts])

    class Meta:
        verbose_name = _("focus area answer")
        verbose_name_plural = _("focus area answers")
        ordering = ["focus_area", "unit__sort_key"]
        constraints = [models.UniqueConstraint(fields=["unit", "focus_area"], name="unique_focus_answer")]

    def __str__(self):
        return f"{self.unit} – {self.focus_area}"
