"""What both backends share: the interface, expanding query words, filters as SQL, the
facet labels and shown fields as SQL from the registry, and the result rows."""

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from search.query import Lexicon, closest, lexicon_candidates
from search.registry import FACET_SLOTS, facet, search_types
from search.text import allowed_edits, one_edit

LEXICON_LIMIT = 200  # lexicon words read per query word
TRIGRAM_CANDIDATES = 5


@dataclass
class Row:
    """A hit of the shown page."""

    entry_id: int
    kind: str
    object_id: int
    score: float
    # The entry's topics and body text, for the joined snippet when no labelled field says why
    # it matched (engine.snippet_of).
    texts: tuple[str, str] = ("", "")
    shown: str | dict = ""  # the shown object's fields as JSON (see shown_objects_sql)
    place: str = ""
    sections: str | dict | None = None  # the entry's labelled texts (SearchText.sections), JSON


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
    and the ranked rows of the requested page with their texts."""

    facet_rows: list[FacetRow]
    topic_rows: list[TopicRow]
    page: list[Row]
    # An approximate search (engine._matches): its counts are estimates from the entries sampled
    # every `every` entries, and only the best `ranked` candidates were ranked and can be paged through.
    ranked: int = 0
    approximate: bool = False
    every: int = 0


class Backend(ABC):
    """One database's full-text search. The engine (engine.py) parses and corrects the query;
    a backend stores vectors for index entries and runs the search statement."""

    @abstractmethod
    def refresh(self, entry_ids: Iterable[int]) -> None:
        """Write the full-text data of these entries afresh from their SearchText."""

    def insert_vectors(self) -> tuple[str, dict[str, str]] | None:
        """(SQL joins, {column: expression}) that compute the entry's full-text columns inside
        the INSERT of its row, from the row (alias e) and its texts (e.names, e.keywords, e.body,
        e.mentions): then `refresh` is not needed after storing. None: store, then refresh."""
        return None

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
        """SQL selecting (word, kinds) of indexed words that may be what a long `word` with two
        slips was meant to be."""

    @abstractmethod
    def run(self, query, filters: dict, offset: int, limit: int, topics: int) -> Matches:
        """Facet counts, the top `topics` topics and the ranked page of the matches."""

    @abstractmethod
    def page(self, query, filters: dict, offset: int, limit: int) -> list[Row]:
        """Only the ranked page."""

    # Every this-many-th entry (by id) is in the sample a common word's matches are counted from;
    # every SPARSE_EVERY-th (a part of the sample) in the sparse sample, for the commonest words.
    SAMPLE_EVERY = 16
    SPARSE_EVERY = 128

    @abstractmethod
    def sampled(self, query, filters: dict, bounds: list[tuple[int, int]]) -> list[int]:
        """For each (every, up_to) of `bounds`, how many of the entries whose id is a multiple of
        `every` match, counted no further than `up_to`: in one statement, however common the words."""

    @abstractmethod
    def sample(self, query, filters: dict, topics: int, every: int) -> Matches:
        """Facet counts and the top `topics` topics of the matches among the entries whose id is a
        multiple of `every` (SAMPLE_EVERY or SPARSE_EVERY)."""

    @abstractmethod
    def best(self, query, filters: dict, offset: int, limit: int, candidates: int, every: int) -> tuple[list[Row], int]:
        """The ranked page among the best `candidates` of a common word's matches, taken group by
        group in the order the tiers rank them (every word in the names or title, in the head,
        …, the matches sampled every `every` entries), and how many were ranked."""

    # The test that an indexed (lower-case) word contains a string: no LIKE, whose % and _ the
    # string would have to escape, and no trigram index: the lexicon is small enough to read.
    POSITION = "instr"

    def lexicon(self, query_words: list[str], all_words: list[str]) -> Lexicon:
        """What the index knows of the query's words, in one statement: the indexed words that
        are a word's spellings or parts, share its key (name_key) or hold its stem, and the
        synonym groups holding any word of the query (`all_words`, stop words included)."""
        exact, keys, roots = set(), set(), set()
        for word in query_words:
            word_exact, word_keys, word_roots = lexicon_candidates(word)
            exact.update(word_exact)
            keys.update(word_keys)
            roots.update(word_roots)
        exact, keys, roots = sorted(exact), sorted(keys), sorted(roots)
        contains = "".join(f" OR {self.POSITION}(word, %s) > 0" for _root in roots)
        synonyms = " OR ".join([f"{self.POSITION}(match_text, %s) > 0"] * len(all_words)) or "false"
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT 'w', word, kinds FROM (
                  SELECT word, kinds FROM search_term WHERE word IN ({", ".join(["%s"] * len(exact)) or "''"})
                    OR key IN ({", ".join(["%s"] * len(keys)) or "''"}){contains}
                  ORDER BY length(word), word LIMIT %s) lexicon
                UNION ALL
                SELECT 's', match_text, 0 FROM search_synonym WHERE {synonyms}
                """,
                [*exact, *keys, *roots, LEXICON_LIMIT * max(1, len(query_words)), *(f" {w} " for w in all_words)],
            )
            rows = cursor.fetchall()
        kinds = {word: kind for source, word, kind in rows if source == "w"}
        groups = [[p.split() for p in text.split("|") if p.strip()] for source, text, _k in rows if source == "s"]
        return Lexicon(kinds, groups)

    def add_terms(self, terms: list[tuple[str, str, int]]) -> None:
        """Add (word, key, kinds) to the lexicon; a word already there gains the new kinds."""
        with connection.cursor() as cursor:
            for start in range(0, len(terms), 500):
                chunk = terms[start : start + 500]
                cursor.execute(
                    "INSERT INTO search_term (word, key, kinds) VALUES "
                    + ", ".join(["(%s, %s, %s)"] * len(chunk))
                    + " ON CONFLICT (word) DO UPDATE SET kinds = search_term.kinds | excluded.kinds",
                    [value for term in chunk for value in term],
                )

    def correct_all(self, words: list[str]) -> dict[str, str | None]:
        """{word: the indexed word it was meant to be (a typo's correction) or None}, in one
        statement: every word one edit away, and for long words (two edits allowed) the
        indexed words that share most trigrams with it."""
        selects, params = [], []
        for number, word in enumerate(words):
            if not allowed_edits(word):
                continue
            neighbours = sorted(one_edit(word))
            values = ", ".join(["%s"] * len(neighbours))
            selects.append(f"SELECT {number} AS n, word, kinds FROM search_term WHERE word IN ({values})")
            params += neighbours
            if allowed_edits(word) > 1:
                sql, word_params = self.correction_candidates_sql(word)
                selects.append(f"SELECT {number} AS n, word, kinds FROM ({sql}) c{number}")
                params += word_params
        candidates = [[] for _word in words]
        if selects:
            with connection.cursor() as cursor:
                cursor.execute(" UNION ALL ".join(selects), params)
                for number, candidate, kinds in cursor.fetchall():
                    candidates[number].append((candidate, kinds))
        return {word: closest(word, found) for word, found in zip(words, candidates, strict=True)}


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


