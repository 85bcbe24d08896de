"""A parsed query: what each part of it may match. The engine builds it with `parse()` (one
look-up in the lexicon and the synonyms, one more when a word is a typo); each backend writes
the clauses in its own query syntax (backends/).

A query is a list of clauses, all of which must match (or, for a many-word query where nothing
matches all, most of them). A clause is a word or a phrase with synonyms: any of its options;
an option is some words, all of which must match; a word is any of its terms (spellings, stems,
compounds, a code).
"""

import math
import unicodedata
from dataclasses import dataclass, field

from django.utils.functional import cached_property

from search.text import (
    STOP_WORDS,
    allowed_edits,
    edit_distance,
    keyed_text,
    name_key,
    similarity,
    spelling_variants,
    stem,
    stems,
    words,
)


@dataclass(frozen=True)
class Term:
    text: str
    prefix: bool = False
    # An indexed compound holding the query word, or a part of it (ranks below the word itself).
    compound: bool = False


Group = list[Term]  # any of these terms: one word
Option = list[Group]  # all of these words


@dataclass
class Clause:
    """One thing the query asks for: a word, or a phrase and its synonyms."""

    words: list[str]
    options: list[Option]

    @property
    def primary(self) -> list[Option]:
        """The options without the compounds that hold a word (they rank lower)."""
        return [[[t for t in group if not t.compound] or group for group in option] for option in self.options]


@dataclass
class Query:
    """A cleaned query: its words (as typed, for names and highlighting), its clauses, and the
    name keys of the words that may be names (for ranking people by name)."""

    text: str
    words: list[str]
    clauses: list[Clause]
    name_keys: list[str] = field(default_factory=list)
    # Per name key, the key of the word's shortest stem (the word's own key for names and short
    # stems): a title word ranks by its stem ("biblioteket" → Faxe Bibliotekerne).
    title_keys: list[str] = field(default_factory=list)
    any_word: bool = False

    @property
    def min_clauses(self) -> int:
        """How many clauses a hit must match when not all can be: half of them, rounded up, for
        three or more; one for two."""
        return 1 if len(self.clauses) <= 2 else math.ceil(len(self.clauses) / 2)

    def matches_word(self, token: str) -> bool:
        """Whether a word of a text is one this query looks for (to mark it); each distinct
        token is worked out once per query, as texts repeat their words."""
        found = self._matching_tokens.get(token)
        if found is None:
            found = self._matching_tokens[token] = any(self.clauses_of(word) for word in words(token))
        return found

    @cached_property
    def _matching_tokens(self) -> dict[str, bool]:
        return {}

    @cached_property
    def _clause_terms(self):
        """Per clause, its exact terms and its prefixes."""
        found = []
        for clause in self.clauses:
            terms = [t for option in clause.options for group in option for t in group]
            found.append(({t.text for t in terms if not t.prefix}, tuple({t.text for t in terms if t.prefix})))
        return found

    def clauses_of(self, word: str) -> frozenset[int]:
        """The clauses (their positions in `clauses`) that one word of a text matches, by the
        same spellings, stems, prefixes and compounds the search matched it by: why a field of
        a hit matched ("bogh" finds and marks "Bøgh", a corrected typo its correction)."""
        if word not in self._clauses_of:
            forms = (word, stem(word), name_key(word))
            self._clauses_of[word] = frozenset(
                number
                for number, (exact, prefixes) in enumerate(self._clause_terms)
                if any(form in exact for form in forms)
                or (prefixes and any(form.startswith(prefixes) for form in forms))
            )
        return self._clauses_of[word]

    @cached_property
    def _clauses_of(self) -> dict[str, frozenset[int]]:
        return {}

    def may_match(self, text: str) -> frozenset[int]:
        """The clauses some word of `text` may match: a cheap test before marking a long text
        word by word (clauses_of), never missing one. Every term a word matches lies inside the
        word or its key (a snowball stem is a prefix of its word), so a clause none of whose
        terms is in the text, as it is or keyed, matches no word of it."""
        lower = unicodedata.normalize("NFC", text).lower()
        haystack = f"{lower} {keyed_text(lower)}"
        return frozenset(
            number
            for number, (exact, prefixes) in enumerate(self._clause_terms)
            if any(term in haystack for term in prefixes) or any(term in haystack for term in exact)
        )


# --- parsing --------------------------------------------------------------------------------------

CODE_MARK = "0"  # codes are indexed as "0" + code: a token no word of a text can be


def code_token(code: str) -> str:
    return f"{CODE_MARK}{code}"


