"""Writes to units and their visitkort: each public function is one transaction."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from faxe_directory.forms import claim_submission, save_versioned
from units.models import Collaboration, Suggestion, UnitEditor


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


def save_visitkort(form, user, suggestion_id=None):
    """Save the visitkort form if nobody changed the card since it was loaded (else StaleEdit);
    an applied suggestion (?forslag=) is linked to the change. Returns the unit."""
    unit = form.instance
    suggestion = applicable_suggestion(suggestion_id, unit, user)

    def save():
        form.save()
        link_suggestion_to_latest_change(suggestion, unit)
        return unit

    return save_versioned(unit, form.loaded_version, save)


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
    """Register that `unit` works with `other`. Returns the collaboration."""
    return Collaboration.objects.create(from_unit=unit, to_unit=other, description=description)


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
