"""E-mail the weekly digest "Nyt i det, du følger" to everyone due one who has news.

Run it daily (or weekly) from cron or the background-job runner: a person gets at most one digest
in seven days and none when nothing they follow is new, so running it often changes nothing but
the delay. `--dry-run` composes the digests and sends and records nothing.
"""

import time

from django.core.management.base import BaseCommand

from following.digest import send_digests


class Command(BaseCommand):
    help = (
        "E-mail the weekly digest about what people follow (at most one per person a week, none when nothing is new)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compose the digests; send and record nothing.")

    def handle(self, *args, dry_run=False, **options):
        started = time.perf_counter()
        run = send_digests(dry_run=dry_run)
        self.stdout.write(f"{run.summary} ({time.perf_counter() - started:.1f} s)")
