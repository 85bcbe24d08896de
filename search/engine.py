"""One Danish search over people, units and try-outs.

    search(query, kinds=None, filters=None, page=1) -> SearchResults

The backend is chosen by the database vendor (PostgreSQL full-text search or SQLite FTS5);
both follow the same steps: correct a word the index does not know against the lexicon of
indexed words (a typo), expand each word (spellings, stems, compound parts), match all words
(or, when nothing matches all, any word), rank, count facets, and mark why each hit on the
page matched. `kinds` narrows to one kind (people, units or try-outs) when it names one.
"""

import json
import re
from dataclasses import dataclass, field, replace
from math import ceil
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DEFAULT_DB_ALIAS, connection
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from search import cache as result_cache
from search.backends import get_backend
from search.backends.base import Matches, Row
from search.query import Query, parse
from search.registry import FACET_SLOTS, facet, fields_of, search_type, search_types
from search.text import (
    GT,
    LT,
    MARK_END,
    MARK_START,
    clean_query,
    query_words,
    words,
)

PER_PAGE = 20
TOPIC_FACETS = 12
# An approximate search ranks up to this many candidates per hit it shows, taken group by group
# (Backend.best): 300 for a page of 20, 120 for the 8 suggestions as you type.
CANDIDATES_PER_HIT = 15
# The commonest words: when the sparse sample (a 128th of the index) holds this many matches, the
# counts are taken from it (a few per cent off) rather than from the sample (a sixteenth), which
# would hold eight times as many rows to count: about 64,000 matches and more.
SPARSE_ENOUGH = 500


@dataclass
class Hit:
    """One result as the page shows it."""

    kind: str
    object: object
    score: float
    title_html: str
    snippet_html: str
    # The line under the title: a person's unit, a unit's parent, a try-out's owner unit.
    place: str = ""
    # Why it matched, by field: [(label, marked html)] of the one or two labelled fields that
    # hold the query's words not already in the title or the line under it (explain()).
    reasons: list = field(default_factory=list)
    # The place, and the fields the hit shows anyway (a person's job title), with the words marked.
    place_html: str = ""
    shown_html: dict = field(default_factory=dict)


@dataclass
class FacetValue:
    """One value of a facet with its count."""

    value: object
    label: str
    count: int
    slug: str = ""
    href: str = ""  # the search with this value chosen (see facet_groups)
    selected: bool = False


@dataclass
class FacetGroup:
    """One facet as the side panel shows it: its values, and the link that drops its filter."""

    param: str
    title: str
    values: list
    selected: str
    remove_href: str


@dataclass
class SearchResults:
    """What `search()` returns: the hits of one page, counts per kind and the facets."""

    query: str
    truncated: bool = False
    corrected_query: str = ""
    any_word: bool = False
    total: int = 0
    kind_counts: dict = field(default_factory=dict)
    facets: dict = field(default_factory=dict)
    page: object = None
    # Nothing of any kind matched, unfiltered: a search "Søgninger uden resultat" counts.
    missed: bool = False
    # The counts are estimates and only the best `ranked` matches can be paged through: the
    # query matched too many entries to count and rank them all (engine._matches).
    approximate: bool = False
    ranked: int = 0

    @property
    def hits(self) -> list["Hit"]:
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
    # No search has a million pages; a bigger number is "past the end" and must not overflow OFFSET.
    return min(number, 1_000_000) if number >= 1 else None


def search(
    query: str,
    kinds: list[str] | None = None,
    filters: dict | None = None,
    page: object = 1,
    per_page: int = PER_PAGE,
    with_facets: bool = True,
    record_miss: bool = False,
    use_cache: bool = True,
    with_reasons: bool = True,
) -> SearchResults:
    """Search the registered kinds (people, units, try-outs). `filters`: centre, topic, track (ids) and status.
    `record_miss`: count the search in "Søgninger uden resultat" if nothing of any kind matched it
    (the search page does; as-you-type suggestions do not). `use_cache`: look for the results
    among those kept under the index's generation, and keep them (search/cache.py). `with_reasons`:
    mark the words and say by field why each hit matched (the as-you-type suggestions show names only)."""
    text, truncated = clean_query(query)
    filters = dict(filters or {})
    if kinds:
        filters["kind"] = kinds[0] if len(kinds) == 1 else None
    results = SearchResults(query=text, truncated=truncated)
    found_words = query_words(text)
    if not found_words:
        return results
    # The same search under the same index generation gives the same results (search/cache.py).
    generation = result_cache.current_generation() if use_cache else None
    parts = (text, sorted(filters.items(), key=str), str(page), per_page, with_facets, with_reasons)
    cached = result_cache.get(generation, *parts) if use_cache else None
    if cached is not None:
        if record_miss and cached.missed:
            record_search_miss(text)
        return cached
    results, results.missed = _search(results, text, found_words, filters, page, per_page, with_facets, with_reasons)
    if record_miss and results.missed:
        record_search_miss(text)
    if use_cache:
        result_cache.put(generation, *parts, value=results)
    return results


