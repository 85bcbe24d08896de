"""Writes to people's profiles and records: each public function is one transaction."""

from collections.abc import Callable, Iterable
from datetime import datetime
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.db import transaction
from django.utils import timezone

from core.forms import save_versioned
from core.history import ensure_baseline, record_topics
from people.models import Person

# The fields leaving and returning change; bulk writers (the import) write exactly these.
LEAVING_FIELDS = ["is_active", "deactivated_at", "version", "updated_at"]


def save_profile(form):
    """Save the person's own profile form if nobody changed the profile since it was loaded
    (else StaleEdit). A replaced or removed photo's file is deleted once the save is committed.
    The change history gets a starting record first if it has none, and the saved expertise."""
    person = form.instance
    old_name = form.old_photo_name
    ensure_baseline(person)

    def save():
        form.save()
        record_topics(person)
        if old_name and person.photo.name != old_name:
            storage = person.photo.storage
            transaction.on_commit(lambda: storage.delete(old_name))
        return person

    return save_versioned(person, form.loaded_version, save)


def mark_left(person: Person, now: datetime) -> None:
    """Set, without saving, what says that `person` left at `now`: inactive, and the date from which
    anonymise_leavers counts (people/gdpr.py). Bulk writers save LEAVING_FIELDS themselves."""
    person.is_active, person.deactivated_at = False, now
    person.version += 1
    person.updated_at = now


@transaction.atomic
def deactivate_people(people: Iterable[Person], *, now: datetime | None = None) -> list[Person]:
    """The people who left (the admin action; one at a time: `deactivate_person`): inactive from
    `now`, each saved with history and search index, and their login and every right gone at once
    (`end_access`). People already inactive keep their date. Returns those deactivated now."""
    now = now or timezone.now()
    left = [person for person in people if person.is_active]
    for person in left:
        mark_left(person, now)
        person.save(update_fields=LEAVING_FIELDS)
    end_access(person.user_id for person in left)
    return left


@transaction.atomic
def deactivate_person(person: Person, *, save: Callable[[], object] | None = None, now: datetime | None = None) -> None:
    """`person` left: as `deactivate_people`. `save` writes the person instead of saving the
    leaving fields alone: the admin form saves its other changes in the same write."""
    mark_left(person, now or timezone.now())
    if save:
        save()
    else:
        person.save(update_fields=LEAVING_FIELDS)
    end_access([person.user_id])


@transaction.atomic
def reactivate_person(person: Person, *, save: Callable[[], object] | None = None) -> None:
    """`person` is back (rehired, or a deactivation undone): active again, the anonymisation clock
    stopped, and their login (if they had one) works again. `save` as for `deactivate_person`."""
    # As the import does: someone anonymised who comes back is a person to scrub again one day.
    person.is_active, person.deactivated_at, person.anonymised_at = True, None, None
    person.version += 1
    if save:
        save()
    else:
        person.save(update_fields=[*LEAVING_FIELDS, "anonymised_at"])
    restore_access([person.user_id])


def end_access(user_ids: Iterable[int | None]) -> None:
    """The logins of people who left end now: their users are deactivated (no password or single
    sign-on login, no rights), and every session they have open is deleted."""
    user_ids = {pk for pk in user_ids if pk is not None}
    if user_ids:
        get_user_model()._default_manager.filter(pk__in=user_ids).update(is_active=False)
        end_sessions(user_ids)


def restore_access(user_ids: Iterable[int | None]) -> None:
    """The users of people who came back may log in again."""
    user_ids = {pk for pk in user_ids if pk is not None}
    if user_ids:
        get_user_model()._default_manager.filter(pk__in=user_ids).update(is_active=True)


def end_sessions(user_ids: Iterable[int]) -> int:
    """Delete the open sessions of these users (logged out on their next request, in every browser).
    Sessions are not indexed by user, so the unexpired ones are read once, however many users."""
    wanted = {str(pk) for pk in user_ids}
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in store.get_model_class().objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) in wanted:
            store(session.session_key).delete()  # the cache too, with cached_db
            ended += 1
    return ended
