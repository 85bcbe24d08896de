"""`manage.py bench_open_data`: how fast the public feed answers, and how long fetching a large
feed takes (docs/open-data.md). Makes (or reuses) `--tryouts` shared try-outs in the configured
database, times the feed through every middleware (cold: built; warm: from the cache; 304), then
serves this directory's own feed over HTTP on 127.0.0.1 and fetches it as another municipality's
subscription would: every page read, checked and stored in one transaction with the search index.
It prints figures; it asserts nothing. Use a throwaway database (it adds data)."""

import statistics
import threading
import time
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from opendata.fetching import Limits
from opendata.models import SharedTryout, Subscription
from opendata.services import fetch_subscription
from tryouts.models import PartnerKind, Status, Tryout
from units.models import Unit, UnitKind


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def timings(call, times):
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        call()
        spent.append((time.perf_counter() - started) * 1000)
    spent.sort()
    return statistics.median(spent), spent[max(0, int(len(spent) * 0.95) - 1)]


class Command(BaseCommand):
    help = "Time the open-data feed and a fetch of a large feed (prints figures)."

    def add_arguments(self, parser):
        parser.add_argument("--tryouts", type=int, default=10_000, help="Shared try-outs in the feed.")
        parser.add_argument("--repeat", type=int, default=30)

    def handle(self, *args, tryouts, repeat, **options):
        self.make_shared(tryouts)
        count = Tryout.objects.shared().count()
        self.stdout.write(f"{count} shared try-outs, {(count + 99) // 100} pages of 100")
        public = Client(HTTP_HOST="localhost")
        for name in ("opendata:feed_json", "opendata:feed_csv", "opendata:feed_atom"):
            url = reverse(name)

            def cold(url=url):
                cache.clear()
                assert public.get(url).status_code == 200

            def warm(url=url):
                assert public.get(url).status_code == 200

            etag = public.get(url)["ETag"]

            def not_modified(url=url, etag=etag):
                assert public.get(url, headers={"If-None-Match": etag}).status_code == 304

            figures = [
                (label, *timings(call, repeat))
                for label, call in (("built", cold), ("cached", warm), ("304", not_modified))
            ]
            shown = ", ".join(f"{label} p50 {p50:.1f} ms p95 {p95:.1f} ms" for label, p50, p95 in figures)
            self.stdout.write(f"{url}: {shown}")
        self.fetch_own_feed(count)

    def make_shared(self, wanted):
        missing = wanted - Tryout.objects.shared().count()
        if missing <= 0:
            return
        unit, _created = Unit.objects.get_or_create(
            slug="bench-aabne-data", defaults={"name": "Bench-enheden", "kind": UnitKind.AFDELING}
        )
        start = Tryout.objects.count()
        made = Tryout.objects.bulk_create(
            [
                Tryout(
                    title=f"Delt prøvehandling {start + n}",
                    slug=f"bench-delt-{start + n}",
                    summary="Borgerne spiser morgenmad sammen med personalet. " * 3,
                    challenge="Ensomhed og underernæring hos ældre. " * 5,
                    approach="Fællesspisning hver morgen, og frivillige hjælper. " * 5,
                    learnings="Det sociale betyder mere end maden. " * 5,
                    status=Status.I_GANG,
                    owner_unit=unit,
                    shared=True,
                )
                for n in range(missing)
            ],
            batch_size=1000,
        )
        tags = [Tag.objects.get_or_create(name=f"bench-emne-{n}", slug=f"bench-emne-{n}")[0] for n in range(20)]
        content_type = TaggedItem.content_type.field.related_model.objects.get_for_model(Tryout)
        TaggedItem.objects.bulk_create(
            [
                TaggedItem(tag=tags[(t.pk + k) % 20], content_type=content_type, object_id=t.pk)
                for t in made
                for k in (0, 7)
            ],
            batch_size=2000,
        )
        kinds = list(PartnerKind.objects.all()[:2])
        Tryout.partner_kinds.through.objects.bulk_create(
            [Tryout.partner_kinds.through(tryout_id=t.pk, partnerkind_id=kind.pk) for t in made for kind in kinds],
            batch_size=2000,
        )

    def fetch_own_feed(self, count):
        server = make_server("127.0.0.1", 0, WSGIHandler(), server_class=_ThreadingServer, handler_class=_QuietHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_port}{reverse('opendata:feed_json')}"
        subscription, _created = Subscription.objects.update_or_create(
            feed_url=url, defaults={"municipality": "Bench Kommune", "allow_internal_address": True, "etag": ""}
        )
        limits = Limits(feed_seconds=900, items=max(20_000, count), pages=max(200, count // 100 + 1))
        try:
            steps = ("fetch (new or changed since the last run)", "again (304)", "after 100 try-outs changed")
            for label in steps:
                if label.startswith("after"):
                    changed = Tryout.objects.shared().order_by("?").values_list("pk", flat=True)[:100]
                    Tryout.objects.filter(pk__in=list(changed)).update(
                        learnings=f"Ændret {time.time()}", updated_at=timezone.now()
                    )
                cache.clear()
                result = fetch_subscription(Subscription.objects.get(pk=subscription.pk), limits)
                self.stdout.write(
                    f"{label}: {result.status} {result.count} try-outs in {result.seconds:.1f} s {result.reason}"
                )
        finally:
            server.shutdown()
        self.stdout.write(f"received try-outs stored: {SharedTryout.objects.filter(subscription=subscription).count()}")