def _search(results, text, found_words, filters, page, per_page, with_facets, with_reasons):
    """The search itself: (results, whether it is a miss for "Søgninger uden resultat")."""
    backend = get_backend()
    parsed, results.corrected_query = _parse(backend, text, found_words)
    number = _page_number(page)
    offset = ((number or 1) - 1) * per_page
    topics = TOPIC_FACETS if with_facets else 0
    matches = run(backend, parsed, filters, offset, per_page, topics, counts=with_facets)
    results.any_word = parsed.any_word
    results.approximate, results.ranked = matches.approximate, matches.ranked
    # Without facets an approximate search is not counted at all (as-you-type suggestions show
    # only the best hits): what it has is the ranked candidates.
    counted = with_facets or not matches.approximate
    results.total = _count(matches.facet_rows, filters) if counted else matches.ranked
    # A search narrowed by a facet that finds nothing is no gap in the directory.
    missed = not matches.approximate and not _count(matches.facet_rows, {})
    missed = missed and not any(filters.get(key) for key in FACET_SLOTS)
    results.kind_counts = _kind_counts(matches.facet_rows)
    if with_facets:
        results.facets = _facets(filters, matches)
    pageable = min(results.total, matches.ranked) if matches.approximate else results.total
    last = max(1, ceil(pageable / per_page))
    rows = matches.page
    if number is None or number > last:
        number, offset = last, (last - 1) * per_page
        if matches.approximate:
            rows = backend.best(parsed, filters, offset, per_page, CANDIDATES_PER_HIT * per_page, matches.every)[0]
        else:
            rows = backend.page(parsed, filters, offset, per_page)
    hits = build_hits(parsed, rows, with_reasons)
    results.page = Paginator(_Hits(hits, pageable), per_page).page(number)
    return results, missed


def run(backend, query: Query, filters: dict, offset: int, per_page: int, topics: int, counts: bool = True) -> Matches:
    """The search statement(s): all the words, or, when nothing matches all, most of them.
    `counts`: count an approximate search's matches (the sample's facets) too."""
    matches = _matches(backend, query, filters, offset, per_page, topics, counts)
    if not matches.approximate and not _count(matches.facet_rows, filters) and len(query.clauses) > 1:
        query.any_word = True
        matches = _matches(backend, query, filters, offset, per_page, topics, counts)
    return matches


