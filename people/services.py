"""Writes to people's profiles: each public function is one transaction."""

from django.db import transaction

from core.forms import save_versioned
from core.history import ensure_baseline, record_topics


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
