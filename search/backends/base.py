"""What both backends share: the interface, expanding query words, filters as SQL, the
facet labels and shown fields as SQL from the registry, and the result rows."""

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from search.query import Term
from search.registry import FACET_SLOTS, facet, search_types
from search.text import similarity, spelling_variants, stem

MIN_PART = 5  # shortest compound part worth matching ("pleje" in "ældrepleje")
MAX_EXPANSIONS = 40
MIN_SIMILARITY = 0.5
LEXICON_LIMIT = MAX_EXPANSIONS * 5  # lexicon words considered per query word


@dataclass
class Row:
    """A hit of the shown page."""

    entry_id: int
    kind: str
    object_id: int
    score: float
    snippet: str = ""  # the texts around the matching words, with MARK_START/MARK_END sentinels
    shown: str | dict = ""  # the shown object's fields as JSON (see shown_objects_sql)
    place: str = ""


@dataclass(frozen=True)
class FacetRow:
    """How many matches of one kind share one combination of centre, status and track, with
    the labels of the centre and the track (None when the labelled row is gone)."""

    kind: str
    centre_id: int | None
    status: str
    track_id: int | None
    count: int
    centre_name: str | None = None
    centre_slug: str | None = None
    track_name: str | None = None
    track_slug: str | None = None


@dataclass(frozen=True)
class TopicRow:
    """A topic among the matches, with how many carry it."""

    topic_id: int
    count: int
    name: str
    slug: str


@dataclass
class Matches:
    """What one search found: facet counts over all kinds, the top topics within the filters,
    and the ranked rows of the requested page with their snippets."""

    facet_rows: list[FacetRow]
    topic_rows: list[TopicRow]
    page: list[Row]


class Backend(ABC):
    """One database's full-text search. The engine (engine.py) parses and corrects the query;
    a backend stores vectors for index entries and runs the search statement."""

    @abstractmethod
    def refresh(self, entry_ids: Iterable[int]) -> None:
        """Write the full-text data of these entries afresh from their SearchText."""

    @abstractmethod
    def delete(self, entry_ids: Iterable[int]) -> None:
        """Forget the full-text data of these entries (they are being deleted)."""

    @abstractmethod
    def clear(self) -> None:
        """Forget all full-text data (before a rebuild)."""

    @abstractmethod
    def optimise(self) -> None:
        """Tidy up after a rebuild."""

    @abstractmethod
    def correction_candidates_sql(self, word: str) -> tuple[str, list]:
        """SQL selecting (word, rank) of indexed words that may be what `word` was meant to be."""

    @abstractmethod
    def run(self, query, filters: dict, offset: int, limit: int, topics: int) -> Matches:
        """Facet counts, the top `topics` topics and the ranked page of the matches."""

    @abstractmethod
    def page(self, query, filters: dict, offset: int, limit: int) -> list[Row]:
        """Only the ranked page."""

    def expand_all(self, words: list[str]) -> dict[str, tuple[list[Term], bool]]:
        """{word: (terms, known)} for the query words, with one query for all of them. Terms: a
        word's spellings and stems as prefixes, and the indexed compound words that contain it
        or that it is built from. Known: the index has the word or an inflection of it."""
        variants = {word: spelling_variants(word) for word in words}
        found = self.lexicon_words(list(variants.values()))
        expanded = {}
        for (word, word_variants), lexicon in zip(variants.items(), found, strict=True):
            terms = []
            for variant in word_variants:
                # Numbers match whole ("17" is not "170"); a single letter only as an initial.
                terms.append(Term(variant, prefix=not variant.isdigit() and len(variant) > 1))
                root = stem(variant)
                if root != variant:
                    # Short stems ("demens" → "dem") would match too much as prefixes.
                    terms.append(Term(root, prefix=len(root) >= MIN_PART))
            compounds, known = compounds_in(word_variants, lexicon)
            for compound in compounds:
                root = stem(compound)
                if compound.startswith(root):
                    # The stem as a prefix finds the compound and all its inflections in one
                    # term ("dagplej*": dagpleje, dagplejen, dagplejer): a common word's thirty
                    # compound forms made the index look-up the costliest part of its search.
                    terms.append(Term(root, prefix=True, compound=True))
                else:
                    terms += [Term(compound, compound=True), Term(root, compound=True)]
            expanded[word] = (uncovered(terms), known)
        return expanded

    # The test that an indexed (lower-case) word contains a string: no LIKE, whose % and _ the
    # string would have to escape, and no trigram index: the lexicon is small enough to read.
    CONTAINS = "instr(word, %s) > 0"

    def lexicon_words(self, variant_lists: list[list[str]]) -> list[list[str]]:
        """For each word (given as its spelling variants), the indexed words that may be its
        compounds or its parts, shortest first: one read of the lexicon for all words."""
        patterns = [lexicon_patterns(variants) for variants in variant_lists]
        roots = sorted({root for word_roots, _parts, _candidates in patterns for root in word_roots})
        candidates = sorted({c for _roots, _parts, word_candidates in patterns for c in word_candidates})
        contains = "".join(f" OR {self.CONTAINS}" for _root in roots)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT word FROM search_term WHERE word IN ({', '.join(['%s'] * len(candidates))}){contains}",
                [*candidates, *roots],
            )
            found = sorted((w for (w,) in cursor.fetchall()), key=lambda w: (len(w), w))
        per_word = []
        for word_roots, _parts, word_candidates in patterns:
            wanted = set(word_candidates)
            per_word.append([w for w in found if w in wanted or any(r in w for r in word_roots)][:LEXICON_LIMIT])
        return per_word

    def correct_all(self, words: list[str]) -> dict[str, str | None]:
        """{word: the indexed word most like it (a typo's correction) or None}, one query."""
        selects, params = [], []
        for number, word in enumerate(words):
            sql, word_params = self.correction_candidates_sql(word)
            selects.append(f"SELECT {number} AS n, word, rank FROM ({sql}) c{number}")
            params += word_params
        candidates = [[] for _word in words]
        if selects:
            with connection.cursor() as cursor:
                cursor.execute(" UNION ALL ".join(selects), params)
                for number, candidate, rank in cursor.fetchall():
                    candidates[number].append((rank, candidate))
        return {word: closest(word, found) for word, found in zip(words, candidates, strict=True)}