def _matches(backend, query, filters, offset, per_page, topics, counts=True) -> Matches:
    """Every match counted and ranked; or, for a query the sample says matches more than
    settings.SEARCH_EXACT_LIMIT entries, the counts estimated from the sample (a sixteenth of
    the index, or for the commonest words the sparse sample, a 128th) and only the best
    candidates ranked (Backend.best), so that a word found in half the directory costs about
    what a rare one does. The page says so (SearchResults.approximate). One short statement
    first counts both samples' matches, each only as far as it needs to."""
    limit = settings.SEARCH_EXACT_LIMIT
    if limit is None:
        return backend.run(query, filters, offset, per_page, topics)
    sparse, sampled = backend.sampled(
        query,
        filters,
        [(backend.SPARSE_EVERY, SPARSE_ENOUGH), (backend.SAMPLE_EVERY, limit // backend.SAMPLE_EVERY + 1)],
    )
    if sampled * backend.SAMPLE_EVERY <= limit:
        return backend.run(query, filters, offset, per_page, topics)
    every = backend.SPARSE_EVERY if sparse >= SPARSE_ENOUGH else backend.SAMPLE_EVERY
    matches = backend.sample(query, filters, topics, every) if counts else Matches([], [], [])
    matches.facet_rows = [replace(row, count=row.count * every) for row in matches.facet_rows]
    matches.topic_rows = [replace(row, count=row.count * every) for row in matches.topic_rows]
    candidates = CANDIDATES_PER_HIT * per_page
    matches.page, matches.ranked = backend.best(query, filters, offset, per_page, candidates, every)
    matches.approximate, matches.every = True, every
    return matches


def _parse(backend, text, found_words):
    """The query (see query.parse) and the corrected text, if a word was a typo."""
    return parse(backend, text, found_words)


def record_search_miss(text: str) -> None:
    """Count a search that found nothing, per month and normalised query (its words, lower-case);
    never who searched."""
    query = " ".join(words(text))[:200]
    if not query:
        return
    month = timezone.localdate().replace(day=1)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO search_miss (month, query, count) VALUES (%s, %s, 1) "
            "ON CONFLICT (month, query) DO UPDATE SET count = search_miss.count + 1",
            [month, query],
        )


def _count(rows, filters):
    kind = filters.get("kind")
    return sum(row.count for row in rows if not kind or row.kind == kind)


def _kind_counts(rows):
    counts = dict.fromkeys(search_types(), 0)
    for row in rows:
        counts[row.kind] = counts.get(row.kind, 0) + row.count
    return counts


def _facets(filters, matches):
    """The facet values with their counts; names and slugs come with the search's rows."""
    kind = filters.get("kind")
    centres, statuses, tracks = {}, {}, {}
    centre, status, track = facet("centre"), facet("status"), facet("track")
    for row in matches.facet_rows:
        if kind and row.kind != kind:
            continue
        if centre and row.centre_id and row.centre_name is not None and centre.counts(row.kind):
            value = centres.setdefault(row.centre_id, FacetValue(row.centre_id, row.centre_name, 0, row.centre_slug))
            value.count += row.count
        if status and row.status and status.counts(row.kind):
            statuses[row.status] = statuses.get(row.status, 0) + row.count
        if track and row.track_id and row.track_name is not None and track.counts(row.kind):
            value = tracks.setdefault(row.track_id, FacetValue(row.track_id, row.track_name, 0, row.track_slug))
            value.count += row.count
    labels = dict(status.choices) if status else {}
    return {
        "centre": sorted(centres.values(), key=lambda f: (-f.count, f.label)),
        "topic": [FacetValue(t.topic_id, t.name, t.count, t.slug) for t in matches.topic_rows],
        "status": [FacetValue(value, labels[value], statuses[value], value) for value in labels if value in statuses],
        "track": sorted(tracks.values(), key=lambda f: f.label),
    }


def facet_groups(facets: dict[str, list[FacetValue]], params: QueryDict) -> list[FacetGroup]:
    """The facets with a link on each value that chooses it, keeping the query and the other
    filters and going back to page 1 (URL parameters `params`, a QueryDict). Built here, not
    with a template tag per value: copying the query string for each of ~30 links cost more
    than the rest of the panel."""
    kept = [(key, value) for key, values in params.lists() if key != "page" for value in values]
    groups = []
    for param in FACET_SLOTS:
        if facet(param) is None:
            continue
        title = facet(param).title
        selected = params.get(param, "")
        values = facets.get(param, [])
        for value in values:
            value.href = query_string(kept, param, str(value.slug))
            value.selected = str(value.slug) == selected
        if values or selected:
            groups.append(FacetGroup(param, title, values, selected, query_string(kept, param, None)))
    return groups


def query_string(pairs: list[tuple[str, str]], key: str, value: str | None) -> str:
    """`pairs` with `key` set to `value` (in its place, or last) or dropped for None."""
    changed, placed = [], value is None
    for name, old in pairs:
        if name != key:
            changed.append((name, old))
        elif not placed:
            changed.append((name, value))
            placed = True
    if not placed:
        changed.append((key, value))
    return f"?{urlencode(changed)}"


def build_hits(query: Query, rows: list[Row], with_reasons: bool = True) -> list[Hit]:
    """The page's hits: their objects as the search statement read them (only the registered
    `shown_fields`; any other field is loaded when asked for) and, `with_reasons`, why each
    matched (the rows bring the texts a snippet is cut from)."""
    hits = []
    for row in rows:
        shown = json.loads(row.shown) if isinstance(row.shown, str) else row.shown
        if not shown or shown["id"] is None or row.kind not in search_types():  # removed since indexed
            continue
        shown_type = search_type(row.kind)
        model = shown_type.model
        values = {model._meta.pk.attname: shown["id"]}
        values.update({name: shown[f"{row.kind}.{name}"] for name in shown_type.shown_fields})
        # from_db takes the values in the model's field order; the others stay deferred.
        names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
        obj = model.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])
        if not with_reasons:
            hits.append(Hit(row.kind, obj, row.score, title_html="", snippet_html="", place=row.place))
            continue
        sections = json.loads(row.sections) if isinstance(row.sections, str) else row.sections
        title, place = _marked(str(obj), query), _marked(row.place, query)
        reasons, shown_html, explained = explain(query, fields_of(row.kind), sections or {}, [title, place])
        hits.append(
            Hit(
                kind=row.kind,
                object=obj,
                score=row.score,
                title_html=_html(title.tokens),
                # The joined texts only when no field says why (and the title does not either).
                snippet_html="" if reasons or explained else marked_html(snippet_of(*row.texts, query)),
                place=row.place,
                reasons=reasons,
                place_html=_html(place.tokens),
                shown_html=shown_html,
            )
        )
    return hits


