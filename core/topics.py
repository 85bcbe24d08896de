"""Topic names as typed into the edit forms, put through what higher apps registered.

core knows no app: the vocabulary (synonyms, merged topics) registers a normaliser in its
AppConfig.ready, and `TagListField` (core/forms.py) runs every typed list through it, so that
"inddragelse af borgere" is saved as the existing topic "borgerinddragelse" instead of a new one.
"""

from collections.abc import Callable

Normaliser = Callable[[list[str]], list[str]]
_normalisers: list[Normaliser] = []


def register_topic_normaliser(normaliser: Normaliser) -> None:
    if normaliser not in _normalisers:
        _normalisers.append(normaliser)


def normalise_topic_names(names: list[str]) -> list[str]:
    """The names with each registered normaliser applied, in order; duplicates dropped."""
    for normaliser in _normalisers:
        names = normaliser(names)
    seen, unique = set(), []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            unique.append(name)
    return unique
