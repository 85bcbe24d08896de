"""What both backends share: expanding query words, filters as SQL, and the result rows."""

from dataclasses import dataclass

from django.db import connection

from faxe_directory.search.text import similarity, spelling_variants, stem

MIN_PART = 5  # shortest compound part worth matching ("pleje" in "ældrepleje")
MAX_EXPANSIONS = 40
MIN_SIMILARITY = 0.5


@dataclass(frozen=True)
class Term:
    text: str
    prefix: bool = False


@dataclass
class Row:
    entry_id: int
    kind: str
    object_id: int
    score: float


@dataclass
class Matches:
    """What one search found: (kind, centre_id, status, track_id, count) over all kinds, the
    top (tag_id, count) within the filters, and the ranked rows of the requested page."""

    facet_rows: list
    topic_rows: list
    page: list


class Backend:
    def expand(self, word):
        """(terms, known) for a query word. Terms: its spellings and stems as prefixes, and the
        indexed compound words that contain it or that it is built from. Known: the index has
        the word or an inflection of it."""
        terms = []
        variants = spelling_variants(word)
        for variant in variants:
            # Numbers match whole ("17" is not "170"); a single letter only as an initial.
            terms.append(Term(variant, prefix=not variant.isdigit() and len(variant) > 1))
            root = stem(variant)
            if root != variant:
                # Short stems ("demens" → "dem") would match too much as prefixes.
                terms.append(Term(root, prefix=len(root) >= MIN_PART))
        compounds, known = self.lexicon_compounds(variants)
        for compound in compounds:
            terms.append(Term(compound))
            terms.append(Term(stem(compound)))
        return list(dict.fromkeys(terms)), known

    def lexicon_compounds(self, variants):
        """Indexed compounds containing the word ("inddragelse" → "borgerinddragelse"); for a word
        the index does not know, also the indexed words it is built from
        ("rehabiliteringsforløbet" → "rehabilitering"). Returns (compounds, known); one query."""
        roots = sorted({stem(v) for v in variants if len(stem(v)) >= 4})
        parts = set()
        for variant in variants:
            parts |= {variant[:i] for i in range(MIN_PART, len(variant))}
            parts |= {variant[i:] for i in range(1, len(variant) - MIN_PART + 1)}
        candidates = sorted(parts | set(variants))
        likes = " OR ".join(["lower(word) LIKE %s"] * len(roots)) or "0 = 1"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT word FROM search_term WHERE word IN ({', '.join(['%s'] * len(candidates))}) OR {likes} "
                f"ORDER BY length(word), word LIMIT {MAX_EXPANSIONS * 5}",
                [*candidates, *(f"%{root}%" for root in roots)],
            )
            found = [w for (w,) in cursor.fetchall()]
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

    def correct(self, word):
        """The indexed word most like `word` (a typo's correction), or None."""
        best, best_score = None, 0.0
        for candidate in self.correction_candidates(word):
            score = similarity(word, candidate)
            if score > best_score and candidate != word:
                best, best_score = candidate, score
        return best if best_score >= MIN_SIMILARITY else None


def word_is_number(word):
    return word.isdigit()


def filter_sql(filters, topic_condition, alias="e", skip=()):
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
