"""Change history ("Ændringshistorik") as people read it: who changed which fields when, with the
value before and after, from django-simple-history's records. A page of history costs the same
few queries however many records it shows."""

from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Page, Paginator
from django.db import models
from django.dispatch import receiver
from django.http import HttpRequest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.signals import pre_create_historical_record
from taggit.managers import TaggableManager

from core.forms import TagListField

HISTORY_PER_PAGE = 20
# history_change_reason of the starting record made before an object's first edit (ensure_baseline).
BASELINE = "baseline"


class TopicsSnapshot(models.Model):
    """Base of the history records of an object with topics (taggit, which the history does not
    follow): its topics when the record was made, so "Ændringshistorik" shows topic changes too.
    Empty (None) on records from before the snapshot existed."""

    # None (not recorded, older records) differs from "" (no topics).
    topics = models.TextField(null=True, blank=True)  # noqa: DJ001

    class Meta:
        abstract = True


def topics_text(obj):
    """The object's topics as one comparable text ("a, b, c"), or None if it has no topics field."""
    for model_field in obj._meta.get_fields():
        if isinstance(model_field, TaggableManager):
            return ", ".join(sorted(getattr(obj, model_field.name).names(), key=str.casefold))
    return None


@receiver(pre_create_historical_record)
def _snapshot_topics(sender, instance, history_instance, **kwargs):
    # Not on creation: topics are added after the first save (forms, admin, factories), so the
    # record would claim "no topics"; the create service records them (record_topics).
    if getattr(history_instance, "topics", "") is None and history_instance.history_type != "+":
        history_instance.topics = topics_text(instance)


def record_topics(obj):
    """After a form wrote the object's topics: store them on its newest history record, which the
    save made just before the topics were written."""
    latest = obj.history.order_by("-history_id").values_list("history_id", flat=True).first()
    if latest is not None:
        obj.history.filter(history_id=latest).update(topics=topics_text(obj))


def ensure_baseline(obj):
    """Before an edit in the directory: a starting history record of the object as stored, if it
    has none (seeded in bulk, imported before the history, created in SQL), and the stored topics
    on its newest record if that has none (made in admin or an import). Without them the edit
    would have nothing to compare with, and its entry could not say what changed."""
    model = type(obj)
    with_topics = hasattr(model.history.model, "topics")
    fields = ["history_id", "topics"] if with_topics else ["history_id"]
    latest = model.history.filter(id=obj.pk).order_by("-history_id").only(*fields).first()
    if latest is not None:
        if with_topics and latest.topics is None:
            # The tags in the database are still those before the edit (the form writes them last).
            model.history.filter(history_id=latest.history_id).update(topics=topics_text(obj))
        return
    stored = model._default_manager.filter(pk=obj.pk).first()
    if stored is None:
        return
    extra = {"topics": topics_text(stored)} if with_topics else {}
    stored._history_user = None  # not the user about to edit: they did not write this state
    model.history.bulk_history_create(
        [stored],
        default_change_reason=BASELINE,
        default_date=getattr(stored, "updated_at", None),
        custom_historical_attrs=extra,
    )


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    long: bool = False


@dataclass
class HistoryEntry:
    """One save: when, by whom, what kind of change and the changed fields."""

    date: object
    author: str
    author_url: str | None
    kind: str
    history_id: int
    changes: list = field(default_factory=list)
    # The starting record made before the first edit (ensure_baseline), not a real creation.
    baseline: bool = False


def author_of(record: models.Model) -> tuple[str, str | None]:
    user = record.history_user
    if user is None:
        return _("Administration or import"), None
    person = getattr(user, "person", None)
    if person is not None:
        return person.full_name, person.get_absolute_url()
    return user.get_full_name() or user.get_username(), None


