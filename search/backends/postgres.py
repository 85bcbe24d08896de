"""PostgreSQL: a stored weighted tsvector (GIN) with the danish configuration, exact forms with
the simple configuration, pg_trgm over the lexicon for compounds and typos; a partial GIN index
over a sixteenth of the entries and another over a 128th for counting common words, GIN indexes
on the head and name vectors for their best candidates."""

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
from search.query import Option, Query, Term
from search.text import GT, LT


# PostgreSQL's parser reads "<b>" or "<script>…</script>" as markup and drops it: texts pass
# with < and > swapped for sentinels (see text.py), so they are indexed and shown as written.
def plain(column: str) -> str:
    return f"translate({column}, '<>', '{LT}{GT}')"


# A query's tsqueries are written `(SELECT to_tsquery('simple', %s))`: a sub-select is computed
# once per statement, where the function itself would parse its text again for every row.
TSQUERY = "(SELECT to_tsquery('simple', %s))"

# Names, title and the exact forms weigh A, topics B (the head); body text C.
HEAD_SQL = f"""
    setweight(to_tsvector('simple', {plain("t.names || ' ' || e.title || ' ' || e.subtitle")}), 'A')
    || setweight(to_tsvector('danish', {plain("e.title || ' ' || e.subtitle")}), 'A')
    || setweight(to_tsvector('simple', {plain("t.keywords")}), 'B')
    || setweight(to_tsvector('danish', {plain("t.keywords")}), 'B')
"""
BODY = plain("t.body")
TOPIC_CONDITION = "%s = ANY({alias}.topic_ids)"
# The sample indexes (migrations search 0008 and 0009) hold the entries whose id is a multiple of
# Backend.SAMPLE_EVERY (a sixteenth of the index) and of Backend.SPARSE_EVERY (a 128th), drawn evenly
# from every kind, from which a common word's matches are counted and faceted
# (SearchResults.approximate). The condition is written as the index's own, so the planner uses it.


def sampled_sql(every: int) -> str:
    return f"e.id %% {every} = 0"  # %% for the driver's placeholders


NULLS = ", ".join(["NULL"] * 6)


def lexeme(term: Term, weights: str = "") -> str:
    label = ("*" if term.prefix else "") + weights
    return "'{}'{}".format(term.text.replace("'", ""), f":{label}" if label else "")


def clause_sql(options: list[Option], weights: str = "") -> str:
    """Any option; all words of an option; any term of a word."""
    return "(" + " | ".join(
        "(" + " & ".join("(" + " | ".join(lexeme(t, weights) for t in group) + ")" for group in option) + ")"
        for option in options
    ) + ")"  # fmt: skip


def tsquery(query: Query, operator: str = "&", weights: str = "", primary: bool = False) -> str:
    return f" {operator} ".join(clause_sql(c.primary if primary else c.options, weights) for c in query.clauses)


def match(query: Query) -> str:
    """All the clauses (any clause, when nothing matched all of them)."""
    return tsquery(query, "|" if query.any_word else "&")


def head(query: Query) -> str:
    """Any of the words' own forms: whatever may place an entry above the body-only tier."""
    terms = [t for c in query.clauses for option in c.primary for group in option for t in group]
    return " | ".join(dict.fromkeys(lexeme(t) for t in terms))