def rank_sql(query, position: str) -> tuple[str, list]:
    """(SQL, params) of a hit's name tier plus 50 × completeness, or NULL without a name tier:
    how a hit matches the query by name, in SQL both databases run alike (`position` is their
    strpos/instr), over the entry's name keys (search_entry.name_keys):
      650  the whole name or title, exactly ("mette hansen", "hansen mette", "Demensteamet")
      500  every word exactly one of a person's names ("lars" → Lars Jensen, not Larsen)
      400  every word begins one of a person's names ("holm" → Holmgaard)
      350  every word's stem begins a word of a title ("biblioteket" → Faxe Bibliotekerne)
      NULL otherwise (the backend then tells head from body)
    and, for these tiers, how much of the name or title the query covers (0–1): "Anne" is all of
    Anne Svendsen's first name and half of Anne Marie Jensen's."""
    keys, title_keys = query.name_keys, query.title_keys
    if not keys:
        return "NULL", []

    def tests(values, pattern):
        return [f"{position}(e.name_keys, %s) > 0"] * len(values), [pattern.format(v) for v in values]

    exact, exact_params = tests(keys, " {} ")
    prefix, prefix_params = tests(keys, " {}")
    title, title_params = tests(title_keys, " {}")

    def count(found):
        return " + ".join(f"CASE WHEN {test} THEN 1 ELSE 0 END" for test in found)

    # Completeness only where a tier holds (most matches have none: no need to count for them).
    names = f"50.0 * ({count(prefix)}) / e.name_size"
    titles = f"50.0 * ({count(title)}) / e.name_size"
    sql = (
        f"CASE WHEN {' AND '.join(exact)} AND e.name_size = {len(keys)} THEN 650 "
        f"WHEN e.has_names AND {' AND '.join(exact)} THEN 500 + {names} "
        f"WHEN e.has_names AND {' AND '.join(prefix)} THEN 400 + {names} "
        f"WHEN NOT e.has_names AND {' AND '.join(title)} THEN 350 + {titles} END"
    )
    params = [*exact_params, *exact_params, *prefix_params, *prefix_params, *prefix_params]
    return sql, [*params, *title_params, *title_params]


def candidates_sql(groups: list[tuple[str, list]], candidates: int, greatest: str) -> tuple[str, list]:
    """(SQL, params) selecting the ids of up to `candidates` entries from `groups`, a list of
    (SELECT of ids without its LIMIT, params) in the order they are wanted: each group takes
    what the groups before it left, and a group left nothing is not read at all (a LIMIT of 0
    never starts its scan). `greatest` is the database's two-argument maximum."""
    ctes, params = [], []
    for number, (select, select_params) in enumerate(groups):
        taken = "".join(f" - (SELECT count(*) FROM g{before})" for before in range(number))
        ctes.append(f"g{number} AS MATERIALIZED ({select} LIMIT {greatest}(%s{taken}, 0))")
        params += [*select_params, candidates]
    return f"WITH {', '.join(ctes)} " + " UNION ".join(f"SELECT id FROM g{n}" for n in range(len(groups))), params


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
