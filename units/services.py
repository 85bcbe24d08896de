"""Writes to units and their visitkort: each public function is one transaction."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from core.forms import StaleEdit, claim_submission, save_versioned
from core.history import ensure_baseline, record_topics
from units.models import Collaboration, Suggestion, Unit, UnitEditor


def applicable_suggestion(suggestion_id, target, user):
    """The suggestion with this id if it is about `target` and `user` may resolve it, else None."""
    try:
        suggestion_id = int(suggestion_id)
    except (TypeError, ValueError):
        return None
    suggestion = (
        Suggestion.objects.filter(
            pk=suggestion_id,
            target_type=ContentType.objects.get_for_model(target),
            target_id=target.pk,
        )
        .select_related("author__person")
        .first()
    )
    if suggestion is None or not user.has_perm("units.change_suggestion", suggestion):
        return None
    return suggestion


def link_suggestion_to_latest_change(suggestion, target):
    """Point the suggestion at the history record of the edit that applied it."""
    record = target.history.order_by("-history_id").only("history_id").first()
    if suggestion is not None and record is not None:
        suggestion.change_id = record.history_id
        suggestion.save(update_fields=["change_id"])


def save_suggestible(form, user, suggestion_id=None):
    """Save a visitkort or try-out form if nobody changed the object since it was loaded (else
    StaleEdit); an applied suggestion (?forslag=) is linked to the change. The change history gets
    a starting record first if it has none, and the saved topics. Returns the object."""
    target = form.instance
    suggestion = applicable_suggestion(suggestion_id, target, user)
    ensure_baseline(target)

    def save():
        form.save()
        record_topics(target)
        link_suggestion_to_latest_change(suggestion, target)
        return target

    return save_versioned(target, form.loaded_version, save)


def add_task(form, token):
    """Create the current task from a valid TaskForm, once per form token (AlreadySubmitted on
    a repeat). Returns the task."""
    return claim_submission(token, form.save)


@transaction.atomic
def end_task(task):
    """End the task today; a task that has not started yet cannot be ended (remove it instead).
    Returns whether it was ended."""
    today = timezone.localdate()
    if task.starts_on > today:
        return False
    if task.ends_on is None or task.ends_on > today:
        task.ends_on = today
        task.save(update_fields=["ends_on"])
    return True


@transaction.atomic
def remove_task(task):
    """Delete the task (its history keeps what it was)."""
    task.delete()


@transaction.atomic
def add_collaboration(unit, other, description):
    """Register that `unit` works with `other`, unless the two are registered already (in either
    direction: a double click, or the other unit's editor at the same moment). The two unit rows
    are locked while we look, so simultaneous requests cannot both miss each other. Returns the
    collaboration."""
    list(Unit.objects.select_for_update().filter(pk__in=[unit.pk, other.pk]).order_by("pk").values_list("pk"))
    existing = Collaboration.objects.filter(Q(from_unit=unit, to_unit=other) | Q(from_unit=other, to_unit=unit)).first()
    if existing is not None:
        return existing
    return Collaboration.objects.create(from_unit=unit, to_unit=other, description=description)


def latest_change(collaboration):
    """The id of the collaboration's newest change-history record (0 if it has none): the version
    its edit form carries, as collaborations have no version number of their own."""
    return collaboration.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0


@transaction.atomic
def save_collaboration(form):
    """Save the collaboration form if nobody changed the collaboration since it was loaded (else
    StaleEdit). The no-op UPDATE first takes the row's write lock, so a concurrent save waits and
    then sees the change history this one adds. Returns the collaboration."""
    collaboration = form.instance
    Collaboration.objects.filter(pk=collaboration.pk).update(description=F("description"))
    if latest_change(collaboration) != form.cleaned_data["loaded_change"]:
        raise StaleEdit
    return form.save()


@transaction.atomic
def remove_collaboration(collaboration):
    """Delete the collaboration (both units stop showing it)."""
    collaboration.delete()


@transaction.atomic
def add_editor(unit, user):
    """Make `user` a delegated editor of `unit` (nothing happens if they already are)."""
    editor, _created = UnitEditor.objects.get_or_create(unit=unit, user=user)
    return editor


@transaction.atomic
def remove_editor(editor):
    """Take a delegated editor's right to edit the unit away."""
    editor.delete()