def closest(word: str, candidates: list[tuple[float, str]]) -> str | None:
    """The most similar of the (rank, word) candidates, the first by rank among equals."""
    best, best_score = None, 0.0
    for _rank, candidate in sorted(candidates):
        score = similarity(word, candidate)
        if score > best_score and candidate != word:
            best, best_score = candidate, score
    return best if best_score >= MIN_SIMILARITY else None


def uncovered(terms: list[Term]) -> list[Term]:
    """The terms without repeats and without those a prefix term already finds ("sygeplejersk*"
    or "dagplej" beside "dagplej*"); of two equal terms the first (the word's own) stays, and
    the word's own terms stay (they rank above compounds)."""
    kept = {}
    for term in terms:
        kept.setdefault((term.text, term.prefix), term)
    prefixes = [term for term in kept.values() if term.prefix]

    def covered(term):
        return any(
            term.text.startswith(p.text)
            and (term.text != p.text or not term.prefix)
            and (term.compound or not p.compound)
            for p in prefixes
        )

    return [term for term in kept.values() if not covered(term)]


def lexicon_patterns(variants: list[str]) -> tuple[list[str], set[str], list[str]]:
    """(stems to look for inside indexed words, the word's possible parts, both with its spellings)."""
    roots = sorted({stem(v) for v in variants if len(stem(v)) >= 4})
    parts = set()
    for variant in variants:
        parts |= {variant[:i] for i in range(MIN_PART, len(variant))}
        parts |= {variant[i:] for i in range(1, len(variant) - MIN_PART + 1)}
    return roots, parts, sorted(parts | set(variants))


