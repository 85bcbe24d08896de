"""`manage.py bench_search`: how fast pages are through the whole request, on queries the project
did not choose, against the bare full-text query and a naive icontains search.

Seeds (or reuses) a database of the requested size, then draws `--queries` search queries from
the database's own vocabulary at run time with a seeded random (people's names, job titles,
topics, unit names, lexicon words, their inflections, typos, many-word phrases from try-outs and
visitkort) and adds the fixed list below. Every page is requested through django.test.Client as a
signed-in employee: sessions, authentication, CSRF, CSP, every middleware, context processors and
templates, DEBUG off. For each query, in the same run, it times:

- **page, first visit**: the search page with the result cache emptied (what a new query costs);
- **page, again**: the same page once more (the result cache of search/cache.py answers);
- **engine statement**: the search statement(s) the page runs (search.engine.run), alone;
- **raw full-text**: the bare SQL over the same index (PostgreSQL: the stored vector matched with
  `websearch_to_tsquery('danish', …)`, counted and the top 20 ranked with ts_rank; SQLite: the FTS5
  MATCH, counted and the top 20 by bm25) — the limit no page over this index can beat;
- **naive page**: `icontains` over the same fields, built the way a first version would (a sample).

It also times the typeahead (`/soeg/forslag/`), visitkort and profile pages, prints p50/p95, the
ratios and the SQL queries per page, and with `--profile` where a page's time goes (cProfile,
grouped by middleware, view, search, template). It prints figures; it asserts nothing.
"""

import cProfile
import pstats
import random
import re
import statistics
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import override_settings
from django.urls import reverse
from django.utils.html import escape
from taggit.models import Tag

from people.models import Person
from portal.views import SEARCH_KINDS, search_filters
from search import cache as result_cache
from search.backends import get_backend
from search.engine import PER_PAGE, TOPIC_FACETS, Hit, SearchResults, _parse, run
from search.models import SearchEntry, SearchTerm
from search.text import clean_query, query_words, words
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


class CountQueries:
    """Counts the SQL statements run inside the block (CaptureQueriesContext cannot count across a
    request: every request empties the connection's query log when it starts)."""

    def __enter__(self):
        self.count = 0
        self.wrapper = connection.execute_wrapper(self)
        self.wrapper.__enter__()
        return self

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __exit__(self, *exc):
        self.wrapper.__exit__(*exc)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


INFLECTIONS = ["en", "et", "er", "erne", "ens", "s", "ede"]


def make_typo(word, rng):
    """One slip of the fingers: two letters swapped, one dropped, doubled or replaced."""
    i = rng.randrange(1, len(word) - 1)
    slip = rng.choice(["swap", "drop", "double", "replace"])
    if slip == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if slip == "drop":
        return word[:i] + word[i + 1 :]
    if slip == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiouyæøå" if word[i] in "aeiouyæøå" else "bdfgklmnprst") + word[i + 1 :]


def vocabulary_queries(count, seed):
    """`count` distinct queries drawn from what the database holds, as (kind, query, params)."""
    rng = random.Random(seed)
    people = list(Person.objects.active().order_by("pk").values_list("first_name", "last_name", "title"))
    units = list(Unit.objects.active().order_by("pk").values_list("name", flat=True))
    topics = list(Tag.objects.order_by("pk").values_list("name", flat=True))
    lexicon = sorted(
        w for w in SearchTerm.objects.filter(kinds=SearchTerm.TEXT).values_list("word", flat=True) if len(w) >= 5
    )
    texts = list(Tryout.objects.order_by("pk").values_list("title", "summary")[:3000])
    about = list(Unit.objects.active().exclude(about="").order_by("pk").values_list("about", flat=True)[:3000])

    def phrase():
        source = rng.choice([" ".join(rng.choice(texts)), rng.choice(about) if about else "x"])
        found = [w for w in words(source) if len(w) >= 3]
        if len(found) < 2:
            return " ".join(rng.sample(lexicon, 2))
        size = min(len(found), rng.randint(2, 4))
        start = rng.randrange(0, len(found) - size + 1)
        return " ".join(found[start : start + size])

    makers = [
        ("name", 0.12, lambda: " ".join(rng.choice(people)[:2])),
        ("name", 0.04, lambda: rng.choice(people)[1]),
        ("name", 0.04, lambda: "{1} {0}".format(*rng.choice(people)).lower()),
        ("name typo", 0.04, lambda: " ".join(make_typo(p, rng) if len(p) > 3 else p for p in rng.choice(people)[:2])),
        ("title", 0.08, lambda: rng.choice(people)[2] or rng.choice(lexicon)),
        ("topic", 0.12, lambda: rng.choice(topics) if topics else rng.choice(lexicon)),
        ("unit", 0.12, lambda: rng.choice(units)),
        ("word", 0.10, lambda: rng.choice(lexicon)),
        ("inflection", 0.10, lambda: rng.choice(lexicon) + rng.choice(INFLECTIONS)),
        ("typo", 0.10, lambda: make_typo(rng.choice(lexicon), rng)),
        ("phrase", 0.14, phrase),
    ]
    weights = [weight for _kind, weight, _make in makers]
    found, seen = [], set()
    while len(found) < count:
        kind, _weight, make = rng.choices(makers, weights)[0]
        query = clean_query(make())[0]
        if query and query.lower() not in seen:
            seen.add(query.lower())
            found.append((kind, query, {}))
    return found


