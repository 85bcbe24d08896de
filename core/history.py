"""Change history ("Ændringshistorik") as people read it: who changed which fields when, with the
value before and after, from django-simple-history's records. A page of history costs the same
few queries however many records it shows."""

from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Page, Paginator
from django.db import models
from django.http import HttpRequest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

HISTORY_PER_PAGE = 20


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
    labels = {}
    if form_class is not None:
        labels = {name: str(form_field.label or "") for name, form_field in form_class.base_fields.items()}
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
