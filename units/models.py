"""Units of the municipality and their visitkort.

A `Unit` is any box in the organisation chart (kommune, direktion, center, afdeling,
institution, team); its visitkort is the unit's own description of itself: who they are,
core tasks, what they can help with and what they are looking for.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Exists, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from core.history import TopicsSnapshot
from core.text import danish_sort_key, save_with_unique_slug, single_line

# Levels of parents loaded with a unit in the same query (`with_ancestors`): the usual chain below
# the kommune (direktion → center → afdeling → institution → team). Trees may be deeper: the
# rest of a longer chain is read in one more query (`UnitQuerySet.above`).
MAX_DEPTH = 6
ANCESTOR_PATH = "__".join(["parent"] * MAX_DEPTH)


class Role(models.TextChoices):
    """A person's role in a unit (people.Membership.role): leaders edit the unit's visitkort."""

    LEDER = "leder", _("Leader")
    SOUSCHEF = "souschef", _("Deputy leader")
    KOORDINATOR = "koordinator", _("Coordinator")
    MEDARBEJDER = "medarbejder", _("Employee")


def _unit_columns():
    quote = connection.ops.quote_name
    return quote(Unit._meta.db_table), quote(Unit._meta.pk.column), quote(Unit._meta.get_field("parent").column)


def _tree_sql(seed_sql, towards):
    """A recursive query (SQLite and PostgreSQL) selecting the ids reached from the ids `seed_sql`
    selects by following the tree `towards` "above" (parents) or "below" (children). UNION, not
    UNION ALL: a unit reached twice is kept once, so even a cycle ends."""
    table, pk, parent = _unit_columns()
    if towards == "above":
        step = f"SELECT u.{parent} FROM {table} u JOIN tree ON u.{pk} = tree.id WHERE u.{parent} IS NOT NULL"
    else:
        step = f"SELECT u.{pk} FROM {table} u JOIN tree ON u.{parent} = tree.id"
    return f"WITH RECURSIVE tree(id) AS ({seed_sql} UNION {step}) SELECT id FROM tree"


def chain_sql(unit_id, itself):
    """RawSQL selecting the ids of the units above `unit_id` (and of the unit itself)."""
    table, pk, parent = _unit_columns()
    column = pk if itself else parent
    # Selected from the table, so the ids have the column's type in both terms of the union.
    seed = f"SELECT {column} FROM {table} WHERE {pk} = %s AND {column} IS NOT NULL"
    return RawSQL(_tree_sql(seed, "above"), [unit_id])


class UnitKind(models.TextChoices):
    KOMMUNE = "kommune", _("Municipality")
    DIREKTION = "direktion", _("Executive board")
    CENTER = "center", _("Centre")
    AFDELING = "afdeling", _("Department")
    INSTITUTION = "institution", _("Institution")
    TEAM = "team", _("Team")


def members_model():
    """people.Membership: a person's place and role in a unit. units sits below people and
    imports nothing of it; it reaches the memberships through their reverse relation."""
    return Unit._meta.get_field("memberships").related_model


def active_users():
    """Users who may log in and hold rights: active, and not linked to a person who has left
    (people.Person, through the user's reverse relation; see people/auth.py)."""
    return get_user_model()._default_manager.filter(is_active=True).exclude(person__is_active=False)


def people_model():
    """people.Person, reached through a task's contact (a relation, not an import of people)."""
    return UnitTask._meta.get_field("contact").related_model


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def centres(self):
        return self.active().filter(kind=UnitKind.CENTER)

    def described(self):
        """Units whose visitkort says something of its own (not a new, empty card)."""
        return self.filter(~Q(about="") | ~Q(core_tasks="") | ~Q(can_help_with="") | ~Q(looking_for=""))

    def for_list(self):
        """The unit list: active units with their parent and centre."""
        return self.active().select_related("parent", "centre")

    def for_card(self):
        """What the visitkort shows of a unit, in a fixed number of queries: its ancestors,
        topics, active members (nearest first by name) and active children."""
        members = members_model().objects.filter(person__is_active=True).select_related("person")
        return (
            self.active()
            .with_ancestors()
            .prefetch_related(
                "tags",
                models.Prefetch("memberships", queryset=members.order_by("person__sort_key"), to_attr="members"),
                models.Prefetch(
                    "children", queryset=Unit.objects.active().order_by("sort_key"), to_attr="active_children"
                ),
            )
        )

    def with_ancestors(self):
        """Load the chain of parents in the same query (breadcrumbs, leader rules), MAX_DEPTH
        levels of it; `Unit.ancestors()` reads the rest of a deeper chain in one more query."""
        return self.select_related(ANCESTOR_PATH)

    def above(self, unit_id, *, itself=False):
        """The units above the unit with `unit_id` (and the unit `itself`), at any depth, in one
        query."""
        return self.filter(pk__in=chain_sql(unit_id, itself=itself))

    def editable_by(self, user, unit=None):
        """Units whose visitkort the user may edit: they lead it or a unit above it (at any
        depth), or were made a delegated editor of it (see units/rules.py). With `unit`: that
        unit if the user may edit it, found by walking up from it (short) rather than down from
        what the user leads (the whole organisation below a director)."""
        if not user.is_authenticated:
            return self.none()
        led = (
            members_model().objects.filter(person__user=user, person__is_active=True, role=Role.LEDER).values("unit_id")
        )
        # A delegated editor who has left edits nothing, like a leader who has left.
        editable = Q(pk__in=UnitEditor.objects.filter(user=user, user__in=active_users()).values("unit_id"))
        if unit is not None:
            editable |= Q(Exists(led.filter(unit_id__in=chain_sql(unit.pk, itself=True))))
            return self.filter(editable, pk=unit.pk)
        # The led units and every unit below them, however deep, in one recursive sub-query.
        seed_sql, params = led.order_by().query.sql_with_params()
        editable |= Q(pk__in=RawSQL(_tree_sql(seed_sql, "below"), params))
        return self.filter(editable)

    def in_centre(self, centre):
        return self.filter(Q(centre=centre) | Q(pk=getattr(centre, "pk", centre)))

    def tree(self, depth=3):
        """The organisation as nested nodes down to `depth` levels below the top, in one query.

        Each node is a Unit with `.nodes` (its shown children) and `.hidden_children` (how many
        children lie below the cut).
        """
        units = list(self.only("id", "parent_id", "name", "slug", "kind", "sort_key").order_by("sort_key"))
        by_parent = {}
        for unit in units:
            by_parent.setdefault(unit.parent_id, []).append(unit)
        known = {unit.pk for unit in units}
        roots = [unit for unit in units if unit.parent_id is None or unit.parent_id not in known]

        def attach(node, level):
            children = by_parent.get(node.pk, [])
            node.nodes = [attach(child, level + 1) for child in children] if level < depth else []
            node.hidden_children = 0 if level < depth else len(children)
            return node

        return [attach(root, 0) for root in roots]


class Unit(models.Model):
    """A unit and its visitkort. Editors: its leaders, delegated editors, ancestor leaders."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind, default=UnitKind.TEAM)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The centre the unit belongs to (itself for a centre); kept in step on save so lists and
    # filters "by centre" need no tree walk.
    centre = models.ForeignKey(
        "self",
        verbose_name=_("centre"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="centre_units",
    )
    about = models.TextField(_("who we are"), blank=True)
    core_tasks = models.TextField(_("core tasks"), blank=True)
    can_help_with = models.TextField(_("we can help with"), blank=True)
    looking_for = models.TextField(_("we are looking for"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=255, blank=True)
    open_for_visits = models.BooleanField(
        _("open for visits"),
        default=False,
        help_text=_("The unit hosts study visits and innovation internships."),
    )
    tags = TaggableManager(_("topics"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    external_id = models.CharField(_("external id"), max_length=100, unique=True, null=True, blank=True)
    last_confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    sort_key = models.CharField(max_length=255, editable=False, db_index=True, default="")

    objects = UnitQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["centre", "sort_key", "created_at", "updated_at"], bases=[TopicsSnapshot]
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["sort_key", "pk"]
        indexes = [models.Index(fields=["-updated_at"])]

    # (parent_id, kind) as loaded from the database: a change means the stored centres must follow.
    _loaded_tree = None

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = single_line(self.name)
        self.sort_key = danish_sort_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_key"}
        adding = self._state.adding
        tree_changed = adding or (self.parent_id, self.kind) != self._loaded_tree
        if tree_changed and update_fields is None:
            # Stored before saving, so everything listening to the save sees the right centre;
            # a new centre is its own centre only once it has an id.
            centre = self.find_centre()
            self.centre = centre if centre is None or centre.pk else None
        if self.slug:
            super().save(*args, **kwargs)
        else:
            save = super().save
            save_with_unique_slug(self, self.name, lambda: save(*args, **kwargs))
        self._loaded_tree = (self.parent_id, self.kind)
        if tree_changed and update_fields is None:
            if self.kind == UnitKind.CENTER and self.centre_id != self.pk:
                self.centre = self
                super().save(update_fields=["centre"])
            if not adding:  # a new unit has no children yet
                for child in self.children.all():
                    child.refresh_centre()

    def get_absolute_url(self):
        return reverse("units:detail", kwargs={"slug": self.slug})

    def clean(self):
        # A name is one line: it heads pages and goes into email subjects (a line break there
        # makes the email fail).
        self.name = single_line(self.name)
        if not self.name:
            raise ValidationError({"name": _("Write the name as text on one line.")}, code="required")

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_tree = (instance.__dict__.get("parent_id"), instance.__dict__.get("kind"))
        return instance

    def find_centre(self):
        """The nearest unit of kind centre at or above this one."""
        node, seen = self, set()
        while node is not None and node.pk not in seen:
            if node.kind == UnitKind.CENTER:
                return node
            if node.pk is not None:
                seen.add(node.pk)
            node = node.parent
        return None

    def refresh_centre(self):
        """Store the centre again after a change above; descendants follow when it changed."""
        centre = self.find_centre()
        if (centre.pk if centre else None) != self.centre_id:
            self.centre = centre
            self.save(update_fields=["centre"])
            for child in self.children.all():
                child.refresh_centre()

    def ancestors(self):
        """Parents from the top down, however deep: what `with_ancestors()` loaded, and the rest
        of a longer chain (or of a chain not loaded at all) in one more query."""
        chain, seen, node = [], {self.pk}, self
        while node.parent_id is not None and node.parent_id not in seen:
            if not Unit.parent.is_cached(node):
                rest = {unit.pk: unit for unit in Unit.objects.above(node.pk)}
                parent_id = node.parent_id
                while parent_id in rest and parent_id not in seen:
                    seen.add(parent_id)
                    chain.append(rest[parent_id])
                    parent_id = rest[parent_id].parent_id
                break
            node = node.parent
            seen.add(node.pk)
            chain.append(node)
        return list(reversed(chain))

    @property
    def is_stale(self):
        limit = timezone.now() - timedelta(days=settings.STALE_AFTER_DAYS)
        return self.last_confirmed_at is None or self.last_confirmed_at < limit


class UnitTaskQuerySet(models.QuerySet):
    def current(self, today=None):
        """Started and not yet ended (ends_on empty means ongoing)."""
        today = today or timezone.localdate()
        return self.filter(starts_on__lte=today).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))

    def not_ended(self, today=None):
        """Current and coming tasks: not yet ended (ends_on empty means ongoing)."""
        today = today or timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


class UnitTask(models.Model):
    """A current special task ("aktuel særlig opgave") a unit is involved in."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    ends_on = models.DateField(_("ends on"), null=True, blank=True, help_text=_("Leave empty if ongoing."))
    contact = models.ForeignKey(
        "people.Person",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_for_tasks",
    )
    tags = TaggableManager(_("topics"), blank=True)

    objects = UnitTaskQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("current task")
        verbose_name_plural = _("current tasks")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="unittask_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_upcoming(self):
        """Starts after today: shown as "Starter <dato>" rather than as current."""
        return self.starts_on > timezone.localdate()


class CollaborationQuerySet(models.QuerySet):
    def of_unit(self, unit):
        """The unit's collaborations either way, with active partners only, partners loaded."""
        return (
            self.filter(models.Q(from_unit=unit) | models.Q(to_unit=unit))
            .filter(from_unit__is_active=True, to_unit__is_active=True)
            .select_related("from_unit", "to_unit")
        )


class Collaboration(models.Model):
    """Two units working together, and on what."""

    from_unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="collaborations_from"
    )
    to_unit = models.ForeignKey(
        Unit, verbose_name=_("works with"), on_delete=models.CASCADE, related_name="collaborations_to"
    )
    description = models.TextField(_("what we do together"), blank=True)

    objects = CollaborationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")
        constraints = [
            models.UniqueConstraint(fields=["from_unit", "to_unit"], name="unique_collaboration"),
            models.CheckConstraint(condition=~Q(from_unit=models.F("to_unit")), name="collaboration_not_self"),
        ]

    def __str__(self):
        return f"{self.from_unit} ↔ {self.to_unit}"