def raw_fulltext(query):
    """The bare full-text query over the same index: count the matches, rank the top 20."""
    text = " ".join(query_words(query))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                """
                WITH m AS MATERIALIZED (
                  SELECT e.id, e.title, e.head_vector FROM search_entry e
                  WHERE e.vector @@ websearch_to_tsquery('danish', %s)
                )
                SELECT (SELECT count(*) FROM m), id, title FROM m
                ORDER BY ts_rank(head_vector, websearch_to_tsquery('danish', %s)) DESC LIMIT 20
                """,
                [text, text],
            )
            return cursor.fetchall()
        match = " ".join('"{}"'.format(w.replace('"', "")) for w in query_words(query)) or '""'
        cursor.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH %s", [match])
        cursor.fetchall()
        cursor.execute(
            "SELECT e.id, e.title FROM search_fts JOIN search_entry e ON e.id = search_fts.rowid "
            "WHERE search_fts MATCH %s ORDER BY bm25(search_fts) LIMIT 20",
            [match],
        )
        return cursor.fetchall()


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
    help = "Time search, typeahead, visitkort and profile pages through the whole request (prints figures)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=62.5, help="seed_demo scale (62.5 ≈ 50,000 people).")
        parser.add_argument("--queries", type=int, default=300, help="Queries drawn from the vocabulary.")
        parser.add_argument("--seed", type=int, default=22, help="Seed of the random draw.")
        parser.add_argument("--repeat", type=int, default=3, help="Timed first visits per query.")
        parser.add_argument("--naive", type=int, default=20, help="Queries also timed as a naive page (slow).")
        parser.add_argument("--pages", type=int, default=60, help="Visitkort, profiles and typeaheads timed.")
        parser.add_argument("--profile", action="store_true", help="Print where the search page's time goes.")
        parser.add_argument("--reseed", action="store_true", help="Seed anew even if the size matches.")

    def handle(self, *args, scale, queries, seed, repeat, naive, pages, profile, reseed, **options):
        self.ensure_data(scale, reseed)
        drawn = vocabulary_queries(queries, seed)
        all_queries = drawn + QUERIES
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts):
            client = Client()
            client.force_login(self.employee())
            self.warm_up(client)
            if profile:
                self.profile(client, all_queries)
                return
            rows = self.time_searches(client, all_queries, repeat, naive)
            others = self.time_other_pages(client, drawn, pages, seed)
        self.report(rows, others, len(drawn))

    def employee(self):
        """A signed-in employee who is no administrator (the demo's "medarbejder" when seeded)."""
        users = get_user_model().objects.filter(is_active=True)
        return users.filter(username="medarbejder").first() or users.filter(is_superuser=False).first()

    def get(self, client, url):
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"bench_search: {url} answered {response.status_code}")
        return response

    def warm_up(self, client):
        for _kind, query, params in QUERIES[:5]:
            self.get(client, search_url(query, params))

    def time_searches(self, client, all_queries, repeat, naive_count):
        backend = get_backend()
        request_factory = RequestFactory()
        rows = []
        for number, (kind, query, params) in enumerate(all_queries):
            url = search_url(query, params)
            filters = search_filters(request_factory.get("/", params).GET)
            if params.get("type"):
                filters["kind"] = SEARCH_KINDS[params["type"]][0]
            page_times, again_times, engine_times, raw_times = [], [], [], []
            for _run in range(repeat):
                result_cache.clear()
                with CountQueries() as captured:
                    started = time.perf_counter()
                    response = self.get(client, url)
                    page_times.append(time.perf_counter() - started)
                started = time.perf_counter()
                self.get(client, url)
                again_times.append(time.perf_counter() - started)
                found = query_words(query)
                started = time.perf_counter()
                if found:
                    parsed, _corrected = _parse(backend, query, found)
                    run(backend, parsed, filters, 0, PER_PAGE, TOPIC_FACETS)
                engine_times.append(time.perf_counter() - started)
                started = time.perf_counter()
                raw_fulltext(query)
                raw_times.append(time.perf_counter() - started)
            naive_times = []
            if number % max(1, len(all_queries) // max(1, naive_count)) == 0 and naive_count:
                request = request_factory.get("/soeg/", {"q": query, **params})
                request.user = self.employee()
                started = time.perf_counter()
                naive_page(request, query)
                naive_times.append(time.perf_counter() - started)
            hits = response.content.count(b'class="card-item search-hit')
            rows.append(
                (kind, query, page_times, again_times, engine_times, raw_times, naive_times,
                 captured.count, hits)
            )  # fmt: skip
            if number % 25 == 0 or number >= len(all_queries) - len(QUERIES):
                self.stdout.write(
                    f"  {kind:<11} {query[:30]:<30} page {statistics.median(page_times) * 1000:6.1f} ms"
                    f"  again {statistics.median(again_times) * 1000:5.1f}"
                    f"  engine {statistics.median(engine_times) * 1000:6.1f}"
                    f"  raw {statistics.median(raw_times) * 1000:6.1f}"
                    f"  queries {captured.count:>2}  hits {hits}"
                )
        return rows

    def time_other_pages(self, client, drawn, count, seed):
        rng = random.Random(seed)
        units = list(Unit.objects.active().order_by("pk").values_list("slug", flat=True))
        people = list(Person.objects.active().order_by("pk").values_list("pk", flat=True))
        prefixes = [q[: rng.randint(3, 8)] for _kind, q, _p in rng.sample(drawn, min(count, len(drawn)))]
        pages = {
            "typeahead": [f"{reverse('search_suggestions')}?{urlencode({'q': p})}" for p in prefixes],
            "visitkort": [reverse("units:detail", args=[s]) for s in rng.sample(units, min(count, len(units)))],
            "profile": [reverse("people:detail", args=[pk]) for pk in rng.sample(people, min(count, len(people)))],
        }
        timings = {}
        for name, urls in pages.items():
            times, queries, again_times, again_queries = [], [], [], []
            for url in urls:
                result_cache.clear()
                with CountQueries() as captured:
                    started = time.perf_counter()
                    self.get(client, url)
                    times.append(time.perf_counter() - started)
                queries.append(captured.count)
                if name == "typeahead":
                    continue
                # Again: the page's parts kept per index generation (search/templatetags/generation.py).
                with CountQueries() as captured:
                    started = time.perf_counter()
                    self.get(client, url)
                    again_times.append(time.perf_counter() - started)
                again_queries.append(captured.count)
            timings[name] = (times, queries)
            if again_times:
                timings[f"{name}, again"] = (again_times, again_queries)
        return timings

    def profile(self, client, all_queries):
        """cProfile over one first visit of every query: the functions that cost the most, and the
        time spent in each middleware (its own code), the view, the search and the templates."""
        urls = [search_url(query, params) for _kind, query, params in all_queries]
        profiler = cProfile.Profile()
        started = time.perf_counter()
        for url in urls:
            result_cache.clear()
            profiler.enable()
            self.get(client, url)
            profiler.disable()
        elapsed = time.perf_counter() - started
        stats = pstats.Stats(profiler)
        self.stdout.write(f"\n{len(urls)} search pages, {elapsed / len(urls) * 1000:.1f} ms each under the profiler\n")
        groups = {
            "SQL (cursor.execute)": r"execute",
            "search engine (search())": r"search/engine.py.*\(search\)",
            "templates (render)": r"django/template/backends/django.py.*\(render\)",
            "session load": r"sessions/backends/db.py.*\(load\)",
            "user load (get_user)": r"contrib/auth/__init__.py.*\(get_user\)",
            "context processors": r"context_processors.py",
            "CSP header": r"csp/middleware.py.*\(process_response\)",
            "axes": r"axes/middleware.py.*\(__call__\)",
        }
        per_page = {}
        for (filename, line, function), (_calls, _n, _total, cumulative, _callers) in stats.stats.items():
            where = f"{filename}:{line}({function})"
            for label, pattern in groups.items():
                if re.search(pattern, where) and (label != "SQL (cursor.execute)" or function == "execute"):
                    if label == "SQL (cursor.execute)" and "psycopg" not in filename and "sqlite" not in filename:
                        continue
                    per_page[label] = per_page.get(label, 0) + cumulative
        for label, seconds in per_page.items():
            self.stdout.write(f"  {label:<28} {seconds / len(urls) * 1000:6.2f} ms per page (cumulative)")
        self.stdout.write("\nTop functions by cumulative time:")
        stats.sort_stats("cumulative").print_stats(45)
        self.stdout.write("\nTop functions by own time:")
        stats.sort_stats("tottime").print_stats(30)

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
            f"{Tryout.objects.count()} try-outs, {SearchEntry.objects.count()} index entries"
        )

    def report(self, rows, others, drawn_count):
        def ms(values, fraction):
            return percentile(values, fraction) * 1000 if values else 0.0

        def column(index, only=None):
            return [t for row in rows if only is None or only(row) for t in row[index]]

        page, again, engine, raw, naive = (column(i) for i in range(2, 7))
        self.stdout.write(
            f"\n{len(rows)} queries ({drawn_count} drawn from the vocabulary, {len(rows) - drawn_count} fixed), "
            f"{len(rows[0][2])} first visits each; full request through every middleware, DEBUG off\n"
        )
        self.stdout.write("| measure | p50 ms | p95 ms |\n|---|---:|---:|")
        measures = [
            ("search page, first visit (whole request)", page),
            ("search page, again (result cache)", again),
            ("engine statement(s) alone", engine),
            ("raw full-text query (the limit)", raw),
            (f"naive icontains page ({len(naive)} queries)", naive),
        ]
        for name, (times, _queries) in others.items():
            measures.append((f"{name} (whole request)", times))
        for label, values in measures:
            self.stdout.write(f"| {label} | {ms(values, 0.5):.1f} | {ms(values, 0.95):.1f} |")
        queries = sorted({row[7] for row in rows})
        self.stdout.write(
            f"\npage / raw at p50: {ms(page, 0.5) / ms(raw, 0.5):.1f}× (p95 {ms(page, 0.95) / ms(raw, 0.95):.1f}×)   "
            f"page / engine at p50: {ms(page, 0.5) / ms(engine, 0.5):.1f}×   "
            f"naive / page at p50: {ms(naive, 0.5) / ms(page, 0.5):.1f}×"
        )
        # The floor of any search page: the same request served whole from the result cache, with no
        # search work at all (docs/performance.md, "Session 11": why page / raw stays far above 4×).
        self.stdout.write(f"page from the result cache / raw at p50: {ms(again, 0.5) / ms(raw, 0.5):.1f}×")
        self.stdout.write(f"SQL queries per search page (session and user included): {', '.join(map(str, queries))}")
        for name, (_times, counts) in others.items():
            self.stdout.write(f"SQL queries per {name}: {min(counts)}–{max(counts)}")
        by_kind = {}
        for row in rows:
            by_kind.setdefault(row[0], []).append(row)
        self.stdout.write(
            "\n| query kind | queries | page p50 ms | page p95 ms | raw p50 ms |\n|---|---:|---:|---:|---:|"
        )
        for kind, kind_rows in by_kind.items():
            values = [t for row in kind_rows for t in row[2]]
            raw_values = [t for row in kind_rows for t in row[5]]
            self.stdout.write(
                f"| {kind} | {len(kind_rows)} | {ms(values, 0.5):.1f} | {ms(values, 0.95):.1f} "
                f"| {ms(raw_values, 0.5):.1f} |"
            )
        slowest = sorted(rows, key=lambda row: -statistics.median(row[2]))[:8]
        self.stdout.write("\nSlowest first visits: " + "; ".join(
            f"{row[1]!r} {statistics.median(row[2]) * 1000:.0f} ms (raw {statistics.median(row[5]) * 1000:.0f})"
            for row in slowest
        ))  # fmt: skip


def search_url(query, params):
    return f"{reverse('search')}?{urlencode({'q': query, **params})}"
