"""Email the editors of stale visitkort (not confirmed for 12 months) a reminder.

Run it daily or weekly from cron: a card is reminded about at most once per 30 days, so running it
often changes nothing but the delay. `--dry-run` prints who would get what and sends and writes nothing.
"""

import logging

from django.core.management.base import BaseCommand

from units.freshness import describe, plan_reminders, send_reminders

logger = logging.getLogger("units.freshness")


class Command(BaseCommand):
    help = "Email the nearest editors of visitkort not confirmed for a year (at most once per card per 30 days)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print who would get which reminder; send and record nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        run = plan_reminders()
        if dry_run:
            for line in describe(run):
                self.stdout.write(line)
            self.stdout.write(f"dry run, nothing sent: {run.plan_summary}")
            return
        for unit in run.without_editor:
            logger.warning("stale visitkort without an editor with an email: %s (%s)", unit.name, unit.slug)
            self.stdout.write(f"no editor with an email: {unit.name} ({unit.slug})")
        send_reminders(run)
        logger.info("freshness reminders: %s", run.summary)
        self.stdout.write(run.summary)
