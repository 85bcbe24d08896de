"""`manage.py bench_search`: how fast the search page is, against a naive icontains search.

Seeds (or reuses) a database of the requested size, runs a fixed list of realistic queries
several times and prints, per query kind and overall, the median and 95th percentile of:
the whole search page (view + template), the same page built on plain `icontains` over the
same fields, and the search statement alone (matching, facet and topic counts with their names,
the ranked page with its snippets; run again for any word when nothing matches all words, as
the page does: everything but the word look-ups, loading the shown objects and rendering);
plus SQL queries per page. It prints figures; it asserts nothing.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from people.models import Person
from portal.views import SEARCH_KINDS, search_filters, search_page
from search.backends import get_backend
from search.engine import PER_PAGE, TOPIC_FACETS, Hit, SearchResults, _parse, run
from search.models import SearchEntry
from search.text import clean_query, query_words
from tryouts.models import Tryout
from units.models import Unit

# (what it exercises, query string as typed in the box, extra URL parameters)
QUERIES = [
    ("word", "borgerinddragelse", {}),
    ("word", "demens", {}),
    ("word", "rehabilitering", {}),
    ("word", "frivillighed", {}),
    ("word", "GDPR", {}),
    ("word", "dagtilbud", {}),
    ("word", "jobcenter", {}),
    ("word", "klimatilpasning", {}),
    ("inflection", "borgerinddragelsen", {}),
    ("inflection", "rehabiliteringsforløbet", {}),
    ("inflection", "plejecentret", {}),
    ("inflection", "frivillige", {}),
    ("typo", "borgerindragelse", {}),
    ("typo", "rehabillitering", {}),
    ("typo", "demnes", {}),
    ("typo", "frivilighed", {}),
    ("compound", "inddragelse", {}),
    ("compound", "pleje", {}),
    ("compound", "teknologi", {}),
    ("prefix", "borgerind", {}),
    ("prefix", "rehab", {}),
    ("prefix", "velfærdst", {}),
    ("name", "mette hansen", {}),
    ("name", "hansen mette", {}),
    ("name", "jensen", {}),
    ("name", "Mete Hansen", {}),
    ("phrase", "hvem kan hjælpe med GDPR", {}),
    ("phrase", "unge uden uddannelse", {}),
    ("phrase", "aeldrepleje og demens", {}),
    ("filter", "borgerinddragelse", {"type": "tryouts", "status": "i_gang"}),
    ("filter", "borgerinddragelse", {"type": "people"}),
    ("filter", "pleje", {"track": "borgerperspektivet"}),
]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


NAIVE_FIELDS = {
    "people": ["first_name", "last_name", "title", "email", "about", "ask_me_about", "expertise__name"],
    "units": ["name", "about", "core_tasks", "can_help_with", "looking_for", "tags__name"],
    "tryouts": ["title", "summary", "challenge", "approach", "learnings", "tags__name"],
}


def any_contains(fields, word):
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": word})
    return condition


def naive_page(request, query, per_page=20):
    """The search page as a first version would build it: icontains over the same fields."""
    text, _truncated = clean_query(query)
    people_q, units_q, tryouts_q = Q(), Q(), Q()
    for word in query_words(text):
        people_q &= any_contains(NAIVE_FIELDS["people"], word)
        units_q &= any_contains(NAIVE_FIELDS["units"], word)
        tryouts_q &= any_contains(NAIVE_FIELDS["tryouts"], word)
    people = Person.objects.active().filter(people_q).distinct().with_units()
    units = Unit.objects.active().filter(units_q).distinct().select_related("parent")
    tryouts = Tryout.objects.filter(tryouts_q).distinct().select_related("owner_unit")
    counts = {"person": people.count(), "unit": units.count(), "tryout": tryouts.count()}
    hits = [
        Hit(kind, obj, 0.0, escape(str(obj)), "")
        for kind, queryset in (("person", people), ("unit", units), ("tryout", tryouts))
        for obj in queryset[:per_page]
    ][:per_page]
    results = SearchResults(query=text, total=sum(counts.values()), kind_counts=counts)
    results.page = Paginator(hits, per_page).get_page(1)
    context = {"results": results, "query": text, "page_obj": results.page, "kinds": [], "max_length": 200}
    return render_to_string("search.html", context, request)


class Command(BaseCommand):
    help = "Benchmark the search page against a naive icontains search (prints figures)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=62.5, help="seed_demo scale (62.5 ≈ 50,000 people).")
        parser.add_argument("--repeat", type=int, default=7, help="Timed runs per query.")
        parser.add_argument("--naive-repeat", type=int, default=2, help="Timed runs per query for the naive page.")
        parser.add_argument("--reseed", action="store_true", help="Seed anew even if the size matches.")

    def handle(self, *args, scale, repeat, naive_repeat, reseed, **options):
        self.ensure_data(scale, reseed)
        user = get_user_model().objects.filter(is_superuser=True).first()
        factory = RequestFactory()
        backend = get_backend()
        rows = []
        for kind, query, params in QUERIES:
            request = factory.get("/soeg/", {"q": query, **params})
            request.user = user
            filters = search_filters(request.GET)
            if params.get("type"):
                filters["kind"] = SEARCH_KINDS[params["type"]][0]
            search_page(request)  # warm caches once
            page_times, raw_times = [], []
            for _run in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = search_page(request)
                    page_times.append(time.perf_counter() - started)
                parsed, _corrected = _parse(backend, query, query_words(query))
                started = time.perf_counter()
                run(backend, parsed, filters, 0, PER_PAGE, TOPIC_FACETS)
                raw_times.append(time.perf_counter() - started)
            naive_times = []
            for _run in range(naive_repeat):
                started = time.perf_counter()
                naive_page(request, query)
                naive_times.append(time.perf_counter() - started)
            hits = response.content.count(b'class="card-item search-hit')
            rows.append((kind, query, page_times, raw_times, naive_times, len(captured.captured_queries), hits))
            self.stdout.write(
                f"  {kind:<11} {query[:28]:<28} page {statistics.median(page_times) * 1000:7.1f} ms"
                f"  raw {statistics.median(raw_times) * 1000:6.1f} ms"
                f"  naive {statistics.median(naive_times or [0]) * 1000:8.1f} ms"
                f"  queries {len(captured.captured_queries):>2}  hits {hits}"
            )
        self.report(rows)

    def ensure_data(self, scale, reseed):
        expected = round(800 * scale)
        people = Person.objects.count()
        if reseed or abs(people - expected) > expected * 0.05:
            self.stdout.write(f"Seeding scale {scale:g} (≈ {expected} people) …")
            call_command("seed_demo", scale=scale, reset=True, force=True, stdout=self.stdout)
            call_command("rebuild_search_index", stdout=self.stdout)
        elif SearchEntry.objects.count() == 0:
            call_command("rebuild_search_index", stdout=self.stdout)
        self.stdout.write(
            f"\n{connection.vendor}: {Person.objects.count()} people, {Unit.objects.count()} units, "
            f"{Tryout.objects.count()} try-outs, {SearchEntry.objects.count()} index entries\n"
        )

    def report(self, rows):
        def ms(values, fraction):
            return percentile(values, fraction) * 1000

        page = [t for row in rows for t in row[2]]
        raw = [t for row in rows for t in row[3]]
        naive = [t for row in rows for t in row[4]] or [0.0]
        queries = sorted({row[5] for row in rows})
        self.stdout.write("\n| measure | p50 ms | p95 ms |\n|---|---:|---:|")
        for label, values in (("search page (view + template)", page), ("search SQL statement alone", raw),
                              ("naive icontains page", naive)):  # fmt: skip
            self.stdout.write(f"| {label} | {ms(values, 0.5):.1f} | {ms(values, 0.95):.1f} |")
        self.stdout.write(
            f"\nnaive / page at p50: {ms(naive, 0.5) / ms(page, 0.5):.1f}×   "
            f"page / raw query at p50: {ms(page, 0.5) / ms(raw, 0.5):.1f}×   "
            f"queries per page: {', '.join(map(str, queries))} ({len(rows)} queries × {len(rows[0][2])} runs)"
        )
        by_kind = {}
        for row in rows:
            by_kind.setdefault(row[0], []).extend(row[2])
        self.stdout.write("\n| query kind | page p50 ms | page p95 ms |\n|---|---:|---:|")
        for kind, values in by_kind.items():
            self.stdout.write(f"| {kind} | {ms(values, 0.5):.1f} | {ms(values, 0.95):.1f} |")
