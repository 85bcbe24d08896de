"""A parsed query: its words and what each may match. The engine builds it (engine.py); each
backend writes its terms in its own query syntax (backends/)."""

from dataclasses import dataclass

from django.utils.functional import cached_property

from search.text import spelling_variants, stem, words


@dataclass(frozen=True)
class Term:
    text: str
    prefix: bool = False
    # An indexed compound holding the query word, or a part of it (ranks below the word itself).
    compound: bool = False


@dataclass
class Query:
    """A cleaned query, its words and what each word may match (each backend writes these
    terms in its own query syntax)."""

    text: str
    words: list[str]
    groups: list[list[Term]]  # per word: its spellings, stems and compounds
    any_word: bool = False

    @cached_property
    def name_groups(self) -> list[list[Term]]:
        """Per word: its spellings as name prefixes."""
        return [[Term(v, prefix=True) for v in spelling_variants(w)] for w in self.words]

    @cached_property
    def primary(self) -> list[list[Term]]:
        """Per word: its own forms, without the compounds that hold it (they rank lower)."""
        return [
            [t for t in group if (t.prefix and not t.compound) or t.text in self.words] or group
            for group in self.groups
        ]

    @cached_property
    def _prefixes(self):
        return tuple({t.text for group in self.groups for t in group if t.prefix})

    @cached_property
    def _exact(self):
        return {t.text for group in self.groups for t in group if not t.prefix}

    def matches_word(self, token: str) -> bool:
        """Whether a word of a text is one this query looks for (to mark it)."""
        for word in words(token):
            root = stem(word)
            if word in self._exact or root in self._exact:
                return True
            if word.startswith(self._prefixes) or root.startswith(self._prefixes):
                return True
        return False
