"""What units hand the search index: one document per active unit (its visitkort and current
tasks), the centre facet, and the signals that keep the documents current."""

from django.db.models import Prefetch
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItem

from search import index
from search.cache import bump_on_change
from search.documents import card_quality, index_text, tags_by_object
from search.registry import Document, Facet, Field, SearchType, register, register_facet
from units.models import Collaboration, Unit, UnitEditor, UnitKind, UnitTask

KIND = "unit"
M2M_ACTIONS = {"post_add", "post_remove", "post_clear"}
# The index is Danish whatever the UI language: unit kinds are searchable by their Danish names.
UNIT_KIND_WORDS = {
    UnitKind.KOMMUNE: "kommune",
    UnitKind.DIREKTION: "direktion",
    UnitKind.CENTER: "center",
    UnitKind.AFDELING: "afdeling",
    UnitKind.INSTITUTION: "institution",
    UnitKind.TEAM: "team",
}
# Why a unit matched, most telling first ("Det kan vi hjælpe med: …"). Its kind stands above its
# name (shown); its parent is the hit's place.
FIELDS = (
    Field("can_help_with", _("We can help with")),
    Field("topics", _("Topics")),
    Field("core_tasks", _("Core tasks")),
    Field("tasks", _("Current tasks")),
    Field("looking_for", _("We are looking for")),
    Field("about", _("Who we are")),
    Field("kind", _("Kind"), shown=True),
    Field("address", _("Address")),
)


def unit_documents(ids):
    units = list(
        Unit.objects.active()
        .filter(pk__any=ids)
        .select_related("parent")
        .prefetch_related(Prefetch("tasks", queryset=UnitTask.objects.current(), to_attr="current_tasks"))
    )
    tags_of = tags_by_object(Unit, [u.pk for u in units])
    now = timezone.now()
    for unit in units:
        tags = tags_of[unit.pk]
        parent = unit.parent.name if unit.parent else ""
        yield Document(
            kind=KIND,
            object_id=unit.pk,
            title=unit.name,
            subtitle=UNIT_KIND_WORDS.get(unit.kind, ""),
            keywords=index_text(*(t.name for t in tags)),
            body=index_text(
                unit.about,
                unit.core_tasks,
                unit.can_help_with,
                unit.looking_for,
                *(f"{task.title} {task.description}" for task in unit.current_tasks),
                parent,
                unit.address,
            ),
            sections={
                "can_help_with": unit.can_help_with,
                "topics": ", ".join(t.name for t in tags),
                "core_tasks": unit.core_tasks,
                "tasks": "; ".join(
                    f"{task.title}: {task.description}" if task.description else task.title
                    for task in unit.current_tasks
                ),
                "looking_for": unit.looking_for,
                "about": unit.about,
                "kind": UNIT_KIND_WORDS.get(unit.kind, ""),
                "address": unit.address,
            },
            place=parent,
            centre_id=unit.centre_id,
            topic_ids=[t.pk for t in tags],
            quality=card_quality(
                [unit.about, unit.core_tasks, unit.can_help_with, unit.email or unit.phone, tags],
                unit.last_confirmed_at,
                now,
            ),
        )


def unit_changed(sender, instance, created=False, **kwargs):
    # The children show the unit's name under their own (place) and hold it in their text (a new
    # unit has none).
    children = [] if created else instance.children.values_list("pk", flat=True)
    index.index_objects(KIND, [instance.pk, *children])


def unit_deleted(sender, instance, **kwargs):
    index.remove_objects(KIND, [instance.pk])


def task_changed(sender, instance, **kwargs):
    index.index_objects(KIND, [instance.unit_id])


def tags_changed(sender, instance, action, **kwargs):
    if action in M2M_ACTIONS and isinstance(instance, Unit):
        index.index_objects(KIND, [instance.pk])


def register_search():
    register(SearchType(KIND, Unit, unit_documents, shown_fields=("name", "slug", "kind"), fields=FIELDS))
    register_facet(Facet("centre", _("Centre"), label_model=Unit))
    uid = "search-unit"
    post_save.connect(unit_changed, sender=Unit, dispatch_uid=uid)
    post_delete.connect(unit_deleted, sender=Unit, dispatch_uid=f"{uid}-delete")
    post_save.connect(task_changed, sender=UnitTask, dispatch_uid=f"{uid}-task")
    post_delete.connect(task_changed, sender=UnitTask, dispatch_uid=f"{uid}-task-delete")
    m2m_changed.connect(tags_changed, sender=TaggedItem, dispatch_uid=f"{uid}-tags")
    # Not in the index, but on the visitkort, whose parts are kept per generation; delegated
    # editors decide the editor check's "edits nothing" kept per generation (units/rules.py).
    bump_on_change(Collaboration)
    bump_on_change(UnitEditor)
