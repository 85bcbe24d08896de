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
    """The folded forms of the words of `text` that have æ, ø or å, for indexing beside them, so
    that every mix of spellings meets in the folded form."""
    return " ".join(dict.fromkeys(fold(w) for w in words(text) if fold(w) != w))


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