class UnitEditor(models.Model):
    """A delegated editor of a unit's visitkort besides its leaders."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="unit_editor_roles"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="editors")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("delegated editor")
        verbose_name_plural = _("delegated editors")
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="unique_unit_editor")]

    def __str__(self):
        return f"{self.user} → {self.unit}"


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Suggestion(models.Model):
    """A colleague's proposed addition or correction to a visitkort or a try-out."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="suggestions"
    )
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("target type"),
        on_delete=models.CASCADE,
        limit_choices_to=Q(app_label="units", model="unit") | Q(app_label="tryouts", model="tryout"),
    )
    target_id = models.PositiveBigIntegerField(_("target id"))
    target = GenericForeignKey("target_type", "target_id")
    text = models.TextField(_("suggestion"))
    status = models.CharField(_("status"), max_length=10, choices=SuggestionStatus, default=SuggestionStatus.OPEN)
    reply = models.TextField(_("reply"), blank=True)
    resolver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolved_suggestions",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    # The history record (of the target's history) made by the edit that applied an accepted
    # suggestion, so the suggestion can link to the change.
    change_id = models.PositiveBigIntegerField(_("applied change"), null=True, blank=True)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["target_type", "target_id", "status"])]

    def __str__(self):
        return self.text[:60]


class FreshnessReminder(models.Model):
    """A reminder emailed to a unit's editors that its visitkort has not been confirmed lately."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    recipients = models.TextField(_("recipients"), blank=True)

    class Meta:
        verbose_name = _("freshness reminder")
        verbose_name_plural = _("freshness reminders")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.unit} ({self.sent_at:%Y-%m-%d})"
