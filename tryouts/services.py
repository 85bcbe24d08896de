"""Writes to try-outs: each public function is one transaction."""

from core.forms import claim_submission
from core.history import record_topics


def create_tryout(form, user):
    """Create the try-out from a valid TryoutCreateForm, once per form token (AlreadySubmitted
    on a repeat); the person who starts it becomes a contact. Returns the try-out."""

    def create():
        tryout = form.save()
        record_topics(tryout)
        person = getattr(user, "person", None)
        if person is not None:
            tryout.contacts.add(person)
        return tryout

    return claim_submission(form.cleaned_data["token"], create)
