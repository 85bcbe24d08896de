"""Keeping visitkort current: confirming a card, finding stale cards, reminding their editors.

A card is stale when nobody confirmed it for `settings.STALE_AFTER_DAYS` (the card then shows
"kan være forældet"). `send_freshness_reminders` mails the nearest editors of stale cards, at most
once per card per `REMINDER_INTERVAL`, one email per editor listing all their stale cards.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from search.cache import bump_generation
from units.editors import EditorMap
from units.models import FreshnessReminder, Unit

logger = logging.getLogger(__name__)

REMINDER_INTERVAL = timedelta(days=30)
# An editor of hundreds of stale cards gets the first ones by name and a link to "mine sider".
CARDS_LISTED = 20


def confirm_visitkort(unit, user):
    """Mark the visitkort as current now.

    A confirmation is not an edit: it keeps the version (an editor with the card open can still
    save), the "recently updated" order and the change history as they are.
    """
    now = timezone.now()
    with transaction.atomic():
        # Shown on the visitkort, whose parts are kept per index generation: a new one.
        bump_generation()
        Unit.objects.filter(pk=unit.pk).update(last_confirmed_at=now)
    unit.last_confirmed_at = now
    logger.info("visitkort %s confirmed by user %s", unit.pk, user.pk)
    return unit


def units_kept_by(user):
    """The active units the user edits, stalest first, with what "mine sider" shows of each:
    `current_task_count` and `open_suggestion_count` (subqueries, no query per unit); prefetch
    or paginate as needed."""
    from django.contrib.contenttypes.models import ContentType

    from units.models import Suggestion, SuggestionStatus, UnitTask

    def count(queryset, column):
        return Coalesce(Subquery(queryset.order_by().values(column).annotate(n=Count("pk")).values("n")), 0)

    current_tasks = UnitTask.objects.current().filter(unit=OuterRef("pk"))
    open_suggestions = Suggestion.objects.filter(
        target_type=ContentType.objects.get_for_model(Unit), target_id=OuterRef("pk"), status=SuggestionStatus.OPEN
    )
    return (
        Unit.objects.editable_by(user)
        .active()
        .annotate(
            current_task_count=count(current_tasks, "unit"),
            open_suggestion_count=count(open_suggestions, "target_id"),
        )
        .order_by(F("last_confirmed_at").asc(nulls_first=True), "sort_key", "pk")
    )


def stale_limit(now=None):
    return (now or timezone.now()) - timedelta(days=settings.STALE_AFTER_DAYS)


def stale_units(now=None):
    """Active units not confirmed since the stale limit (or never)."""
    limit = stale_limit(now)
    return Unit.objects.active().filter(Q(last_confirmed_at__isnull=True) | Q(last_confirmed_at__lt=limit))


def due_for_reminder(now=None):
    """Stale units whose editors were not reminded within the reminder interval."""
    now = now or timezone.now()
    recent = FreshnessReminder.objects.filter(unit=OuterRef("pk"), sent_at__gte=now - REMINDER_INTERVAL)
    return stale_units(now).filter(~Exists(recent)).order_by("sort_key", "pk")


@dataclass
class ReminderRun:
    """What a run did (or, dry, would do)."""

    stale: int = 0
    letters: dict = field(default_factory=dict)  # email -> (Editor, [units])
    without_editor: list = field(default_factory=list)
    sent: int = 0
    reminded: int = 0
    failed: list = field(default_factory=list)

    @property
    def summary(self):
        return (
            f"stale cards due a reminder: {self.stale}; emails: {len(self.letters)} "
            f"(sent {self.sent}, failed {len(self.failed)}); cards reminded: {self.reminded}; "
            f"cards without an editor with an email: {len(self.without_editor)}"
        )

    @property
    def plan_summary(self):
        return (
            f"stale cards due a reminder: {self.stale}; emails that would be sent: {len(self.letters)}; "
            f"cards without an editor with an email: {len(self.without_editor)}"
        )


def plan_reminders(now=None):
    """Who gets a reminder about which cards, in a fixed number of queries for any number of units."""
    run = ReminderRun()
    units = list(due_for_reminder(now).only("pk", "name", "slug", "last_confirmed_at"))
    run.stale = len(units)
    if not units:
        return run
    editors = EditorMap()
    for unit in units:
        contacts = editors.contacts(unit.pk)
        if not contacts:
            run.without_editor.append(unit)
        for editor in contacts:
            run.letters.setdefault(editor.email.lower(), (editor, []))[1].append(unit)
    return run


def reminder_email(editor, units):
    """The reminder to one editor about their stale cards, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "A visitkort you edit may be out of date",
            "%(count)d visitkort you edit may be out of date",
            len(units),
        ) % {"count": len(units)}
        body = render_to_string(
            "emails/freshness_reminder.txt",
            {
                "editor": editor,
                "units": [(unit, f"{settings.SITE_URL}{unit.get_absolute_url()}") for unit in units[:CARDS_LISTED]],
                "more": max(len(units) - CARDS_LISTED, 0),
                "count": len(units),
                "mine_url": f"{settings.SITE_URL}{reverse('mine')}",
                "stale_after_months": settings.STALE_AFTER_DAYS // 30,
            },
        )
    return EmailMessage(subject, body, to=[editor.email])


def send_reminders(run, now=None):
    """Send the planned emails and record one reminder per card that reached at least one editor."""
    now = now or timezone.now()
    recipients_by_unit = {}
    connection = get_connection()
    for address, (editor, units) in run.letters.items():
        try:
            connection.send_messages([reminder_email(editor, units)])
        except Exception:
            logger.exception("freshness reminder to %s failed", address)
            run.failed.append(address)
            continue
        run.sent += 1
        logger.info("freshness reminder sent to %s about %d cards", address, len(units))
        for unit in units:
            recipients_by_unit.setdefault(unit.pk, []).append(address)
    with transaction.atomic():
        FreshnessReminder.objects.bulk_create(
            [
                FreshnessReminder(unit_id=pk, sent_at=now, recipients=", ".join(addresses))
                for pk, addresses in recipients_by_unit.items()
            ],
            batch_size=500,
        )
    run.reminded = len(recipients_by_unit)
    return run


def describe(run):
    """Lines saying who would get what, for --dry-run."""
    lines = []
    for address, (editor, units) in sorted(run.letters.items()):
        names = ", ".join(unit.name for unit in units[:CARDS_LISTED])
        if len(units) > CARDS_LISTED:
            names += f" … (+{len(units) - CARDS_LISTED})"
        lines.append(f"{address} ({editor.name}): {len(units)} cards: {names}")
    for unit in run.without_editor:
        lines.append(f"no editor with an email: {unit.name} ({unit.slug})")
    return lines
