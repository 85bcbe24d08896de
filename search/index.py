"""Writing the search index: build documents, store entries, refresh the backend's vectors.

The apps call `index_objects(kind, ids)` and `remove_objects(kind, ids)` from their signals
(their search.py) and wrap bulk work in `deferred()`.
"""

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Q

from search.backends import get_backend
from search.cache import bump_generation, bumps_generation
from search.models import SearchEntry, SearchTerm, SearchText
from search.query import code_token
from search.registry import Document, build_documents, search_types
from search.text import folded_forms, index_text, mentions, name_key, name_words, words

# The entry's fields copied from its document, and those derived from it for ranking by name.
DOCUMENT_FIELDS = [
    "title",
    "subtitle",
    "place",
    "centre_id",
    "status",
    "track_id",
    "is_current",
    "topic_ids",
    "quality",
]
ENTRY_FIELDS = [*DOCUMENT_FIELDS, "name_keys", "name_size", "has_names"]
TEXT_FIELDS = ["names", "keywords", "body", "mentions"]
MIN_TERM, MAX_TERM = 3, 40


BATCH_SIZE = 1000
_deferral = threading.local()


@contextmanager
def deferred() -> Iterator[None]:
    """Collect the index updates made inside the block and run them once at its end, in
    batches: for imports, bulk deletes and edits that touch several objects at once."""
    if getattr(_deferral, "pending", None) is not None:  # nested: the outer block indexes
        yield
        return
    _deferral.pending = pending = {}
    try:
        yield
    finally:
        _deferral.pending = None
    for kind, ids in pending.items():
        ids = sorted(ids)
        for start in range(0, len(ids), BATCH_SIZE):
            index_objects(kind, ids[start : start + BATCH_SIZE])


def index_objects(kind: str, ids: Iterable[int]) -> None:
    """Bring the entries of these objects up to date; objects gone or hidden leave the index."""
    ids = set(ids)
    if not ids:
        return
    pending = getattr(_deferral, "pending", None)
    if pending is not None:
        pending.setdefault(kind, set()).update(ids)
        return
    documents = build_documents(kind, ids)
    with transaction.atomic():
        _remove(kind, ids - {doc.object_id for doc in documents})
        store(kind, documents)


def remove_objects(kind: str, ids: Iterable[int]) -> None:
    """Take these objects out of the index (they were deleted)."""
    pending = getattr(_deferral, "pending", None)
    if pending is not None:  # indexing a deleted object removes its entry
        pending.setdefault(kind, set()).update(ids)
        return
    _remove(kind, list(ids))


@bumps_generation
def _remove(kind, ids):
    entries = list(SearchEntry.objects.filter(kind=kind, object_id__in=ids).values_list("pk", flat=True))
    if entries:
        get_backend().delete(entries)
        SearchEntry.objects.filter(pk__in=entries).delete()


@bumps_generation
def store(kind: str, documents: list[Document]) -> None:
    """Upsert entries for `documents` (all of one kind) with their topics, lexicon and vectors."""
    if not documents:
        return
    existing = dict(
        SearchEntry.objects.filter(kind=kind, object_id__in=[d.object_id for d in documents]).values_list(
            "object_id", "pk"
        )
    )
    entries = []
    for doc in documents:
        entry = SearchEntry(pk=existing.get(doc.object_id), kind=kind, object_id=doc.object_id)
        for name in DOCUMENT_FIELDS:
            setattr(entry, name, getattr(doc, name))
        keys = list(dict.fromkeys(name_key(w) for w in name_words(doc.names or doc.title)))
        entry.name_keys = f" {' '.join(keys)} "[:400]
        entry.name_size, entry.has_names = len(keys), bool(doc.names)
        entries.append(entry)
    updated = [e for e in entries if e.pk]
    created = [e for e in entries if not e.pk]
    SearchEntry.objects.bulk_update(updated, ENTRY_FIELDS, batch_size=500)
    created = SearchEntry.objects.bulk_create(created, batch_size=500)
    if not all(e.pk for e in created):  # backends that return no ids from bulk_create
        ids = dict(
            SearchEntry.objects.filter(kind=kind, object_id__in=[e.object_id for e in created]).values_list(
                "object_id", "pk"
            )
        )
        for entry in created:
            entry.pk = ids[entry.object_id]
    entry_ids = [e.pk for e in updated + created]
    entry_by_object = {e.object_id: e.pk for e in updated + created}
    texts = [
        SearchText(
            entry_id=entry_by_object[d.object_id],
            names=index_text(
                d.names,
                folded_forms(f"{d.title} {d.subtitle} {d.names} {d.keywords}"),
                *map(code_token, words(d.codes)),
            ),
            keywords=d.keywords,
            body=d.body,
            mentions=mentions(d.body),
        )
        for d in documents
    ]
    SearchText.objects.bulk_create(
        texts,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["entry"],
        update_fields=TEXT_FIELDS,
    )

    add_terms(documents)
    get_backend().refresh(entry_ids)


def add_terms(documents: list[Document]) -> None:
    """Record the documents' words in the lexicon (for compound parts and spelling correction),
    marking those that are names and codes (a word may be all three)."""
    found = {}
    for doc in documents:
        for kind, texts in (
            # A person's title is their names: names, not text (Rasmus is no inflection of Rasmussen).
            (SearchTerm.TEXT, ("" if doc.names else doc.title, doc.subtitle, doc.keywords, doc.body)),
            (SearchTerm.NAME, (doc.names,)),
            (SearchTerm.CODE, (doc.codes,)),
        ):
            for text in texts:
                for w in words(text):
                    if (MIN_TERM <= len(w) <= MAX_TERM or kind != SearchTerm.TEXT) and not w.isdigit():
                        found[w] = found.get(w, 0) | kind
    if found:
        get_backend().add_terms(sorted((w, name_key(w), kinds) for w, kinds in found.items()))


@bumps_generation
def forget_unused_terms(texts: Iterable[str]) -> int:
    """Take the words of `texts` out of the lexicon unless an indexed entry still holds them, so
    a scrubbed person's name, e-mail prefix or texts never come back as a spelling correction
    ("Viser resultater for …") or a compound. Returns how many words were forgotten. Costs a scan
    of the texts per word: for anonymising a few leavers, not for every save."""
    candidates = {w for text in texts for w in words(text or "") if MIN_TERM <= len(w) <= MAX_TERM}
    known = list(SearchTerm.objects.filter(word__in=candidates).values_list("word", flat=True))
    unused = [
        word
        for word in known
        if not SearchText.objects.filter(
            Q(names__icontains=word)
            | Q(keywords__icontains=word)
            | Q(body__icontains=word)
            | Q(entry__title__icontains=word)
            | Q(entry__subtitle__icontains=word)
        ).exists()
    ]
    SearchTerm.objects.filter(word__in=unused).delete()
    return len(unused)


def rebuild(progress=None, batch_size: int = 1000) -> None:
    """Rebuild the whole index. `progress(kind, done, total)` is told after each batch."""
    with transaction.atomic():
        bump_generation()
        get_backend().clear()
        SearchText.objects.all().delete()
        SearchEntry.objects.all().delete()
        SearchTerm.objects.all().delete()
        for kind, search_type in search_types().items():
            ids = list(search_type.model._default_manager.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(ids), batch_size):
                batch = ids[start : start + batch_size]
                store(kind, build_documents(kind, batch))
                if progress:
                    progress(kind, min(start + batch_size, len(ids)), len(ids))
    get_backend().optimise()
