"""Fetch the try-outs other municipalities share (cron, e.g. hourly; docs/open-data.md)."""

from django.core.management.base import BaseCommand

from opendata.fetching import Limits
from opendata.models import FetchStatus, Subscription
from opendata.services import fetch_subscription


class Command(BaseCommand):
    help = "Fetch the feeds of the active subscriptions; a refused feed keeps what was fetched before."

    def add_arguments(self, parser):
        parser.add_argument("--feed", type=int, action="append", help="Only the subscription with this id.")
        parser.add_argument("--timeout", type=float, default=Limits.read_timeout, help="Seconds to wait for an answer.")
        parser.add_argument(
            "--feed-seconds", type=float, default=Limits.feed_seconds, help="Seconds for a whole feed, all pages."
        )

    def handle(self, *args, feed=None, timeout=None, feed_seconds=None, **options):
        limits = Limits(
            read_timeout=timeout, connect_timeout=min(timeout, Limits.connect_timeout), feed_seconds=feed_seconds
        )
        subscriptions = Subscription.objects.filter(is_active=True)
        if feed:
            subscriptions = subscriptions.filter(pk__in=feed)
        refused = 0
        for subscription in subscriptions:
            result = fetch_subscription(subscription, limits)
            if result.status == FetchStatus.REFUSED:
                refused += 1
                self.stderr.write(f"{subscription.municipality}: refused: {result.reason}")
            else:
                self.stdout.write(
                    f"{subscription.municipality}: {result.status}, {result.count} try-outs ({result.seconds:.2f} s)"
                )
        if refused:
            # Cron mails stderr; the exit status stays 0 so one broken feed does not look like a broken run.
            self.stderr.write(f"{refused} feed(s) refused; see the subscriptions in admin.")
