from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.progress import ProgressBar
from people.importing import ImportFailed, import_files

# Changes listed one by one in the report; the rest are counted (all of them with -v 2).
SHOWN_CHANGES = 25


class Command(BaseCommand):
    help = (
        "Import units and people from CSV or JSON files (format: docs/import-format.md). "
        "Upserts by external_id in one transaction; a bad row stops the whole import."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="CSV (units or people) or JSON files")
        parser.add_argument("--dry-run", action="store_true", help="show what would change and write nothing")
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="mark people with an external_id who are not in the file as inactive (never deletes)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, files, dry_run, deactivate_missing, no_progress, verbosity, **options):
        try:
            result = import_files(
                files,
                dry_run=dry_run,
                deactivate_missing=deactivate_missing,
                progress=None if no_progress else ProgressBar(self.stdout),
                listed=None if verbosity > 1 else SHOWN_CHANGES,
            )
        except ImportFailed as failure:
            raise CommandError(
                _("The import was stopped; nothing was written.") + "\n" + "\n".join(failure.lines())
            ) from None
        for change in result.changes:
            fields = f" ({', '.join(change.fields)})" if change.action == "updated" else ""
            self.stdout.write(
                f"  {change.action_label:<11} {change.kind_label:<6} {change.external_id}: {change.name}{fields}"
            )
        if len(result.changes) < result.changes_count:
            more = result.changes_count - len(result.changes)
            self.stdout.write("  " + _("… and %(count)d more (-v 2 lists all)") % {"count": more})
        prefix = _("Dry run, nothing written. It would change:") + " " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(prefix + result.summary()))
        self.stdout.write(
            _("%(count)d changes in %(seconds).1f s.") % {"count": result.total, "seconds": result.seconds}
        )
