"""Writes to try-outs: each public function is one transaction."""

from faxe_directory.forms import claim_submission, save_versioned
from units.services import applicable_suggestion, link_suggestion_to_latest_change


def create_tryout(form, user):
    """Create the try-out from a valid TryoutCreateForm, once per form token (AlreadySubmitted
    on a repeat); the person who starts it becomes a contact. Returns the try-out."""

    def create():
        tryout = form.save()
        person = getattr(user, "person", None)
        if person is not None:
            tryout.contacts.add(person)
        return tryout

    return claim_submission(form.cleaned_data["token"], create)


def save_tryout(form, user, suggestion_id=None):
    """Save the try-out form if nobody changed the try-out since it was loaded (else StaleEdit);
    an applied suggestion (?forslag=) is linked to the change. Returns the try-out."""
    tryout = form.instance
    suggestion = applicable_suggestion(suggestion_id, tryout, user)

    def save():
        form.save()
        link_suggestion_to_latest_change(suggestion, tryout)
        return tryout

    return save_versioned(tryout, form.loaded_version, save)
