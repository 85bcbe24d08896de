"""What the apps hand the search engine: the kinds of things to find, their facets, and text
that one app adds to another app's documents.

The engine knows no app's tables. Each app registers what it contributes in its
`AppConfig.ready` (see `units/search.py`, `people/search.py`, `tryouts/search.py`), the way
Wagtail models declare `search_fields`:

    register(SearchType(kind="unit", model=Unit, documents=unit_documents, shown_fields=("name", "slug")))

A higher app may add words to a lower app's documents (try-outs add their titles to the
people who are their contacts) with `contribute`, so the lower app never imports it.

Each kind declares its labelled fields (`SearchType.fields`: "Særlig viden", "Spørg mig om",
"Det kan vi hjælpe med" …) and its documents fill `Document.sections` with their texts: the
results page says why a hit matched by field ("Spørg mig om: … <mark>demens</mark> …").
"""

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from search.cache import bump_on_change


@dataclass
class Document:
    """What the index keeps of one object: the texts to match, the facets to count and the
    line shown under its title (`place`: a person's unit, a unit's parent …)."""

    kind: str
    object_id: int
    title: str
    subtitle: str = ""
    # A person's names, matched as names: never stemmed, exact before prefix (see docs/search.md).
    names: str = ""
    # Initials and e-mail local parts: found only by a query that is not a name ("mh", "meha") or
    # is an address ("ulla@faxekommune.dk"), so a code that spells a name finds no one by it.
    codes: str = ""
    keywords: str = ""  # topics: weigh more than the body
    body: str = ""
    place: str = ""
    centre_id: int | None = None
    status: str = ""
    track_id: int | None = None
    is_current: bool = True
    topic_ids: list[int] = field(default_factory=list)
    # How complete and fresh the card is, 0–1: ranks it first among otherwise equal hits.
    quality: float = 0.0
    # {field key: text} of the kind's labelled fields (SearchType.fields): shown, not matched.
    sections: dict[str, str] = field(default_factory=dict)


DocumentBuilder = Callable[[Collection[int]], Iterable[Document]]
Contribution = Callable[[Collection[int]], Mapping[int, str]]


@dataclass(frozen=True)
class Field:
    """A labelled part of a kind's documents that a hit may have matched in: `key` in
    `Document.sections`, `label` as the results page names it (lazily translated). `shown`: the
    hit shows the field already (a person's job title under the name), so a match in it needs
    no line of its own; the page marks it where it stands (Hit.shown_html)."""

    key: str
    label: Any
    shown: bool = False


@dataclass(frozen=True)
class SearchType:
    """One kind of searchable object. `documents(ids)` builds the documents of the given
    objects (those not found or hidden are left out and leave the index); `shown_fields` are
    the model's fields the results page shows, read with the hits; `fields` the labelled
    fields, most telling first (a match in an earlier one is shown first among equals)."""

    kind: str
    model: type[models.Model]
    documents: DocumentBuilder
    shown_fields: tuple[str, ...]
    fields: tuple[Field, ...] = ()


@dataclass(frozen=True)
class Facet:
    """A facet slot of the index (centre, status, track, topic) as an app names it: its title
    on the results page, the model whose `name` and `slug` label its ids (or `choices` for a
    text value), and the kinds it is counted for (all kinds when empty)."""

    slot: str
    title: Any
    label_model: type[models.Model] | None = None
    choices: tuple[tuple[str, Any], ...] = ()
    kinds: tuple[str, ...] = ()

    def counts(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


FACET_SLOTS = ("centre", "topic", "status", "track")

_types: dict[str, SearchType] = {}
_facets: dict[str, Facet] = {}
_contributions: dict[str, list[tuple[Contribution, Field | None]]] = {}


def register(search_type: SearchType) -> None:
    """Make a kind of object searchable (call from AppConfig.ready; registering again replaces)."""
    _types[search_type.kind] = search_type


def unregister(kind: str) -> None:
    _types.pop(kind, None)
    _contributions.pop(kind, None)


def register_facet(facet: Facet) -> None:
    if facet.slot not in FACET_SLOTS:
        raise ValueError(f"unknown facet slot {facet.slot!r}; the index has {FACET_SLOTS}")
    _facets[facet.slot] = facet
    if facet.label_model is not None:
        # The search statement joins the labels: a renamed label must not stay cached.
        bump_on_change(facet.label_model)


def contribute(kind: str, contribution: Contribution, section: Field | None = None) -> None:
    """Add body text to the documents of `kind`: `contribution(ids)` returns {object id: text};
    with a `section` field the text is also a labelled section of them (after their own)."""
    _contributions.setdefault(kind, []).append((contribution, section))


def search_types() -> dict[str, SearchType]:
    return dict(_types)


def search_type(kind: str) -> SearchType:
    return _types[kind]


def fields_of(kind: str) -> list[Field]:
    """The labelled fields of a kind's documents: its own, then those other apps contribute."""
    own = list(_types[kind].fields) if kind in _types else []
    return own + [section for _c, section in _contributions.get(kind, []) if section]


def facet(slot: str) -> Facet | None:
    return _facets.get(slot)


def build_documents(kind: str, ids: Collection[int]) -> list[Document]:
    """The documents of these objects of `kind`, with the text other apps contribute."""
    documents = list(_types[kind].documents(ids))
    for contribution, section in _contributions.get(kind, []):
        extra = contribution([doc.object_id for doc in documents])
        for doc in documents:
            if extra.get(doc.object_id):
                doc.body = f"{doc.body} {extra[doc.object_id]}".strip()
                if section:
                    doc.sections[section.key] = extra[doc.object_id]
    return documents
