"""One Danish search over people, units and try-outs.

    search(query, kinds=None, filters=None, page=1) -> SearchResults

The backend is chosen by the database vendor (PostgreSQL full-text search or SQLite FTS5);
both follow the same steps: correct a word the index does not know against the lexicon of
indexed words (a typo), expand each word (spellings, stems, compound parts), match all words
(or, when nothing matches all, any word), rank, count facets, and mark why each hit on the
page matched. `kinds` narrows to one kind (people, units or try-outs) when it names one.
"""

from dataclasses import dataclass, field
from math import ceil

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe

from faxe_directory.search.backends import get_backend
from faxe_directory.search.backends.base import Term
from faxe_directory.search.backends.postgres import tsquery
from faxe_directory.search.backends.sqlite import fts_query
from faxe_directory.search.models import Kind
from faxe_directory.search.text import (
    GT,
    LT,
    MARK_END,
    MARK_START,
    clean_query,
    query_words,
    spelling_variants,
    stem,
    words,
)

PER_PAGE = 20
TOPIC_FACETS = 12


@dataclass
class Query:
    """A cleaned query, its words and what each word may match."""

    text: str
    words: list
    groups: list
    any_word: bool = False

    @cached_property
    def name_groups(self):
        return [[Term(v, prefix=True) for v in spelling_variants(w)] for w in self.words]

    @property
    def match(self):
        return tsquery(self.groups, "|" if self.any_word else "&")

    def rank_in(self, weights):
        """Any of the words' own forms in the given weights (PostgreSQL): a compound holding
        the word ranks below the word itself."""
        primary = [[t for t in group if t.prefix or t.text in self.words] or group for group in self.groups]
        return tsquery(primary, "|", weights)

    @property
    def names(self):
        return tsquery(self.name_groups, "&")

    @property
    def fts(self):
        return fts_query(self.groups, "OR" if self.any_word else "AND")

    @property
    def names_fts(self):
        return fts_query(self.name_groups, "AND")

    @cached_property
    def _prefixes(self):
        return tuple({t.text for group in self.groups for t in group if t.prefix})

    @cached_property
    def _exact(self):
        return {t.text for group in self.groups for t in group if not t.prefix}

    def matches_word(self, token):
        """Whether a word of a text is one this query looks for (to mark it)."""
        for word in words(token):
            root = stem(word)
            if word in self._exact or root in self._exact:
                return True
            if word.startswith(self._prefixes) or root.startswith(self._prefixes):
                return True
        return False


@dataclass
class Hit:
    kind: str
    object: object
    score: float
    title_html: str
    snippet_html: str


@dataclass
class FacetValue:
    value: object
    label: str
    count: int
    slug: str = ""


@dataclass
class SearchResults:
    query: str
    truncated: bool = False
    corrected_query: str = ""
    any_word: bool = False
    total: int = 0
    kind_counts: dict = field(default_factory=dict)
    facets: dict = field(default_factory=dict)
    page: object = None

    @property
    def hits(self):
        return list(self.page.object_list) if self.page else []


class _Hits:
    """The hits of the shown page as a sequence for Django's Paginator (which asks for exactly
    that slice), with the total as its length."""

    def __init__(self, hits, total):
        self.hits, self.total = hits, total

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        return self.hits


def _page_number(page):
    """As Paginator.get_page reads it: not a number is page 1; zero or less (None here) and
    pages past the end are the last page, which is known only after counting."""
    try:
        number = int(page)
    except (TypeError, ValueError):
        return 1
    return number if number >= 1 else None


def search(query, kinds=None, filters=None, page=1, per_page=PER_PAGE, with_facets=True):
    """Search people, units and try-outs. `filters`: centre, topic, track (ids) and status."""
    text, truncated = clean_query(query)
    filters = dict(filters or {})
    if kinds:
        filters["kind"] = kinds[0] if len(kinds) == 1 else None
    results = SearchResults(query=text, truncated=truncated)
    found_words = query_words(text)
    if not found_words:
        return results
    backend = get_backend()
    parsed, results.corrected_query = _parse(backend, text, found_words)
    number = _page_number(page)
    offset = ((number or 1) - 1) * per_page
    topics = TOPIC_FACETS if with_facets else 0
    matches = backend.run(parsed, filters, offset, per_page, topics)
    if not _count(matches.facet_rows, filters) and len(found_words) > 1:
        parsed.any_word = results.any_word = True
        matches = backend.run(parsed, filters, offset, per_page, topics)
    results.total = _count(matches.facet_rows, filters)
    results.kind_counts = _kind_counts(matches.facet_rows)
    if with_facets:
        results.facets = _facets(filters, matches)
    last = max(1, ceil(results.total / per_page))
    rows = matches.page
    if number is None or number > last:
        number, rows = last, backend.page(parsed, filters, (last - 1) * per_page, per_page)
    hits = build_hits(backend, parsed, rows)
    results.page = Paginator(_Hits(hits, results.total), per_page).page(number)
    return results


