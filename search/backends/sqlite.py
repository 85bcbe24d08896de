"""SQLite: an FTS5 table holding each entry's words and their Danish snowball stems.

FTS5 has no Danish stemmer, so stemming happens here on both sides: the index stores every
word's stem next to the word, the query asks for spellings and stems as prefixes.
"""

from collections.abc import Iterable

from django.db import connection

from search.backends.base import (
    Backend,
    FacetRow,
    Matches,
    Row,
    TopicRow,
    candidates_sql,
    filter_sql,
    label_join,
    label_tables,
    rank_sql,
    shown_objects_sql,
)
from search.query import Option, Query
from search.text import STEMMED_STOP_WORDS, stem, words

TOPIC_CONDITION = "EXISTS (SELECT 1 FROM json_each({alias}.topic_ids) WHERE value = %s)"
IN_FTS = "e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"


def with_stems(text: str, keep_words: bool = True) -> str:
    """The words of `text` with their stems; `keep_words=False` (a body): the stems alone, with no
    stop words, as PostgreSQL's 'danish' configuration indexes a body."""
    tokens = []
    for word in words(text):
        if not keep_words and word in STEMMED_STOP_WORDS:
            continue
        root = stem(word)
        if keep_words:
            tokens.append(word)
        if root != word or not keep_words:
            tokens.append(root)
    return " ".join(tokens)


def fts_clause(options: list[Option]) -> str:
    """Any option; all words of an option; any term of a word."""

    def term(t):
        return '"{}"{}'.format(t.text.replace('"', ""), "*" if t.prefix else "")

    return "(" + " OR ".join(
        "(" + " AND ".join("(" + " OR ".join(term(t) for t in group) + ")" for group in option) + ")"
        for option in options
    ) + ")"  # fmt: skip


def fts_query(query: Query, operator: str = "AND", primary: bool = False, columns: str = "") -> str:
    text = f" {operator} ".join(fts_clause(c.primary if primary else c.options) for c in query.clauses)
    return f"{{{columns}}} : ({text})" if columns else text


def match(query: Query) -> str:
    """All the clauses (any clause, when nothing matched all of them)."""
    return fts_query(query, "OR" if query.any_word else "AND")