def compounds_in(variants: list[str], found: list[str]) -> tuple[list[str], bool]:
    """Indexed compounds containing the word ("inddragelse" → "borgerinddragelse"); for a word
    the index does not know, also the indexed words it is built from
    ("rehabiliteringsforløbet" → "rehabilitering"). `found`: the lexicon_words of the word.
    Returns (compounds, known)."""
    roots, parts, _candidates = lexicon_patterns(variants)
    # A compound has a first part of its own before the word ("ældre|pleje"): "johansen" is
    # no compound of "hansen".
    compounds = [w for w in found if w not in variants and any(w.find(root) >= 3 for root in roots)]
    # Known: the index has the word, words it begins (as typed so far), an inflection of it
    # ("borgerinddragelsen" → "borgerinddragelse") or compounds holding it. Unknown words
    # are typos (corrected) or compounds of indexed words ("rehabiliteringsforløbet").
    long_roots = tuple(root for root in roots if len(root) >= MIN_PART)
    typed = tuple(v for v in variants if len(v) >= 3)
    known = bool(compounds) or any(w.startswith(typed) or (long_roots and w.startswith(long_roots)) for w in found)
    if not known:
        compounds += [w for w in found if w in parts]
    return compounds[:MAX_EXPANSIONS], known or word_is_number(variants[0])


def label_tables() -> dict[str, str | None]:
    """{facet slot: table} of the models that label the facets' ids (their `name` and `slug`),
    joined in by the search statements so a page needs no query per facet; None where no
    app labels a slot (the statement then joins nothing)."""
    tables = {}
    for slot in FACET_SLOTS:
        found = facet(slot)
        tables[slot] = found.label_model._meta.db_table if found and found.label_model else None
    return tables


def label_join(tables: dict[str, str | None], slot: str, alias: str, on: str) -> str:
    """A LEFT JOIN of the slot's label table as `alias`, or a row of NULLs where none is registered."""
    if tables.get(slot):
        return f" LEFT JOIN {tables[slot]} {alias} ON {alias}.id = {on}"
    return f" LEFT JOIN (SELECT NULL AS id, NULL AS name, NULL AS slug) {alias} ON false"


def shown_objects_sql(json_object: str, alias: str = "p") -> tuple[str, str]:
    """(expression, joins) that read the shown objects of the page rows `alias` (kind,
    object_id) in the search statement itself, as one JSON object per row: each registered
    kind's `shown_fields` and their id (null for an object deleted since it was indexed).
    Saves a query per kind of hit; `json_object` is the database's function building a JSON
    object."""
    types = search_types()
    joins = "".join(
        f" LEFT JOIN {t.model._meta.db_table} shown_{kind}"
        f" ON {alias}.kind = '{kind}' AND shown_{kind}.{t.model._meta.pk.column} = {alias}.object_id"
        for kind, t in types.items()
    )
    ids = ", ".join(f"shown_{kind}.{t.model._meta.pk.column}" for kind, t in types.items()) or "NULL"
    pairs = ["'id'", f"COALESCE({ids}, NULL)"]
    for kind, t in types.items():
        for name in t.shown_fields:
            pairs += [f"'{kind}.{name}'", f"shown_{kind}.{t.model._meta.get_field(name).column}"]
    return f"{json_object}({', '.join(pairs)})", joins


def word_is_number(word: str) -> bool:
    return word.isdigit()


def filter_sql(filters: dict, topic_condition: str, alias: str = "e", skip: tuple = ()) -> tuple[str, list]:
    """WHERE fragments and params for the facet filters (kind, centre, topic, status, track);
    `topic_condition` is the backend's test that {alias}'s topic_ids hold the id %s."""
    clauses, params = [], []
    for key, column in (("kind", "kind"), ("centre", "centre_id"), ("status", "status"), ("track", "track_id")):
        value = filters.get(key)
        if value not in (None, "") and key not in skip:
            clauses.append(f"{alias}.{column} = %s")
            params.append(value)
    if filters.get("topic") and "topic" not in skip:
        clauses.append(topic_condition.format(alias=alias))
        params.append(filters["topic"])
    return "".join(f" AND {clause}" for clause in clauses), params
