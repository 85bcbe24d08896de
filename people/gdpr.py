"""GDPR: what the directory stores about a user ("Hent mine data") and scrubbing leavers.

`personal_data(user)` gathers everything about one user for the data subject's right of access
(art. 15); `anonymise_leavers(days)` scrubs people who left long enough ago (art. 5(1)(e),
storage limitation) while keeping the try-outs and visitkort they took part in.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from simple_history.models import registered_models
from taggit.models import Tag

from people.models import Membership, Person
from search.index import deferred, forget_unused_terms
from units.models import Suggestion

logger = logging.getLogger("faxe_directory.gdpr")

# What an anonymised person is called wherever they still appear (try-outs, history).
FORMER_EMPLOYEE = "Tidligere medarbejder"

# Fields of Person with personal data that anonymising empties.
SCRUBBED_FIELDS = ("title", "email", "phone", "mobile", "location", "about", "ask_me_about", "languages")
# Account fields never handed out, not even to their owner: the password hash is a secret.
SECRET_USER_FIELDS = {"password"}
HISTORY_META_FIELDS = ("history_id", "history_date", "history_type", "history_change_reason")


def _fields(instance, exclude=()):
    """The concrete field values of a model instance, file fields as their stored name."""
    values = {}
    for model_field in instance._meta.concrete_fields:
        if model_field.name in exclude:
            continue
        value = getattr(instance, model_field.attname)
        if hasattr(value, "name") and not isinstance(value, str):  # FieldFile
            value = value.name or ""
        values[model_field.attname] = value
    return values


def personal_data(user):
    """Everything stored about `user` as JSON-ready dicts: account (without the password),
    their Person with memberships, expertise and change history, and suggestions they wrote
    or resolved."""
    account = _fields(user, exclude=SECRET_USER_FIELDS)
    account["groups"] = list(user.groups.values_list("name", flat=True))
    person = Person.objects.filter(user=user).first()
    data = {
        "generated_at": timezone.now(),
        "account": account,
        "person": None,
        "suggestions_written": _suggestions(Suggestion.objects.filter(author=user)),
        "suggestions_resolved": _suggestions(Suggestion.objects.filter(resolver=user)),
        "delegated_editor_of": list(user.unit_editor_roles.values("unit__name", "created_at")),
        "changes_made_by_you": _changes_made_by(user),
    }
    if person is not None:
        profile = _fields(person, exclude={"user"})
        profile["expertise"] = sorted(person.expertise.names())
        profile["memberships"] = list(
            Membership.objects.filter(person=person)
            .order_by("-is_primary", "unit__sort_key")
            .values("unit__name", "unit__external_id", "role", "job_title", "is_primary")
        )
        profile["contact_for_tryouts"] = list(person.tryouts.order_by("title").values("title", "status"))
        profile["contact_for_tasks"] = list(person.contact_for_tasks.order_by("title").values("title", "unit__name"))
        profile["history"] = [
            {
                **{name: getattr(record, name) for name in HISTORY_META_FIELDS},
                "changed_by": record.history_user.get_username() if record.history_user else None,
                "values": _fields(record, exclude={*HISTORY_META_FIELDS, "history_user", "user"}),
            }
            for record in person.history.select_related("history_user").order_by("history_date")
        ]
        data["person"] = profile
    return data


def _suggestions(queryset):
    return [
        {
            "target": str(suggestion.target) if suggestion.target is not None else None,
            "target_type": suggestion.target_type.model,
            "text": suggestion.text,
            "status": suggestion.status,
            "reply": suggestion.reply,
            "created_at": suggestion.created_at,
            "resolved_at": suggestion.resolved_at,
        }
        for suggestion in queryset.select_related("target_type").order_by("created_at")
    ]


def _changes_made_by(user):
    """How many history records of each kind name the user as the one who made the change.
    The models are those simple-history records (units, people, try-outs …), so people need not
    import the apps above it."""
    counts = {}
    for model in sorted(registered_models.values(), key=lambda model: model._meta.label_lower):
        if not hasattr(model, "history"):  # the history tables of many-to-many fields
            continue
        count = model.history.filter(history_user=user).count()
        if count:
            counts[model._meta.label_lower] = count
    return counts


@dataclass
class AnonymiseReport:
    """Who anonymise_leavers scrubbed (or would scrub, in a dry run)."""

    people: list = field(default_factory=list)
    dry_run: bool = False


def leavers(days, now=None):
    """Inactive people deactivated at least `days` days ago and not yet anonymised."""
    limit = (now or timezone.now()) - timedelta(days=days)
    return Person.objects.filter(
        is_active=False, deactivated_at__isnull=False, deactivated_at__lte=limit, anonymised_at__isnull=True
    ).order_by("pk")


def anonymise_leavers(days, dry_run=False, now=None):
    """Scrub the personal data of people who left `days` ago or more: name, contact fields,
    photo, texts, expertise, their user account, and the same fields in their history rows.
    Try-outs and tasks they were contact for keep them, now as "Tidligere medarbejder"."""
    now = now or timezone.now()
    people = list(leavers(days, now))
    report = AnonymiseReport(people=[(person.pk, person.external_id) for person in people], dry_run=dry_run)
    if dry_run or not people:
        return report
    with transaction.atomic():
        scrubbed = []
        with deferred():  # their index entries are written afresh once, at the end of this block
            for person in people:
                scrubbed += _anonymise(person, now)
        # Nothing of them stays in the search lexicon (spelling corrections, compounds) either.
        forget_unused_terms(scrubbed)
    logger.info("Anonymised %d leaver(s): person ids %s", len(people), [pk for pk, _ext in report.people])
    return report


def _words_of(person):
    """Every text of the person the search index may have learnt words from."""
    email_prefix = person.email.split("@")[0]
    memberships = Membership.objects.filter(person=person).values_list("job_title", flat=True)
    return [
        person.first_name,
        person.last_name,
        email_prefix,
        *(getattr(person, name) for name in SCRUBBED_FIELDS),
        *memberships,
        *person.expertise.names(),
    ]


def _anonymise(person, now):
    """Scrub one person; returns the texts they had, for the search lexicon to forget."""
    user = person.user
    old_texts = _words_of(person)
    own_topics = list(person.expertise.all())
    if person.photo:
        person.photo.delete(save=False)
    person.first_name, person.last_name = FORMER_EMPLOYEE, ""
    for name in SCRUBBED_FIELDS:
        setattr(person, name, "")
    person.photo = ""
    person.user = None
    person.anonymised_at = now
    person.version += 1
    # The scrub itself must not leave a history row with the old data; it leaves none at all.
    person.skip_history_when_saving = True
    try:
        person.save()
    finally:
        del person.skip_history_when_saving
    person.expertise.clear()
    # A topic only they used (their own words) goes with them.
    Tag.objects.filter(pk__in=[tag.pk for tag in own_topics], taggit_taggeditem_items__isnull=True).delete()
    Membership.objects.filter(person=person).update(job_title="")
    person.history.update(
        first_name=FORMER_EMPLOYEE,
        last_name="",
        photo="",
        user_id=None,
        **dict.fromkeys(SCRUBBED_FIELDS, ""),
    )
    if user is not None:
        user_model = get_user_model()
        user_model.objects.filter(pk=user.pk).update(
            is_active=False, first_name="", last_name="", email="", username=f"anonymised-{user.pk}"
        )
        user.set_unusable_password()
        user_model.objects.filter(pk=user.pk).update(password=user.password)
    return old_texts