# --- why a hit matched ----------------------------------------------------------------------------

MAX_REASONS = 2
# A long text shows this many words around its first match (and around a later one that matches
# another word of the query), with "…" where it is cut.
REASON_WORDS = 14
WORDS_BEFORE = 4
_WORD_RUN = re.compile(r"[^\W_]+")


@dataclass
class Marked:
    """A text split at its spaces, each piece with the sentinels around the words the query
    looks for, and which of the query's clauses each piece matches."""

    tokens: list[str]
    clauses: list[frozenset]

    @property
    def found(self) -> frozenset:
        return frozenset().union(*self.clauses)


def _marked(text: str, query: Query) -> Marked:
    tokens, clauses = [], []
    for token in _words_and_line_breaks(text):
        found, pieces, last = frozenset(), [], 0
        for match in _WORD_RUN.finditer(token):
            matched = query.clauses_of(match.group().lower())
            if matched:
                found |= matched
                pieces += [token[last : match.start()], MARK_START, match.group(), MARK_END]
                last = match.end()
        tokens.append("".join([*pieces, token[last:]]) if found else token)
        clauses.append(found)
    return Marked(tokens, clauses)


# A visitkort's lines ("Gode råd om klare breve\nHjælp til borgere …") joined by spaces read as
# one sentence ("breve Hjælp til"): a line that does not end a sentence is parted by " · ".
LINE_BREAK = "·"
_LINE_ENDS = (".", ",", ";", ":", "!", "?", "…", LINE_BREAK)


def _words_and_line_breaks(text: str) -> list[str]:
    words = []
    for line in (text or "").splitlines():
        line_words = line.split()
        if words and line_words and not words[-1].endswith(_LINE_ENDS):
            words[-1] = f"{words[-1]} {LINE_BREAK}"
        words += line_words
    return words


def _html(tokens: list[str]) -> str:
    return marked_html(" ".join(tokens))


def explain(query: Query, fields: list, sections: dict, shown: list[Marked]) -> tuple[list, dict, bool]:
    """Why a hit matched: ([(label, html)] of at most two labelled fields, {key: html} of the
    fields the hit shows anyway, whether the title and the shown fields hold every clause).

    The clauses in the title or the line under it need no reason; of the fields holding the
    others, the one holding most of them comes first (the earlier declared among equals), then
    one more if some clause is still unexplained. A field is marked by the same notion of a
    match as the search: spellings, stems, prefixes, compounds, a corrected typo. Only the
    fields that may be chosen are marked word by word (Query.may_match tells which may match)."""
    covered = set().union(*(marked.found for marked in shown))
    shown_html, candidates = {}, []
    for order, found_field in enumerate(fields):
        text = sections.get(found_field.key)
        likely = query.may_match(text) if text else frozenset()
        if not likely:
            continue
        if found_field.shown:
            marked = _marked(text, query)
            if marked.found:
                covered |= marked.found
                shown_html[found_field.key] = _html(marked.tokens)
        else:
            candidates.append([order, found_field, text, likely, None])
    wanted = set(range(len(query.clauses))) - covered
    reasons = []
    while wanted and candidates and len(reasons) < MAX_REASONS:
        best = max(candidates, key=lambda c: (len(c[3] & wanted), -c[0]))
        if not best[3] & wanted:
            break
        if best[4] is None:  # marked only now: what it really matches may be less than likely
            best[4] = _marked(best[2], query)
            best[3] = best[4].found
            continue
        reasons.append((best[1].label, _excerpt(best[4], wanted)))
        wanted -= best[3]
        candidates.remove(best)
    return reasons, shown_html, not wanted and not reasons and bool(covered)


