"""PostgreSQL: a stored weighted tsvector (GIN) with the danish configuration, exact forms with
the simple configuration, pg_trgm over the lexicon for compounds and typos, ts_headline."""

from django.db import connection

from faxe_directory.search.backends.base import Backend, Matches, Row, filter_sql
from faxe_directory.search.text import GT, LT, MARK_END, MARK_START


# PostgreSQL's parser reads "<b>" or "<script>…</script>" as markup and drops it: texts pass
# with < and > swapped for sentinels (see text.py), so they are indexed and shown as written.
def plain(column):
    return f"translate({column}, '<>', '{LT}{GT}')"


# Names, title and the exact forms weigh A, topics B (the head); body text C.
HEAD_SQL = f"""
    setweight(to_tsvector('simple', {plain("t.names || ' ' || e.title || ' ' || e.subtitle")}), 'A')
    || setweight(to_tsvector('danish', {plain("e.title || ' ' || e.subtitle")}), 'A')
    || setweight(to_tsvector('simple', {plain("t.keywords")}), 'B')
    || setweight(to_tsvector('danish', {plain("t.keywords")}), 'B')
"""
BODY = plain("t.body")
SNIPPET_SOURCE = plain("concat_ws(' · ', nullif(t.keywords, ''), t.body)")
TOPIC_CONDITION = "%s = ANY({alias}.topic_ids)"
HEADLINE_OPTIONS = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=24, MinWords=10, MaxFragments=2"


def tsquery(groups, operator="&", weights=""):
    def lexeme(term):
        label = ("*" if term.prefix else "") + weights
        return "'{}'{}".format(term.text.replace("'", ""), f":{label}" if label else "")

    return f" {operator} ".join("(" + " | ".join(lexeme(t) for t in group) + ")" for group in groups)


class PostgresBackend(Backend):
    def refresh(self, entry_ids):
        # One UPDATE, so each refresh leaves one dead row version behind, not two.
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE search_entry SET head_vector = v.head, vector = v.head || v.body,
                  name_vector = v.names
                FROM (
                  SELECT e.id, {HEAD_SQL} AS head, setweight(to_tsvector('danish', {BODY}), 'C') AS body,
                    to_tsvector('simple', {plain("t.names || ' ' || e.title")}) AS names
                  FROM search_entry e JOIN search_text t ON t.entry_id = e.id WHERE e.id = ANY(%s)
                ) v
                WHERE search_entry.id = v.id
                """,
                [list(entry_ids)],
            )

    def delete(self, entry_ids):
        """Entries carry their own vectors: nothing else to remove."""

    def clear(self):
        """The vectors go with the entries."""

    def optimise(self):
        """After a rebuild: write the tables anew without the replaced rows, so a search reads
        only live rows (VACUUM cannot run inside a transaction: there, only ANALYZE), and
        refresh the planner's statistics."""
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (FULL, ANALYZE)"
        with connection.cursor() as cursor:
            for table in ("search_entry", "search_text", "search_term"):
                cursor.execute(f"{command} {table}")
            cursor.execute("ANALYZE search_term")

    def correction_candidates(self, word):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM search_term WHERE lower(word) %% %s ORDER BY lower(word) <-> %s, word LIMIT 5",
                [word, word],
            )
            return [w for (w,) in cursor.fetchall()]

    def run(self, query, filters, offset, limit, topics):
        """Facet counts, the top topics and the ranked page in one statement: the matches are
        found once (GIN index) and counted, joined and ranked from memory."""
        extra, params = filter_sql(filters, TOPIC_CONDITION, skip=("kind",))
        shown = "WHERE kind = %s" if filters.get("kind") else ""
        score, score_params = self._score(query)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH m AS MATERIALIZED (
                  SELECT e.id, e.kind, e.object_id, e.centre_id, e.status, e.track_id, e.title, e.topic_ids,
                    {score} AS score
                  FROM search_entry e WHERE e.vector @@ to_tsquery('simple', %s){extra}
                ), shown AS (SELECT * FROM m {shown})
                SELECT 'f', kind, centre_id, status, track_id, count(*)::float8, NULL::bigint, NULL::bigint
                  FROM m GROUP BY kind, centre_id, status, track_id
                UNION ALL
                (SELECT 't', NULL, topic.id, NULL, NULL, count(*)::float8, NULL, NULL
                  FROM shown, unnest(shown.topic_ids) AS topic(id)
                  GROUP BY topic.id ORDER BY count(*) DESC, topic.id LIMIT %s)
                UNION ALL
                SELECT 'p', kind, object_id, NULL, NULL, score, id, row_number() OVER (ORDER BY score DESC, title, id)
                  FROM (SELECT * FROM shown ORDER BY score DESC, title, id LIMIT %s OFFSET %s) page
                """,
                [
                    *score_params,
                    query.match,
                    *params,
                    *([filters["kind"]] if filters.get("kind") else []),
                    topics,
                    limit,
                    offset,
                ],
            )
            rows = cursor.fetchall()
        facets = [row[1:6] for row in rows if row[0] == "f"]
        topic_rows = [(row[2], int(row[5])) for row in rows if row[0] == "t"]
        page = [
            Row(row[6], row[1], row[2], row[5]) for row in sorted((r for r in rows if r[0] == "p"), key=lambda r: r[7])
        ]
        return Matches([(*f[:4], int(f[4])) for f in facets], topic_rows, page)

    def page(self, query, filters, offset, limit):
        """Only the ranked page (when the requested page lay beyond the last one)."""
        return self.run(query, filters, offset, limit, topics=0).page

    def _score(self, query):
        """Tiers, as the best people finders rank: exact title or name, all words in the name,
        the query in the title, a word in the title (A) or topics (B), body text only; more of
        the words when any word may match; current things first within a tier. Cheap per row
        (no ts_rank), so common words with thousands of matches to rank stay fast."""
        coverage, coverage_params = "0", []
        if query.any_word:
            coverage = " + ".join(["(e.vector @@ to_tsquery('simple', %s))::int"] * len(query.groups))
            coverage_params = [tsquery([group]) for group in query.groups]
        score = f"""(
            CASE WHEN lower(e.title) = %s THEN 100 ELSE 0 END
            + CASE WHEN e.name_vector @@ to_tsquery('simple', %s) THEN 50 ELSE 0 END
            + CASE WHEN strpos(lower(e.title), %s) > 0 THEN 20 ELSE 0 END
            + CASE WHEN e.head_vector @@ to_tsquery('simple', %s) THEN 10
                   WHEN e.head_vector @@ to_tsquery('simple', %s) THEN 5 ELSE 0 END
            + 3 * ({coverage})
            + e.is_current::int)"""
        params = [query.text.lower(), query.names, query.text.lower(), query.rank_in("A"), query.rank_in("")]
        return score, [*params, *coverage_params]

    def snippets(self, query, entry_ids):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT t.entry_id, ts_headline('danish', {SNIPPET_SOURCE}, to_tsquery('simple', %s), %s) "
                "FROM search_text t WHERE t.entry_id = ANY(%s)",
                [query.match, HEADLINE_OPTIONS, list(entry_ids)],
            )
            return dict(cursor.fetchall())