class PostgresBackend(Backend):
    POSITION = "strpos"

    def insert_vectors(self) -> tuple[str, dict[str, str]]:
        """The vectors as `refresh` computes them, in the entry's INSERT: one row version per
        entry instead of two (the rows of a rebuild are written once)."""
        joins = f"""
            CROSS JOIN LATERAL (
              SELECT {HEAD_SQL} AS head,
                to_tsvector('danish', {BODY}) || to_tsvector('simple', t.mentions) AS body,
                strip(to_tsvector('simple', {plain("t.names || ' ' || e.title")})) AS names
              FROM (SELECT e.names, e.keywords, e.body, e.mentions) t
            ) v"""
        return joins, {"head_vector": "v.head", "vector": "strip(v.head || v.body)", "name_vector": "v.names"}

    def refresh(self, entry_ids: Iterable[int]) -> None:
        # One UPDATE, so each refresh leaves one dead row version behind, not two. Only the
        # head vector keeps positions (its weights tell title from topics): the others are only
        # ever matched, and stripped they make the table a quarter smaller to scan.
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE search_entry SET head_vector = v.head, vector = strip(v.head || v.body),
                  name_vector = v.names
                FROM (
                  SELECT e.id, {HEAD_SQL} AS head,
                    to_tsvector('danish', {BODY}) || to_tsvector('simple', t.mentions) AS body,
                    strip(to_tsvector('simple', {plain("t.names || ' ' || e.title")})) AS names
                  FROM search_entry e JOIN search_text t ON t.entry_id = e.id WHERE e.id = ANY(%s)
                ) v
                WHERE search_entry.id = v.id
                """,
                [list(entry_ids)],
            )

    def add_terms(self, terms: list[tuple[str, str, int]]) -> None:
        """As the base class does, in one short statement: one array per column."""
        if not terms:
            return
        words, keys, kinds = (list(column) for column in zip(*terms, strict=True))
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO search_term (word, key, kinds) "
                "SELECT * FROM unnest(%s::varchar[], %s::varchar[], %s::smallint[]) "
                "ON CONFLICT (word) DO UPDATE SET kinds = search_term.kinds | excluded.kinds",
                [words, keys, kinds],
            )

    def delete(self, entry_ids: Iterable[int]) -> None:
        """Entries carry their own vectors: nothing else to remove."""

    def clear(self) -> None:
        """The vectors go with the entries."""

    def optimise(self) -> None:
        """After a rebuild: write the tables anew without the replaced rows, so a search reads
        only live rows (VACUUM cannot run inside a transaction: there, only ANALYZE and merging
        the GIN indexes' pending entries), and refresh the planner's statistics."""
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (FULL, ANALYZE)"
        with connection.cursor() as cursor:
            for table in ("search_entry", "search_text", "search_term"):
                cursor.execute(f"{command} {table}")
            cursor.execute("ANALYZE search_term")
            # New entries wait in each GIN index's pending list, which every search reads through
            # (a third of a multi-word search's time after a seed); VACUUM merges them, and so does this.
            cursor.execute(
                "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_am am ON am.oid = c.relam WHERE am.amname = 'gin' AND i.indrelid = 'search_entry'::regclass"
            )

    def correction_candidates_sql(self, word: str) -> tuple[str, list]:
        """The five indexed words closest to `word` by trigrams (the trigram index), nearest first."""
        return (
            "SELECT word, kinds FROM search_term WHERE lower(word) %% %s ORDER BY lower(word) <-> %s, word LIMIT 5",
            [word, word],
        )

    def run(self, query: Query, filters: dict, offset: int, limit: int, topics: int) -> Matches:
        """Facet counts with their labels, the top topics and the ranked page in one statement:
        the matches are found once (GIN index), then counted, grouped and ranked from memory;
        only the shown page brings its texts (for its snippets, engine.snippet_of) and what the
        page shows of each hit (shown_objects_sql).

        The query reaches the planner as a sub-select, a value it cannot see: seeing a common
        word's 30 compounds it would guess that a third of the table matches and scan all of it,
        testing every vector (5× slower than the GIN index, which needs no recheck here)."""
        source, params = self._matches(query, filters)
        return self._statement(query, filters, source, params, offset, limit, topics)

    def sampled(self, query: Query, filters: dict, bounds: list[tuple[int, int]]) -> list[int]:
        """Each count stops at its bound (a LIMIT), so a word in half the directory reads no more
        rows of a sample than a rarer one; each sample is read from its own index."""
        counts, params = [], []
        for every, up_to in bounds:
            source, source_params = self._matches(query, filters, every=every)
            counts.append(f"(SELECT count(*) FROM (SELECT 1 FROM ({source}) e WHERE e.coverage >= %s LIMIT %s) n)")
            params += [*source_params, query.min_clauses if query.any_word else len(query.clauses), up_to]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(counts)}", params)
            return list(cursor.fetchone())

    def sample(self, query: Query, filters: dict, topics: int, every: int) -> Matches:
        """One statement over the sample's index alone, which holds the sampled entries."""
        source, params = self._matches(query, filters, every=every)
        return self._statement(query, filters, source, params, 0, 0, topics)

    def best(
        self, query: Query, filters: dict, offset: int, limit: int, candidates: int, every: int
    ) -> tuple[list[Row], int]:
        """The ranked page among the best candidates, and how many candidates were ranked: up to
        `candidates` entries, taken in the order the tiers rank them — those holding every word in
        their names or title, then in their head (title, names, topics), then (several words)
        some in the head and the rest in the body, then (any word may match) each word's own
        matches, then the matches sampled every `every` entries — each group read from its own
        index. Once the groups before it have filled the candidates, a group is not read at all,
        so the GIN index of a common word's head or body is not scanned when names fill the page.
        Only the candidates are ranked: a word in half the directory costs about what a rare one does."""
        extra, params = filter_sql(filters, TOPIC_CONDITION)
        everywhere = tsquery(query, "|" if query.any_word else "&", primary=True)
        groups = [
            (f"e.name_vector @@ {TSQUERY}", [everywhere]),
            (f"e.head_vector @@ {TSQUERY}", [everywhere]),
        ]
        if len(query.clauses) > 1:  # some words in the head, the others in the body
            groups.append((f"e.head_vector @@ {TSQUERY} AND e.vector @@ {TSQUERY}", [head(query), match(query)]))
        if query.any_word:  # a rare word's matches, whatever the common words' do
            groups += [(f"e.vector @@ {TSQUERY}", [clause_sql(clause.options)]) for clause in query.clauses]
        groups.append((f"{sampled_sql(every)} AND e.vector @@ {TSQUERY}", [match(query)]))
        among = candidates_sql(
            [
                (f"SELECT e.id FROM search_entry e WHERE {condition}{extra}", [*condition_params, *params])
                for condition, condition_params in groups
            ],
            candidates,
            "GREATEST",
        )
        source, source_params = self._matches(query, {}, among=among)
        matches = self._statement(query, filters, source, source_params, offset, limit, topics=0, counted=True)
        return matches.page, matches.ranked

    def _matches(self, query, filters, every=None, among=None):
        """(SQL, params) of the matching entries' columns with their coverage: all of them, those
        sampled every `every` entries, or those whose ids `among` (SQL, params) selects."""
        extra, params = filter_sql(filters, TOPIC_CONDITION, skip=("kind",))
        coverage, coverage_params = self._coverage(query)
        found, found_params = (
            (f"e.id IN ({among[0]})", among[1]) if among else (f"e.vector @@ {TSQUERY}", [match(query)])
        )
        sql = f"""
            SELECT e.*, {coverage} AS coverage FROM search_entry e
            WHERE {found}{f" AND {sampled_sql(every)}" if every else ""}{extra}"""
        return sql, [*coverage_params, *found_params, *params]

    def _statement(self, query, filters, source, source_params, offset, limit, topics, counted=False) -> Matches:
        """One statement over the matches `source` selects: their facet counts and top `topics`
        topics (unless `counted`: then how many there are), and the ranked page `offset`,
        `limit` (none for a limit of 0) with its texts and shown objects."""
        kind = filters.get("kind")
        score, score_params = self._score(query)
        if kind:  # the other kinds are only counted, never shown: no need to rank them
            score, score_params = f"CASE WHEN e.kind = %s THEN {score} ELSE 0 END", [kind, *score_params]
        if not limit:
            score, score_params = "0", []
        shown, shown_params = ("WHERE kind = %s", [kind]) if kind else ("", [])
        tables = label_tables()
        shown_fields, shown_joins = shown_objects_sql("json_build_object")
        parts, params = [], []
        if counted:
            parts.append(f"SELECT 'n', NULL, NULL, NULL, NULL, count(*)::float8, {NULLS} FROM m {shown}")
            params += shown_params
        else:
            parts.append(
                f"""SELECT 'f', f.kind, f.centre_id, f.status, f.track_id, f.n::float8,
                  centre.name, centre.slug, track.name, track.slug, NULL::bigint, NULL::text
                  FROM facet f{label_join(tables, "centre", "centre", "f.centre_id")}
                  {label_join(tables, "track", "track", "f.track_id")}"""
            )
        if topics:
            parts.append(
                f"""SELECT 't', NULL, t.id, NULL, NULL, t.n, tag.name, tag.slug, NULL, NULL, NULL, NULL
                  FROM topic t{label_join(tables, "topic", "tag", "t.id")} WHERE tag.id IS NOT NULL"""
            )
        if limit:
            parts.append(
                f"""SELECT 'p', p.kind, p.object_id, NULL, p.id, p.score,
                  t.keywords, {shown_fields}::text, p.place, t.body, p.position, t.sections::text
                  FROM page p LEFT JOIN search_text t ON t.entry_id = p.id{shown_joins}"""
            )
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH m AS MATERIALIZED (
                  SELECT e.id, e.kind, e.object_id, e.centre_id, e.status, e.track_id, e.topic_ids,
                    e.place, {score} AS score
                  FROM ({source}) e
                  WHERE e.coverage >= %s
                ), facet AS (
                  SELECT kind, centre_id, status, track_id, count(*) AS n FROM m
                  GROUP BY kind, centre_id, status, track_id
                ), topic AS (
                  SELECT id, count(*) AS n FROM (SELECT unnest(topic_ids) AS id FROM m {shown}) ids
                  GROUP BY id ORDER BY n DESC, id LIMIT %s
                ), page AS (
                  SELECT id, kind, object_id, score, place,
                    row_number() OVER (ORDER BY score DESC, id) AS position
                  FROM (SELECT * FROM m {shown} ORDER BY score DESC, id LIMIT %s OFFSET %s) ranked
                )
                {" UNION ALL ".join(parts)}
                """,
                [
                    *score_params,
                    *source_params,
                    query.min_clauses if query.any_word else len(query.clauses),
                    *shown_params,
                    topics,
                    *shown_params,
                    limit,
                    offset,
                    *params,
                ],
            )
            rows = cursor.fetchall()
        facets = [FacetRow(*row[1:5], int(row[5]), *row[6:10]) for row in rows if row[0] == "f"]
        topic_rows = sorted(
            (TopicRow(row[2], int(row[5]), row[6], row[7]) for row in rows if row[0] == "t"),
            key=lambda t: (-t.count, t.topic_id),
        )
        page = [
            Row(row[4], row[1], row[2], row[5], (row[6] or "", row[9] or ""), row[7], row[8] or "", row[11])
            for row in sorted((r for r in rows if r[0] == "p"), key=lambda r: r[10])
        ]
        ranked = next((int(row[5]) for row in rows if row[0] == "n"), 0)
        return Matches(facets, topic_rows, page, ranked)

    def page(self, query: Query, filters: dict, offset: int, limit: int) -> list[Row]:
        """Only the ranked page (when the requested page lay beyond the last one)."""
        return self.run(query, filters, offset, limit, topics=0).page

    def _coverage(self, query):
        """How many clauses an entry matches: all of them, unless any may match."""
        if not query.any_word:
            return str(len(query.clauses)), []
        tests = [f"(e.vector @@ {TSQUERY})::int"] * len(query.clauses)
        return " + ".join(tests), [clause_sql(c.options) for c in query.clauses]

    def _score(self, query):
        """The name and title tiers of base.rank_sql (400–650), else all words in the head (title,
        names, topics: 300) or in the body only (200); within a tier, each clause found in the
        title or names (weight A) or topics (B); more clauses first when any may match; current
        things, complete and fresh cards. Cheap per row (no ts_rank), so common words with
        thousands of matches stay fast: most matches of a common word have it in their body
        only, so one test of the small head vector (`head(query)`) decides whether the other
        tiers need testing at all."""
        names, name_params = rank_sql(query, "strpos")
        fields = " + ".join(
            f"CASE WHEN e.head_vector @@ {TSQUERY} THEN 10 WHEN e.head_vector @@ {TSQUERY} THEN 5 ELSE 0 END"
            for _clause in query.clauses
        )
        score = f"""(
            CASE WHEN e.head_vector @@ {TSQUERY} THEN
                COALESCE({names}, CASE WHEN e.head_vector @@ {TSQUERY} THEN 300 ELSE 200 END)
                + {fields}
              ELSE 200 END
            + 1000 * e.coverage + 8 * e.is_current::int + 4 * e.quality)"""
        field_params = [
            param for c in query.clauses for param in (clause_sql(c.primary, "A"), clause_sql(c.primary, "B"))
        ]
        return score, [head(query), *name_params, tsquery(query, primary=True), *field_params]