def _parse(backend, text, found_words):
    """Expand every word; a word the index does not know is replaced by its closest indexed
    word when there is one (a typo). Returns the query and the corrected text, if corrected."""
    final_words, groups = [], []
    for word in found_words:
        terms, known = backend.expand(word)
        correction = None if known else backend.correct(word)
        if correction:
            word, (terms, _known) = correction, backend.expand(correction)
        final_words.append(word)
        groups.append(terms)
    if final_words == found_words:
        return Query(text, found_words, groups), ""
    corrected = " ".join(final_words)
    return Query(corrected, final_words, groups), corrected


def _count(rows, filters):
    kind = filters.get("kind")
    return sum(row[4] for row in rows if not kind or row[0] == kind)


def _kind_counts(rows):
    counts = dict.fromkeys(Kind.values, 0)
    for row in rows:
        counts[row[0]] += row[4]
    return counts


def _facets(filters, matches):
    from taggit.models import Tag

    from tryouts.models import Status, Track
    from units.models import Unit

    kind = filters.get("kind")
    centres, statuses, tracks = {}, {}, {}
    for row_kind, centre_id, status, track_id, count in matches.facet_rows:
        if kind and row_kind != kind:
            continue
        if centre_id:
            centres[centre_id] = centres.get(centre_id, 0) + count
        if row_kind == Kind.TRYOUT:
            statuses[status] = statuses.get(status, 0) + count
            if track_id:
                tracks[track_id] = tracks.get(track_id, 0) + count
    centre_objects = (
        {u.pk: u for u in Unit.objects.filter(pk__in=centres).only("pk", "name", "slug")} if centres else {}
    )
    track_objects = {t.pk: t for t in Track.objects.filter(pk__in=tracks)} if tracks else {}
    topic_counts = matches.topic_rows
    tags = {t.pk: t for t in Tag.objects.filter(pk__in=[pk for pk, _n in topic_counts])} if topic_counts else {}
    labels = dict(Status.choices)
    return {
        "centre": sorted(
            (FacetValue(pk, u.name, centres[pk], u.slug) for pk, u in centre_objects.items()),
            key=lambda f: (-f.count, f.label),
        ),
        "topic": [FacetValue(pk, tags[pk].name, n, tags[pk].slug) for pk, n in topic_counts if pk in tags],
        "status": [FacetValue(value, labels[value], statuses[value], value) for value in labels if value in statuses],
        "track": sorted(
            (FacetValue(pk, t.name, tracks[pk], t.slug) for pk, t in track_objects.items()),
            key=lambda f: f.label,
        ),
    }


def build_hits(backend, query, rows):
    """Load the page's objects (one query per kind) and mark why each matched."""
    from people.models import Person
    from tryouts.models import Tryout
    from units.models import Unit

    loaders = {
        Kind.PERSON: lambda ids: Person.objects.filter(pk__in=ids).with_units(),
        Kind.UNIT: lambda ids: Unit.objects.filter(pk__in=ids).select_related("parent"),
        Kind.TRYOUT: lambda ids: Tryout.objects.filter(pk__in=ids).select_related("owner_unit", "track"),
    }
    objects = {}
    for kind, load in loaders.items():
        ids = [row.object_id for row in rows if row.kind == kind]
        if ids:
            objects.update({(kind, obj.pk): obj for obj in load(ids)})
    snippets = backend.snippets(query, [row.entry_id for row in rows]) if rows else {}
    hits = []
    for row in rows:
        obj = objects.get((row.kind, row.object_id))
        if obj is None:  # removed since the index was written
            continue
        hits.append(
            Hit(
                kind=row.kind,
                object=obj,
                score=row.score,
                title_html=mark_words(str(obj), query),
                snippet_html=marked_html(snippets.get(row.entry_id, "")),
            )
        )
    return hits


def mark_words(text, query):
    """Escape `text` and wrap the words the query looks for in <mark>."""
    parts = [f"{MARK_START}{w}{MARK_END}" if query.matches_word(w) else w for w in text.split(" ")]
    return marked_html(" ".join(parts))


def marked_html(text):
    """Escaped text with only the highlight sentinels turned into <mark> elements."""
    text = text.replace(LT, "<").replace(GT, ">")
    if MARK_START not in text:
        return escape(text)
    return mark_safe(escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))