def history_page(
    request: HttpRequest,
    obj: models.Model,
    form_class: type[forms.BaseForm] | None = None,
    extra_fields: tuple[str, ...] = (),
    per_page: int = HISTORY_PER_PAGE,
) -> Page:
    """The requested page of `obj`'s history, newest first: a Page whose object_list holds
    HistoryEntry items. Shown fields: those of `form_class` plus `extra_fields` (labels from the
    form where it has them, else from the model)."""
    model = type(obj)
    labels, topics_label = {}, _("Topics")
    if form_class is not None:
        labels = {name: str(form_field.label or "") for name, form_field in form_class.base_fields.items()}
        topic_fields = [f for f in form_class.base_fields.values() if isinstance(f, TagListField)]
        topics_label = str(topic_fields[0].label) if topic_fields else topics_label
    history_fields = {f.name: f for f in obj.history.model._meta.fields}
    names = [name for name in [*labels, *extra_fields] if name in history_fields and name not in ("version", "id")]
    names = list(dict.fromkeys(names))
    model_fields = {f.name: f for f in model._meta.fields}

    records_qs = obj.history.select_related("history_user__person").order_by("-history_date", "-history_id")
    paginator = Paginator(records_qs, per_page)
    page = paginator.get_page(request.GET.get("page"))
    start = (page.number - 1) * per_page
    # One more than the page: the record before the page's last one, to diff against.
    records = list(records_qs[start : start + per_page + 1]) if paginator.count else []

    lookups = _related_names(records, names, model_fields)
    entries = []
    for index, record in enumerate(records[:per_page]):
        previous = records[index + 1] if index + 1 < len(records) else None
        author, author_url = author_of(record)
        entry = HistoryEntry(
            date=record.history_date,
            author=author,
            author_url=author_url,
            kind=record.history_type,
            history_id=record.history_id,
            baseline=record.history_change_reason == BASELINE,
        )
        if record.history_type == "~" and previous is not None:
            delta = record.diff_against(previous, included_fields=names)
            for change in sorted(delta.changes, key=lambda change: names.index(change.field)):
                if (change.old or "") == (change.new or ""):  # empty and NULL are the same to a reader
                    continue
                model_field = model_fields[change.field]
                entry.changes.append(
                    FieldChange(
                        label=labels.get(change.field) or capfirst(str(model_field.verbose_name)),
                        old=_shown(model_field, change.old, lookups),
                        new=_shown(model_field, change.new, lookups),
                        long=isinstance(model_field, models.TextField),
                    )
                )
            old_topics, new_topics = getattr(previous, "topics", None), getattr(record, "topics", None)
            if old_topics is not None and new_topics is not None and old_topics != new_topics:
                entry.changes.append(FieldChange(topics_label, old_topics or _("(empty)"), new_topics or _("(empty)")))
        entries.append(entry)
    page.object_list = entries
    return page


def _related_names(records, names, model_fields):
    """Names of the objects foreign keys in the records point at: one query per related model."""
    wanted = {}
    for name in names:
        model_field = model_fields[name]
        if isinstance(model_field, models.ForeignKey):
            ids = {getattr(record, model_field.attname) for record in records} - {None}
            if ids:
                wanted.setdefault(model_field.related_model, set()).update(ids)
    return {
        related: {obj.pk: str(obj) for obj in related._default_manager.filter(pk__in=ids)}
        for related, ids in wanted.items()
    }


def _shown(model_field, value, lookups):
    if isinstance(model_field, models.BooleanField):
        return _("Yes") if value else _("No")
    if value in (None, ""):
        return _("(empty)")
    if isinstance(model_field, models.ForeignKey):
        return lookups.get(model_field.related_model, {}).get(value, _("(removed)"))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.DateTimeField):
        return date_filter(timezone.localtime(value), "j. F Y H:i")
    if isinstance(model_field, models.DateField):
        return date_filter(value, "j. F Y")
    if isinstance(model_field, models.FileField):
        return _("a photo") if value else _("(empty)")
    return str(value)
