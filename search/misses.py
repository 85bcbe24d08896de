"""How long "Søgninger uden resultat" (`SearchMiss`, counted by engine.record_search_miss) are
kept: this month and the twelve before it. A search may be a person's name (a leaver's too), so
the counts are not kept for ever; `anonymise_leavers` deletes the older ones every night."""

from datetime import date

from django.utils import timezone

from search.models import SearchMiss

MISS_RETENTION_MONTHS = 13


def first_kept_month(today: date, months: int = MISS_RETENTION_MONTHS) -> date:
    """The first day of the oldest month kept: `months` months including today's."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1)


def forget_old_search_misses(today: date | None = None, dry_run: bool = False) -> int:
    """Delete the counts of months before the kept ones; how many were (or, dry, would be) deleted."""
    old = SearchMiss.objects.filter(month__lt=first_kept_month(today or timezone.localdate()))
    if dry_run:
        return old.count()
    deleted, _by_model = old.delete()
    return deleted