class SQLiteBackend(Backend):
    POSITION = "instr"

    def refresh(self, entry_ids: Iterable[int]) -> None:
        entry_ids = list(entry_ids)
        self.delete(entry_ids)
        with connection.cursor() as cursor:
            for start in range(0, len(entry_ids), 500):
                chunk = entry_ids[start : start + 500]
                cursor.execute(
                    "SELECT e.id, t.names, e.title, e.subtitle, t.keywords, t.body, t.mentions FROM search_entry e "
                    "JOIN search_text t ON t.entry_id = e.id WHERE e.id IN ({})".format(", ".join(["%s"] * len(chunk))),
                    chunk,
                )
                rows = [
                    (pk, " ".join(words(names)), with_stems(f"{title} {subtitle}"), with_stems(keywords),
                     with_stems(body, keep_words=False) + " " + " ".join(words(mentioned)))
                    for pk, names, title, subtitle, keywords, body, mentioned in cursor.fetchall()
                ]  # fmt: skip
                cursor.executemany(
                    "INSERT INTO search_fts (rowid, names, title, keywords, body) VALUES (%s, %s, %s, %s, %s)", rows
                )

    def delete(self, entry_ids: Iterable[int]) -> None:
        entry_ids = list(entry_ids)
        with connection.cursor() as cursor:
            for start in range(0, len(entry_ids), 500):
                chunk = entry_ids[start : start + 500]
                cursor.execute(
                    "DELETE FROM search_fts WHERE rowid IN ({})".format(", ".join(["%s"] * len(chunk))), chunk
                )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")

    def optimise(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")

    def correction_candidates_sql(self, word: str) -> tuple[str, list]:
        """Words of about the same length that share a letter pair with the typo."""
        pairs = sorted({word[i : i + 2] for i in range(len(word) - 1)})[:12]
        likes = " OR ".join(["word LIKE %s"] * len(pairs)) or "1"
        return (
            f"SELECT word, kinds FROM search_term WHERE length(word) BETWEEN %s AND %s AND ({likes})",
            [len(word) - 2, len(word) + 2, *(f"%{pair}%" for pair in pairs)],
        )

    def run(self, query: Query, filters: dict, offset: int, limit: int, topics: int) -> Matches:
        """Facet counts, top topics and the ranked page (three statements on SQLite)."""
        return Matches(
            self.facet_rows(query, filters),
            self.topic_rows(query, filters, topics) if topics else [],
            self.page(query, filters, offset, limit),
        )

    def sampled(self, query: Query, filters: dict, bounds: list[tuple[int, int]]) -> list[int]:
        counts, params = [], []
        for every, up_to in bounds:
            where, where_params = self._matches(query, filters, skip=("kind",), every=every)
            counts.append(
                "(SELECT count(*) FROM (SELECT 1 FROM search_fts JOIN search_entry e ON e.id = search_fts.rowid "
                f"WHERE {where} LIMIT %s))"
            )
            params += [*where_params, up_to]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(counts)}", params)
            return list(cursor.fetchone())

    def sample(self, query: Query, filters: dict, topics: int, every: int) -> Matches:
        return Matches(
            self.facet_rows(query, filters, every=every),
            self.topic_rows(query, filters, topics, every=every) if topics else [],
            [],
        )

    def best(
        self, query: Query, filters: dict, offset: int, limit: int, candidates: int, every: int
    ) -> tuple[list[Row], int]:
        """As PostgresBackend.best (the same groups in the same order, each read only while the
        candidates are not yet filled), with FTS5 column filters for the names, title and head."""
        operator = "OR" if query.any_word else "AND"
        groups = [
            (fts_query(query, operator, primary=True, columns="names title"), ""),
            (fts_query(query, operator, primary=True, columns="names title keywords"), ""),
        ]
        if len(query.clauses) > 1:  # some words in the head, the others in the body
            head = fts_query(query, "OR", primary=True, columns="names title keywords")
            groups.append((f"({head}) AND ({match(query)})", ""))
        if query.any_word:  # a rare word's matches, whatever the common words' do
            groups += [(fts_clause(clause.options), "") for clause in query.clauses]
        groups.append((match(query), f" AND search_fts.rowid %% {every} = 0"))
        extra, extra_params = filter_sql(filters, TOPIC_CONDITION)
        among, among_params = candidates_sql(
            [
                (
                    "SELECT search_fts.rowid AS id FROM search_fts JOIN search_entry e ON e.id = search_fts.rowid "
                    f"WHERE search_fts MATCH %s{sampled}{extra}",
                    [found, *extra_params],
                )
                for found, sampled in groups
            ],
            candidates,
            "max",
        )
        where, params = self._matches(query, filters)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM search_fts JOIN search_entry e ON e.id = search_fts.rowid "
                f"WHERE {where} AND e.id IN ({among})",
                [*params, *among_params],
            )
            ranked = cursor.fetchone()[0]
        return self.page(query, filters, offset, limit, among=(among, among_params)), ranked

    def _matches(self, query, filters, skip=(), every=None):
        extra, params = filter_sql(filters, TOPIC_CONDITION, skip=skip)
        if every:  # the entries sampled every `every` entries
            extra = f" AND search_fts.rowid %% {every} = 0{extra}"
        coverage, coverage_params = self._coverage(query)
        return (
            f"search_fts MATCH %s{extra} AND {coverage} >= %s",
            [match(query), *params, *coverage_params, query.min_clauses if query.any_word else len(query.clauses)],
        )

    def _coverage(self, query):
        """How many clauses an entry matches: all of them, unless any may match."""
        if not query.any_word:
            return str(len(query.clauses)), []
        tests = [f"(CASE WHEN {IN_FTS} THEN 1 ELSE 0 END)"] * len(query.clauses)
        return "(" + " + ".join(tests) + ")", [fts_clause(c.options) for c in query.clauses]

    def facet_rows(self, query: Query, filters: dict, every: int | None = None) -> list[FacetRow]:
        where, params = self._matches(query, filters, skip=("kind",), every=every)
        tables = label_tables()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT f.kind, f.centre_id, f.status, f.track_id, f.n, centre.name, centre.slug, track.name, "
                "track.slug FROM (SELECT e.kind, e.centre_id, e.status, e.track_id, count(*) AS n FROM search_fts "
                f"JOIN search_entry e ON e.id = search_fts.rowid WHERE {where} "
                "GROUP BY e.kind, e.centre_id, e.status, e.track_id) f"
                f"{label_join(tables, 'centre', 'centre', 'f.centre_id')}"
                f"{label_join(tables, 'track', 'track', 'f.track_id')}",
                params,
            )
            return [FacetRow(*row) for row in cursor.fetchall()]

    def topic_rows(self, query: Query, filters: dict, limit: int, every: int | None = None) -> list[TopicRow]:
        where, params = self._matches(query, filters, every=every)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.id, t.n, tag.name, tag.slug FROM (SELECT topic.value AS id, count(*) AS n FROM search_fts "
                "JOIN search_entry e ON e.id = search_fts.rowid, "
                f"json_each(e.topic_ids) AS topic WHERE {where} "
                "GROUP BY topic.value ORDER BY n DESC, topic.value LIMIT %s) t"
                f"{label_join(label_tables(), 'topic', 'tag', 't.id')} "
                "WHERE tag.id IS NOT NULL ORDER BY t.n DESC, t.id",
                [*params, limit],
            )
            return [TopicRow(*row) for row in cursor.fetchall()]

    def page(self, query: Query, filters: dict, offset: int, limit: int, among=("", [])) -> list[Row]:
        """The ranked page with the texts for its snippets and what it shows of each hit: the
        same tiers and tie-breakers as PostgresBackend._score, FTS5 column filters for the head;
        `among`: (SQL, params) selecting the ids of the only entries to rank."""
        where, params = self._matches(query, filters)
        if among[0]:
            where, params = f"{where} AND e.id IN ({among[0]})", [*params, *among[1]]
        coverage, coverage_params = self._coverage(query)
        names, name_params = rank_sql(query, "instr")
        fields = " + ".join(f"CASE WHEN {IN_FTS} THEN 10 WHEN {IN_FTS} THEN 5 ELSE 0 END" for _clause in query.clauses)
        field_params = [
            param
            for c in query.clauses
            for param in (
                f"{{names title}} : {fts_clause(c.primary)}",
                f"{{keywords}} : {fts_clause(c.primary)}",
            )
        ]
        shown_fields, shown_joins = shown_objects_sql("json_object", alias="ranked")
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT ranked.*, t.keywords, t.body, {shown_fields}, t.sections FROM (
                  SELECT e.id, e.kind, e.object_id, e.place, (
                    COALESCE({names}, CASE WHEN {IN_FTS} THEN 300 ELSE 200 END)
                    + {fields}
                    + 1000 * {coverage} + 8 * e.is_current + 4 * e.quality) AS score
                  FROM search_fts JOIN search_entry e ON e.id = search_fts.rowid WHERE {where}
                  ORDER BY score DESC, e.id LIMIT %s OFFSET %s
                ) ranked LEFT JOIN search_text t ON t.entry_id = ranked.id{shown_joins}
                ORDER BY ranked.score DESC, ranked.id
                """,
                [
                    *name_params,
                    fts_query(query, primary=True, columns="names title keywords"),
                    *field_params,
                    *coverage_params,
                    *params,
                    limit,
                    offset,
                ],
            )
            return [
                Row(pk, kind, object_id, score, (keywords or "", body or ""), shown, place, sections)
                for pk, kind, object_id, place, score, keywords, body, shown, sections in cursor.fetchall()
            ]
