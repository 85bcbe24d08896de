from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from people.gdpr import anonymise_leavers
from search.misses import MISS_RETENTION_MONTHS, forget_old_search_misses


class Command(BaseCommand):
    help = (
        "Scrub the personal data of people inactive for at least --days days (GDPR storage limitation). "
        "Their try-outs keep them as 'Tidligere medarbejder'. Also deletes the counts of searches without "
        "results older than 13 months (a search may be a person's name)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90, help="days since the person was deactivated (default 90)")
        parser.add_argument("--dry-run", action="store_true", help="list who would be anonymised and change nothing")

    def handle(self, *args, days, dry_run, **options):
        if days < 0:
            raise CommandError(_("--days must be 0 or more."))
        report = anonymise_leavers(days, dry_run=dry_run)
        for pk, external_id in report.people:
            self.stdout.write(f"  person {pk}" + (f" ({external_id})" if external_id else ""))
        if dry_run:
            message = _("Dry run, nothing changed: %(count)d people would be anonymised.")
        else:
            message = _("%(count)d people anonymised.")
        self.stdout.write(self.style.SUCCESS(message % {"count": len(report.people)}))
        misses = forget_old_search_misses(dry_run=dry_run)
        if dry_run:
            message = _(
                "Dry run: %(count)d counts of searches without results older than %(months)d months would be deleted."
            )
        else:
            message = _("%(count)d counts of searches without results older than %(months)d months deleted.")
        self.stdout.write(self.style.SUCCESS(message % {"count": misses, "months": MISS_RETENTION_MONTHS}))
