"""PostgreSQL: a stored weighted tsvector (GIN) with the danish configuration, exact forms with
the simple configuration, pg_trgm over the lexicon for compounds and typos, ts_headline."""

from django.db import connection

from faxe_directory.search.backends.base import Backend, Row, filter_sql
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
HEADLINE_OPTIONS = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=24, MinWords=10, MaxFragments=2"


def tsquery(groups, operator="&", weights=""):
    def lexeme(term):
        label = ("*" if term.prefix else "") + weights
        return "'{}'{}".format(term.text.replace("'", ""), f":{label}" if label else "")

    return f" {operator} ".join("(" + " | ".join(lexeme(t) for t in group) + ")" for group in groups)


class PostgresBackend(Backend):
    def refresh(self, entry_ids):
        ids = [list(entry_ids)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE search_entry e SET head_vector = {HEAD_SQL}, "
                "name_vector = to_tsvector('simple', t.names || ' ' || e.title) "
                "FROM search_text t WHERE t.entry_id = e.id AND e.id = ANY(%s)",
                ids,
            )
            cursor.execute(
                f"UPDATE search_entry e SET vector = e.head_vector || setweight(to_tsvector('danish', {BODY}), 'C') "
                "FROM search_text t WHERE t.entry_id = e.id AND e.id = ANY(%s)",
                ids,
            )

    def delete(self, entry_ids):
        """Entries carry their own vectors: nothing else to remove."""

    def clear(self):
        """The vectors go with the entries."""

    def optimise(self):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_entry")
            cursor.execute("ANALYZE search_text")
            cursor.execute("ANALYZE search_term")

    def correction_candidates(self, word):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM search_term WHERE lower(word) %% %s ORDER BY lower(word) <-> %s, word LIMIT 5",
                [word, word],
            )
            return [w for (w,) in cursor.fetchall()]

    def _where(self, filters, skip=()):
        extra, params = filter_sql(filters, skip=skip)
        return f"e.vector @@ to_tsquery('simple', %s){extra}", params

    def facet_rows(self, query, filters):
        """(kind, centre_id, status, track_id, count) for every match, ignoring the kind filter."""
        where, params = self._where(filters, skip=("kind",))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.kind, e.centre_id, e.status, e.track_id, count(*) FROM search_entry e WHERE {where} "
                "GROUP BY e.kind, e.centre_id, e.status, e.track_id",
                [query.match, *params],
            )
            return cursor.fetchall()

    def topic_rows(self, query, filters, limit):
        where, params = self._where(filters)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT x.tag_id, count(*) AS n FROM search_entry_topics x JOIN search_entry e "
                f"ON e.id = x.searchentry_id WHERE {where} GROUP BY x.tag_id ORDER BY n DESC, x.tag_id LIMIT %s",
                [query.match, *params, limit],
            )
            return cursor.fetchall()

    def page(self, query, filters, offset, limit):
        """The ranked page. Tiers, as the best people finders rank: exact title or name, all
        words in the name, the query in the title, a word in the title (A) or topics (B), body
        text only; current things first within a tier. Cheap per row, so common words whose
        thousands of matches must all be ranked stay fast."""
        where, params = self._where(filters)
        coverage, coverage_params = "0", []
        if query.any_word:
            coverage = " + ".join(["(e.vector @@ to_tsquery('simple', %s))::int"] * len(query.groups))
            coverage_params = [tsquery([group]) for group in query.groups]
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT e.id, e.kind, e.object_id,
                  CASE WHEN lower(e.title) = %s THEN 100 ELSE 0 END
                  + CASE WHEN e.name_vector @@ to_tsquery('simple', %s) THEN 50 ELSE 0 END
                  + CASE WHEN strpos(lower(e.title), %s) > 0 THEN 20 ELSE 0 END
                  + CASE WHEN e.head_vector @@ to_tsquery('simple', %s) THEN 10
                         WHEN e.head_vector @@ to_tsquery('simple', %s) THEN 5 ELSE 0 END
                  + 3 * ({coverage})
                  + e.is_current::int AS score
                FROM search_entry e WHERE {where}
                ORDER BY score DESC, e.title, e.id LIMIT %s OFFSET %s
                """,
                [
                    query.text.lower(),
                    query.names,
                    query.text.lower(),
                    query.rank_in("A"),
                    query.rank_in(""),
                    *coverage_params,
                    query.match,
                    *params,
                    limit,
                    offset,
                ],
            )
            return [Row(*row) for row in cursor.fetchall()]

    def snippets(self, query, entry_ids):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT t.entry_id, ts_headline('danish', {SNIPPET_SOURCE}, to_tsquery('simple', %s), %s) "
                "FROM search_text t WHERE t.entry_id = ANY(%s)",
                [query.match, HEADLINE_OPTIONS, list(entry_ids)],
            )
            return dict(cursor.fetchall())