def _excerpt(marked: Marked, wanted: set) -> str:
    """The field's marked text, or for a long one the words around its first match of a
    `wanted` clause and around the first match of one that window misses (two fragments at
    most), "…" where cut."""
    tokens, count = marked.tokens, len(marked.tokens)
    if count <= REASON_WORDS:
        return _html(tokens)
    windows, missing = [], set(wanted) & marked.found
    for position, clauses in enumerate(marked.clauses):
        if not clauses & missing or any(start <= position < end for start, end in windows):
            continue
        end = min(count, max(0, position - WORDS_BEFORE) + REASON_WORDS)
        windows.append((max(0, end - REASON_WORDS), end))
        missing -= set().union(*marked.clauses[windows[-1][0] : end])
        if len(windows) == 2 or not missing:
            break
    pieces, shown_to = [], 0
    windows = sorted(windows)
    for number, (start, end) in enumerate(windows):
        start = max(start, shown_to)
        if start > shown_to:
            pieces.append("…")
        if number + 1 == len(windows) or windows[number + 1][0] > end:
            end = _sentence_end(marked, start, end)
        pieces += tokens[start:end]
        shown_to = end
    if shown_to < count:
        pieces.append("…")
    # A cut after a line's last word: "… hjemmesidetekster …", not "… hjemmesidetekster · …".
    pieces = [
        piece.removesuffix(f" {LINE_BREAK}") if following == "…" else piece
        for piece, following in zip(pieces, [*pieces[1:], "…"], strict=True)
    ]
    return _html(pieces)


# A cut a few words into the next sentence leaves a stray fragment ("… travlhed. Små …"): the
# window ends with the sentence instead when that drops at most this many unmarked words.
STRAY_WORDS = 3
_SENTENCE_ENDS = (".", "!", "?")


def _sentence_end(marked: Marked, start: int, end: int) -> int:
    if end >= len(marked.tokens):
        return end
    for last in range(end - 1, max(start, end - 1 - STRAY_WORDS) - 1, -1):
        if marked.tokens[last].endswith(_SENTENCE_ENDS):
            return end if any(marked.clauses[last + 1 : end]) else last + 1
    return end


def mark_words(text: str, query: Query) -> str:
    """Escape `text` and wrap the words the query looks for in <mark>."""
    return _html(_marked(text, query).tokens)


SNIPPET_WORDS = 24


def snippet_of(keywords: str, body: str, query: Query) -> str:
    """The joined snippet of a hit no labelled field explains: a window of its topics and body
    text around the first word the query looks for, those words marked, "…" where cut."""
    text = " · ".join(filter(None, [keywords, body]))
    tokens = text.split()
    # A text none of whose words can match (a hit found by its name alone) is not read word by word.
    first = next((i for i, token in enumerate(tokens) if query.matches_word(token)), 0) if query.may_match(text) else 0
    start = max(0, first - 8)
    window = tokens[start : start + SNIPPET_WORDS]
    marked = [f"{MARK_START}{t}{MARK_END}" if query.matches_word(t) else t for t in window]
    return ("… " if start else "") + " ".join(marked) + (" …" if start + SNIPPET_WORDS < len(tokens) else "")


def marked_html(text: str) -> str:
    """Escaped text with only the highlight sentinels turned into <mark> elements."""
    text = text.replace(LT, "<").replace(GT, ">")
    if MARK_START not in text:
        return escape(text)
    return mark_safe(escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))