@dataclass
class Lexicon:
    """What the index knows of the query's words: {word: kinds (SearchTerm bits)} of the indexed
    words found for them, and the synonym groups (as lists of phrases) that hold one of them."""

    kinds: dict[str, int]
    synonyms: list[list[list[str]]]


TEXT, NAME, CODE = 1, 2, 4  # as SearchTerm.TEXT, NAME, CODE
MIN_PART = 5  # shortest compound part worth matching ("pleje" in "ældrepleje")
MAX_EXPANSIONS = 40


def address_words(text: str) -> list[str] | None:
    """The local parts of the e-mail addresses in a query ("ulla@faxekommune.dk" → ["ulla"])."""
    if "@" not in text:
        return None
    found = [words(part.rsplit(None, 1)[-1] if part.strip() else "") for part in text.split("@")[:-1]]
    return [w[-1] for w in found if w] or None


def parse(backend, text: str, query_words: list[str]) -> tuple[Query, str]:
    """The query for `text` and, when a word was a typo, the corrected text ("" otherwise).
    One statement reads the lexicon and the synonyms; one more corrects typos."""
    local_parts = address_words(text)
    if local_parts:
        clauses = [Clause([w], [[[Term(code_token(w))]]]) for w in local_parts]
        return Query(text, local_parts, clauses), ""
    all_words = list(dict.fromkeys(words(text)))
    lexicon = backend.lexicon(query_words, all_words)
    spans = synonym_spans(all_words, lexicon.synonyms)
    in_spans = {w for start, end, _alternatives in spans for w in all_words[start:end]}
    corrections = {}
    unknown = [w for w in query_words if w not in in_spans and not known(w, lexicon)]
    if unknown:
        corrections = backend.correct_all(unknown)
        corrections = {w: fix for w, fix in corrections.items() if fix}
        if corrections:
            more = backend.lexicon(list(corrections.values()), [])
            lexicon.kinds.update(more.kinds)
    final_words = [corrections.get(w, w) for w in query_words]
    clauses = []
    for start, end, alternatives in spans:
        span = [w for w in all_words[start:end] if w not in STOP_WORDS] or all_words[start:end]
        options = [[expand(w, lexicon) for w in span]]
        options += [[simple_group(w) for w in phrase if w not in STOP_WORDS] for phrase in alternatives]
        clauses.append(Clause(span, [option for option in options if option]))
    for word in final_words:
        if word not in in_spans:
            clauses.append(Clause([word], [[expand(word, lexicon)]]))
    keys = {name_key(w): title_key(w, lexicon) for w in final_words}
    corrected = " ".join(final_words) if final_words != query_words else ""
    return Query(corrected or text, final_words, clauses, list(keys), list(keys.values())), corrected


def title_key(word: str, lexicon: Lexicon) -> str:
    """The key a title word is ranked by: the word's shortest stem, if five letters or more and
    the word is no name; else the word itself."""
    shortest = min([word, *stems(word)], key=len)
    return name_key(word if is_name(word, lexicon) or len(shortest) < MIN_PART else shortest)


def synonym_spans(all_words: list[str], groups: list[list[list[str]]]) -> list[tuple[int, int, list[list[str]]]]:
    """Where a phrase of a synonym group stands in the query: (start, end, the other phrases),
    longest phrases first, without overlaps."""
    found = []
    for group in groups:
        for phrase in group:
            for start in range(len(all_words) - len(phrase) + 1):
                if all_words[start : start + len(phrase)] == phrase:
                    others = [p for p in group if p != phrase]
                    found.append((start, start + len(phrase), others))
    spans, taken = [], set()
    for start, end, others in sorted(found, key=lambda s: (s[0] - s[1], s[0])):
        if not taken & set(range(start, end)) and any(w not in STOP_WORDS for w in all_words[start:end]):
            taken |= set(range(start, end))
            spans.append((start, end, others))
    return sorted(spans)


def is_name(word: str, lexicon: Lexicon) -> bool:
    """A word that is someone's name, as typed or in another spelling ("norgaard" for Nørgaard)."""
    key = name_key(word)
    return any(kinds & NAME and (w == word or name_key(w) == key) for w, kinds in lexicon.kinds.items())


def is_code(word: str, lexicon: Lexicon) -> bool:
    return bool(lexicon.kinds.get(word, 0) & CODE)


