"""Danish text handling shared by both search backends: words, stems, spelling variants."""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from core.text import fold

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
# Words too common to carry meaning in a directory search ("hvem ved noget om borgerinddragelse").
STOP_WORDS = frozenset(
    """
    af alle alt and at blev blive bliver da de dem den denne der deres det dette dig din disse dog du efter eller
    en end er et for fra ham han har havde have hende hendes her hos hun hvad hvem hver hvilke hvis hvor
    hvordan hvorfor i ikke ind jeg jer jo kan kunne man mange med meget men mig min mine mit mod noget nogle nu
    når og også om op os over på sig sin sine sit skal skulle som sådan thi til ud under var ved vi vil ville
    vor være været søger søg find finde hjælp hjælpe
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
# Snowball's Danish stop words, which PostgreSQL's 'danish' configuration leaves out of the texts it
# stems (a body's "dem" is no word of "demens", whose stem is "dem"); the SQLite index leaves them
# out of its stems alike, so both databases match the same texts.
STEMMED_STOP_WORDS = frozenset(
    """
    og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi min havde ham
    hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil blev kunne ind når
    være dog noget ville jo deres efter ned skulle denne end dette mit også under have dig anden hende mine alt
    meget sit sine vor mod disse hvis din nogle hos blive mange ad bliver hendes været thi jer sådan
    """.split()  # noqa: SIM905
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))
# Sentinels that mark highlights inside database snippets, and that stand in for < and > while
# PostgreSQL's parser reads a text (it would take "<b>" for markup); stripped from indexed text.
MARK_START, MARK_END = "\u27e6", "\u27e7"
LT, GT = "\ue000", "\ue001"

_stemmer = snowballstemmer.stemmer("danish")


def clean_query(raw: str | None) -> tuple[str, bool]:
    """The query as the user meant it: no NUL or control characters, at most MAX_QUERY_LENGTH.

    Returns (text, was_truncated).
    """
    text = unicodedata.normalize("NFC", (raw or "").translate(_CONTROL))
    for sentinel in (MARK_START, MARK_END, LT, GT):
        text = text.replace(sentinel, "")
    text = " ".join(text.split())
    return text[:MAX_QUERY_LENGTH], len(text) > MAX_QUERY_LENGTH


def words(text: str) -> list[str]:
    """Lower-case words of `text` (letters and digits only: no query syntax survives)."""
    return [w for w in _WORD.findall(unicodedata.normalize("NFC", text).lower()) if len(w) <= 60]


def query_words(text: str) -> list[str]:
    """The meaningful words of a query; the stop words only if nothing else is left."""
    found = list(dict.fromkeys(words(text)))
    meaningful = [w for w in found if w not in STOP_WORDS]
    return (meaningful or found)[:MAX_WORDS]


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def folded_forms(text: str) -> str:
    """The folded forms and the keys (name_key) of the words of `text` that have æ, ø, å or
    their transliterations, for indexing beside them, so that every mix of spellings meets."""
    return " ".join(dict.fromkeys(form for w in words(text) for form in _other_forms(w)))


@lru_cache(maxsize=50_000)
def _other_forms(word: str) -> tuple[str, ...]:
    # Per word, not per occurrence: a rebuild meets the same words a million times (11 % of
    # `prepare_rows` at 50,000 people).
    return tuple(form for form in (fold(word), name_key(word)) if form != word)


def spelling_variants(word: str) -> list[str]:
    """æ/ø/å and their transliterations ae/oe/aa are the same letters to a Danish reader."""
    variants = {word}
    folded = fold(word)
    variants.add(folded)
    unfolded = folded.replace("ae", "æ").replace("oe", "ø").replace("aa", "å")
    variants.add(unfolded)
    return sorted(variants, key=lambda v: (v != word, v))


def index_text(*parts: object) -> str:
    """Join parts for indexing, without the sentinels."""
    text = " ".join(str(p) for p in parts if p)
    for sentinel in (MARK_START, MARK_END, LT, GT):
        text = text.replace(sentinel, " ")
    return text


def trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """Trigram similarity as pg_trgm computes it (shared trigrams / all trigrams)."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


# --- names and spellings -----------------------------------------------------------------------

# How a Dane may type æ, ø and å when the keyboard or the memory fails: "Norgaard" for Nørgaard,
# "Bogh" for Bøgh, "Kjaergaard" for Kjærgaard, "Aagaard" or "Ågård". The key of a word maps all
# of them to one spelling (æ ae → e, ø oe → o, å aa → a), on both sides, for names and titles.
_KEY_PAIRS = (("aa", "a"), ("ae", "e"), ("oe", "o"))
_KEY_LETTERS = str.maketrans({"å": "a", "æ": "e", "ø": "o", "ä": "e", "ö": "o", "ü": "u"})
_KEY_REPLACEMENTS = (("å", "a"), ("æ", "e"), ("ø", "o"), ("ä", "e"), ("ö", "o"), ("ü", "u"), *_KEY_PAIRS)


@lru_cache(maxsize=50_000)
def name_key(word: str) -> str:
    """The word as its spellings meet: "nørgaard", "noergaard", "norgaard" → "norgard"."""
    key = unicodedata.normalize("NFC", word.lower()).translate(_KEY_LETTERS)
    for pair, letter in _KEY_PAIRS:
        key = key.replace(pair, letter)
    # é → e, ñ → n: any other accent is the letter without it.
    return "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))


def keyed_text(text: str) -> str:
    """A lower-case text with every word as name_key has it, and besides it without any other
    accent or letter outside ASCII: the words' keys lie inside it (a fast test over long texts,
    not cached like name_key)."""
    key = text
    for letter, plain in _KEY_REPLACEMENTS:  # str.translate is slower on long texts
        key = key.replace(letter, plain)
    if key.isascii():
        return key
    return f"{key} {unicodedata.normalize('NFKD', key).encode('ascii', 'ignore').decode()}"


def mentions(text: str) -> str:
    """The capitalised words of a text, lower-cased: Danish capitalises names (of people, places,
    units), not nouns, so these are what a body text mentions by name ("arbejder med Mette
    Hansen"). Indexed unstemmed beside the stemmed body, since a name is never stemmed."""
    found = (w for w in _WORD.findall(unicodedata.normalize("NFC", text)) if w[:1].isupper() and len(w) <= 60)
    return " ".join(dict.fromkeys(w.lower() for w in found))


def name_words(text: str) -> list[str]:
    """The words of a name or title that rank as names: no stop words unless nothing else."""
    found = words(text)
    return [w for w in found if w not in STOP_WORDS] or found


def stems(word: str) -> list[str]:
    """The word's snowball stem, and for a stem ending in consonant + r, l or n also without it:
    Danish drops the e of -er, -el and -en when it inflects (center → centret, cykel → cyklen),
    which leaves the stems apart ("plejecentr" beside "plejecent")."""
    root = stem(word)
    found = [root] if root != word else []
    if len(root) >= 6 and root[-1] in "rln" and root[-2] not in "aeiouyæøå" and root[-2] != root[-1]:
        found.append(root[:-1])
    return found


# --- typos -------------------------------------------------------------------------------------

ALPHABET = "abcdefghijklmnopqrstuvwxyzæøå"


def allowed_edits(word: str) -> int:
    """How many slips a word may hold and still be corrected: none in words of up to three
    letters (too many words lie one letter apart), one up to eight letters, two from nine
    (two in an eight-letter word turn real words into others: "erfaring" → "ernæring")."""
    return 0 if len(word) <= 3 else 1 if len(word) <= 8 else 2


def one_edit(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    found |= {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
    found |= {a + c + b for a, b in splits for c in ALPHABET}
    found.discard(word)
    return found


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: a transposition of two neighbours is one edit."""
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]
