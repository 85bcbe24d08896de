"""Keeping a profile current: the person confirms it, like an editor confirms a visitkort
(units/freshness.py)."""

from django.db import transaction
from django.utils import timezone

from people.models import Person
from search.cache import bump_generation


def confirm_profile(person):
    """Mark the person's profile as current now. Not an edit: the version, "recently updated"
    and the change history stay as they are."""
    now = timezone.now()
    with transaction.atomic():
        # Profiles' parts are kept per index generation: a new one, as for any edit.
        bump_generation()
        Person.objects.filter(pk=person.pk).update(last_confirmed_at=now)
    person.last_confirmed_at = now
    return person