def known(word: str, lexicon: Lexicon) -> bool:
    """The index has the word (or another spelling of it, or words it begins as typed so far,
    an inflection of it, compounds holding it); an unknown word is a typo or a new compound."""
    if word.isdigit() or is_name(word, lexicon) or is_code(word, lexicon):
        return True
    variants = spelling_variants(word)
    typed = tuple(v for v in variants if len(v) >= 3)
    roots = tuple(r for v in variants for r in stems(v) if len(r) >= MIN_PART)
    key = name_key(word)
    for w, kinds in lexicon.kinds.items():
        if w in variants or name_key(w) == key or (typed and w.startswith(typed)):
            return True
        # An inflection of a word, never of a name: "rasmusen" is a typo, not an inflection of Rasmus.
        if roots and kinds & TEXT and w.startswith(roots):
            return True
    return bool(compounds(word, lexicon, holding_only=True))


def compounds(word: str, lexicon: Lexicon, holding_only: bool = False) -> list[str]:
    """Indexed compounds holding the word ("inddragelse" → "borgerinddragelse"); unless
    `holding_only`, for a word the index does not know also the indexed words it is built from
    ("rehabiliteringsforløbet" → "rehabilitering")."""
    variants = spelling_variants(word)
    roots = sorted({stem(v) for v in variants if len(stem(v)) >= 4})
    # A compound has a first part of its own before the word ("ældre|pleje"): "johansen" is
    # no compound of "hansen".
    text_words = sorted((w for w, kinds in lexicon.kinds.items() if kinds & TEXT), key=lambda w: (len(w), w))
    holding = [w for w in text_words if w not in variants and any(w.find(root) >= 3 for root in roots)]
    if holding or holding_only:
        return holding[:MAX_EXPANSIONS]
    parts = {v[:i] for v in variants for i in range(MIN_PART, len(v))}
    parts |= {v[i:] for v in variants for i in range(1, len(v) - MIN_PART + 1)}
    return [w for w in text_words if w in parts][:MAX_EXPANSIONS]


def expand(word: str, lexicon: Lexicon) -> Group:
    """A word's terms: its spellings as prefixes; unless it is a name, its stems and the
    compounds that hold it (or that it is built from); a code when it is one and no name."""
    if word.isdigit():
        return [Term(word)]  # numbers match whole ("17" is not "170")
    name = is_name(word, lexicon)
    terms = []
    for variant in [*spelling_variants(word), name_key(word)]:
        # A single letter only as an initial.
        terms.append(Term(variant, prefix=len(variant) > 1))
        if not name:
            for root in stems(variant):
                # Short stems ("demens" → "dem") would match too much as prefixes.
                terms.append(Term(root, prefix=len(root) >= MIN_PART))
    if is_code(word, lexicon) and not name:
        terms.append(Term(code_token(word)))
    if not name:
        # A known word brings the compounds that hold it; only an unknown one its parts.
        for compound in compounds(word, lexicon, holding_only=known(word, lexicon)):
            root = stem(compound)
            if compound.startswith(root):
                # The stem as a prefix finds the compound and all its inflections in one term
                # ("dagplej*": dagpleje, dagplejen, dagplejer).
                terms.append(Term(root, prefix=True, compound=True))
            else:
                terms += [Term(compound, compound=True), Term(root, compound=True)]
    return uncovered(terms)


def simple_group(word: str) -> Group:
    """A synonym's word: its spellings and stems, without reading the lexicon again."""
    terms = [Term(v, prefix=len(v) > 1) for v in spelling_variants(word)]
    terms += [Term(root, prefix=len(root) >= MIN_PART) for root in stems(word)]
    return uncovered(terms)


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


def lexicon_candidates(word: str) -> tuple[list[str], list[str], list[str]]:
    """(the words to look up as they are, keys to look up, stems to look for inside indexed
    words) for one query word."""
    variants = spelling_variants(word)
    exact = set(variants)
    for variant in variants:
        exact |= {variant[:i] for i in range(MIN_PART, len(variant))}
        exact |= {variant[i:] for i in range(1, len(variant) - MIN_PART + 1)}
    roots = sorted({r for v in variants for r in [stem(v)] if len(r) >= 4})
    return sorted(exact), [name_key(word)], roots


def closest(word: str, candidates: list[tuple[str, int]]) -> str | None:
    """The indexed word (of the (word, kinds) candidates) nearest to a typo: fewest edits, at
    most as many as the word's length allows (text.allowed_edits); then the most shared
    trigrams, a name before a plain word, the shorter word. Codes are never a correction."""
    limit = allowed_edits(word)
    scored = []
    for candidate, kinds in candidates:
        if candidate == word or not kinds & (TEXT | NAME):
            continue
        distance = edit_distance(word, candidate)
        if distance <= limit:
            scored.append((distance, -similarity(word, candidate), not kinds & NAME, len(candidate), candidate))
    return min(scored)[-1] if scored else None
