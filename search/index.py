"""Writing the search index: build documents, store entries, refresh the backend's vectors.

The apps call `index_objects(kind, ids)` and `remove_objects(kind, ids)` from their signals
(their search.py) and wrap bulk work in `deferred()`.
"""

import json
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q

from search.backends import get_backend
from search.backends.postgres_tables import SUFFIX, NewTables
from search.builders import Builders
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
# The texts the vectors are made of, and the labelled texts that say why a hit matched.
VECTOR_INPUTS = ["names", "keywords", "body", "mentions"]
TEXT_FIELDS = [*VECTOR_INPUTS, "sections"]
MIN_TERM, MAX_TERM = 3, 40


BATCH_SIZE = 1000
UPSERT_BATCH = 500  # rows per INSERT: SQLite takes at most 32,766 parameters per statement
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


@contextmanager
def suspended() -> Iterator[None]:
    """Drop the index updates made inside the block: for bulk loads (seed_demo) that rebuild the
    whole index afterwards, where updating entries one topic or batch at a time is wasted work."""
    outer = getattr(_deferral, "suspended", False)
    _deferral.suspended = True
    try:
        yield
    finally:
        _deferral.suspended = outer


def index_objects(kind: str, ids: Iterable[int]) -> None:
    """Bring the entries of these objects up to date; objects gone or hidden leave the index."""
    ids = set(ids)
    if not ids or getattr(_deferral, "suspended", False):
        return
    pending = getattr(_deferral, "pending", None)
    if pending is not None:
        pending.setdefault(kind, set()).update(ids)
        return
    with transaction.atomic():
        _reindex(kind, ids)


def index_many(kind: str, ids: Iterable[int], batch_size: int = BATCH_SIZE, progress=None) -> None:
    """`index_objects` for many objects at once (an import of thousands of people), a batch at a
    time in one transaction; the lexicon's words are written once at the end, not once per
    batch. `progress(done, total)` is told after each batch."""
    if getattr(_deferral, "suspended", False):
        return
    ids = sorted(set(ids))
    terms = {}
    with transaction.atomic():
        for start in range(0, len(ids), batch_size):
            _reindex(kind, ids[start : start + batch_size], terms)
            if progress:
                progress(min(start + batch_size, len(ids)), len(ids))
        write_terms(terms)


def _reindex(kind: str, ids: Iterable[int], terms: dict | None = None) -> None:
    """Store the documents of these objects; those gone or hidden leave the index. `terms`: collect
    the lexicon's words there instead of writing them (see `store`)."""
    documents = build_documents(kind, ids)
    _remove(kind, set(ids) - {doc.object_id for doc in documents})
    store(kind, documents, terms)


def remove_objects(kind: str, ids: Iterable[int]) -> None:
    """Take these objects out of the index (they were deleted)."""
    if getattr(_deferral, "suspended", False):
        return
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
def store(kind: str, documents: list[Document], terms: dict | None = None) -> None:
    """Upsert entries for `documents` (all of one kind) with their topics, lexicon and vectors:
    one INSERT … ON CONFLICT DO UPDATE per table and batch, on SQLite and PostgreSQL alike.
    A backend that computes its vectors in SQL (PostgreSQL) does so in the entries' INSERT itself,
    so each entry is written once. With `terms` (a rebuild), the lexicon's words are collected
    there to be written once."""
    if not documents:
        return
    write_rows(prepare_rows(kind, documents))
    if terms is None:
        add_terms(documents)
    else:
        collect_terms(documents, terms)


@dataclass
class Rows:
    """The rows `store` writes for documents of one kind, computed from them in Python (the part
    of a rebuild that can run ahead of the database, see `rebuild`)."""

    kind: str
    object_ids: list[int]
    entries: list[list]  # kind, object_id, ENTRY_FIELDS
    texts: list[list]  # TEXT_FIELDS


def prepare_rows(kind: str, documents: list[Document]) -> Rows:
    entries, texts = [], []
    for doc in documents:
        keys = list(dict.fromkeys(name_key(w) for w in name_words(doc.names or doc.title)))
        fields = [getattr(doc, name) for name in DOCUMENT_FIELDS]
        entries.append([kind, doc.object_id, *fields, f" {' '.join(keys)} "[:400], len(keys), bool(doc.names)])
        names = index_text(
            doc.names,
            folded_forms(f"{doc.title} {doc.subtitle} {doc.names} {doc.keywords}"),
            *map(code_token, words(doc.codes)),
        )
        sections = {key: index_text(text) for key, text in doc.sections.items() if text and text.strip()}
        texts.append([names, doc.keywords, doc.body, mentions(doc.body), sections])
    return Rows(kind, [doc.object_id for doc in documents], entries, texts)


def write_rows(rows: Rows) -> None:
    backend = get_backend()
    vectors = backend.insert_vectors()
    computed = None
    if vectors:
        joins, columns = vectors
        inputs = [(name, [text[n] for text in rows.texts]) for n, name in enumerate(VECTOR_INPUTS)]
        computed = Computed(inputs, joins, columns)
    entry_by_object = dict(
        upsert(
            SearchEntry,
            ["kind", "object_id", *ENTRY_FIELDS],
            rows.entries,
            conflict=["kind", "object_id"],
            returning=["object_id", "id"],
            computed=computed,
        )
    )
    upsert(
        SearchText,
        ["entry", *TEXT_FIELDS],
        [[entry_by_object[object_id], *text] for object_id, text in zip(rows.object_ids, rows.texts, strict=True)],
        conflict=["entry"],
    )
    if not vectors:
        backend.refresh(list(entry_by_object.values()))


def vector_rows(rows: Rows, ids: list[int]) -> tuple[bytes, bytes]:
    """PostgreSQL, a rebuild: COPY data for the new entry table (id, kind, object_id,
    ENTRY_FIELDS, the vector columns) and the new text table (entry_id, TEXT_FIELDS) of `rows`,
    whose entries get these ids; computed on this thread's connection. The rows travel once, by
    COPY (formatted by psycopg's C code), into a temporary table; the vectors (`insert_vectors`)
    come back as text, which PostgreSQL reads back many times faster than it computes them, and
    Python hands the bytes on untouched (`write_new_rows`)."""
    joins, vectors = get_backend().insert_vectors()
    opts, text_opts = SearchEntry._meta, SearchText._meta
    entry_columns = [opts.get_field(name).column for name in ["kind", "object_id", *ENTRY_FIELDS]]
    text_columns = [text_opts.get_field(name).column for name in TEXT_FIELDS]
    staging = "search_rebuild_rows"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {staging} ON COMMIT DROP AS "
            f"SELECT e.id, {', '.join(f'e.{c}' for c in entry_columns)}, {', '.join(f't.{c}' for c in text_columns)} "
            f"FROM {opts.db_table} e, {text_opts.db_table} t WITH NO DATA"
        )
        cursor.execute(f"TRUNCATE {staging}")
        with cursor.copy(f"COPY {staging} (id, {', '.join(entry_columns + text_columns)}) FROM STDIN") as copy:
            for entry_id, entry, text in zip(ids, rows.entries, rows.texts, strict=True):
                copy.write_row([entry_id, *entry, *text[:-1], json.dumps(text[-1], ensure_ascii=False)])
        selected = ["e.id", *(f"e.{c}" for c in entry_columns), *vectors.values()]
        with cursor.copy(f"COPY (SELECT {', '.join(selected)} FROM {staging} e{joins}) TO STDOUT") as copy:
            entries = b"".join(copy)
        with cursor.copy(f"COPY (SELECT id, {', '.join(text_columns)} FROM {staging}) TO STDOUT") as copy:
            texts = b"".join(copy)
    return entries, texts


def write_new_rows(entries: bytes, texts: bytes) -> None:
    """Into a rebuild's new tables: the entries and texts as `vector_rows` made them."""
    opts, text_opts = SearchEntry._meta, SearchText._meta
    entry_columns = ["id", *(opts.get_field(name).column for name in ["kind", "object_id", *ENTRY_FIELDS])]
    entry_columns += get_backend().insert_vectors()[1]
    text_columns = ["entry_id", *(text_opts.get_field(name).column for name in TEXT_FIELDS)]
    written = ((opts.db_table, entry_columns, entries), (text_opts.db_table, text_columns, texts))
    with connection.cursor() as cursor:
        for table, columns, data in written:
            with cursor.copy(f"COPY {table}{SUFFIX} ({', '.join(columns)}) FROM STDIN") as copy:
                copy.write(data)


def write_new_terms(found: dict[str, int]) -> None:
    """The lexicon into a rebuild's new table, in the order `write_terms` writes it."""
    table = SearchTerm._meta.db_table + SUFFIX
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} (word, key, kinds) FROM STDIN") as copy:
        for word in sorted(found):
            copy.write_row([word, name_key(word), found[word]])


@dataclass
class Computed:
    """PostgreSQL: columns an INSERT computes from input texts that are no columns themselves
    (the entry's vectors from its texts): `inputs` [(name, a text per row)], SQL `joins` after
    the rows (aliased e, the inputs among their columns), {column: SQL expression}."""

    inputs: list[tuple[str, list]]
    joins: str
    columns: dict[str, str]


def upsert(model, fields: list[str], rows: list[list], conflict: list[str], returning=(), computed=None) -> list[tuple]:
    """INSERT the rows (values of `fields`, as Python values) into the model's table; a row whose
    `conflict` fields match an existing row updates it instead. Returns the `returning` columns
    of every row. A few hundred rows per statement; on PostgreSQL one array per column (unnest),
    so the statement stays short whatever the rows: psycopg parses a statement's placeholders in
    Python, which cost more than the insert itself with thousands of them."""
    opts = model._meta
    columns = [opts.get_field(name) for name in fields]
    names = [field.column for field in columns]
    keys = [opts.get_field(name).column for name in conflict]
    written = names + list(computed.columns if computed else [])
    head = f"INSERT INTO {opts.db_table} ({', '.join(written)}) "
    tail = f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET " + ", ".join(
        f"{name} = excluded.{name}" for name in written if name not in keys
    )
    tail += f" RETURNING {', '.join(returning)}" if returning else ""
    postgres = connection.vendor == "postgresql"
    assert computed is None or postgres, "only PostgreSQL computes columns in the INSERT"
    if postgres:
        # The rows travel as one JSON text: psycopg quotes a text array element by element in
        # Python (17 ms for 1,000 texts), json.dumps is C (see docs/performance.md, session 5).
        jsons = [field.get_internal_type() == "JSONField" for field in columns]
        aliases = list(names)
        types = [field.db_type(connection) for field in columns]
        selected = [f"e.{name}" for name in names]
        joins = ""
        if computed:
            aliases += [name for name, _values in computed.inputs]
            types += ["text"] * len(computed.inputs)
            selected += list(computed.columns.values())
            joins = computed.joins
        record = ", ".join(f"{name} {kind}" for name, kind in zip(aliases, types, strict=True))
        source = f"SELECT {', '.join(selected)} FROM json_to_recordset(%s::json) AS e({record}){joins}"
    returned = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPSERT_BATCH):
            chunk = rows[start : start + UPSERT_BATCH]
            if postgres:
                values = [
                    [value if json_field else field.get_db_prep_save(value, connection)
                     for field, value, json_field in zip(columns, row, jsons, strict=True)]
                    for row in chunk
                ]  # fmt: skip
                for _name, texts in computed.inputs if computed else []:
                    for row, text in zip(values, texts[start : start + UPSERT_BATCH], strict=True):
                        row.append(text)
                records = [dict(zip(aliases, row, strict=True)) for row in values]
                cursor.execute(f"{head}{source}{tail}", [json.dumps(records, ensure_ascii=False)])
            else:
                values = [[field.get_db_prep_save(value, connection) for field, value in zip(columns, row, strict=True)]
                          for row in chunk]  # fmt: skip
                one_row = f"({', '.join(['%s'] * len(names))})"
                sql = f"{head}VALUES {', '.join([one_row] * len(chunk))}{tail}"
                cursor.execute(sql, [value for row in values for value in row])
            if returning:
                returned += cursor.fetchall()
    return returned


def add_terms(documents: list[Document]) -> None:
    """Record the documents' words in the lexicon (for compound parts and spelling correction),
    marking those that are names and codes (a word may be all three)."""
    write_terms(collect_terms(documents, {}))


def collect_terms(documents: list[Document], found: dict[str, int]) -> dict[str, int]:
    """Add the documents' words to `found` ({word: kinds}) and return it. Each distinct word is
    looked at once per batch: a rebuild meets the same words a million times."""
    text, names, codes = set(), set(), set()
    for doc in documents:
        # A person's title is their names: names, not text (Rasmus is no inflection of Rasmussen).
        for value in ("" if doc.names else doc.title, doc.subtitle, doc.keywords, doc.body):
            text.update(words(value))
        names.update(words(doc.names))
        codes.update(words(doc.codes))
    for kind, found_words in ((SearchTerm.TEXT, text), (SearchTerm.NAME, names), (SearchTerm.CODE, codes)):
        for w in found_words:
            if (MIN_TERM <= len(w) <= MAX_TERM or kind != SearchTerm.TEXT) and not w.isdigit():
                found[w] = found.get(w, 0) | kind
    return found


def write_terms(found: dict[str, int]) -> None:
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
    """Rebuild the whole index. `progress(kind, done, total)` is told after each batch. One
    transaction: searches read the old index until the new one is complete.

    On PostgreSQL the new index is written into new tables swapped in at the commit
    (backends/postgres_tables.py), and, unless called inside a transaction, the batches are built
    by `BUILDERS` processes (search/builders.py), each on its own connection reading the
    rebuild's own snapshot: the documents' Python work, which holds one core per process, runs on
    both cores beside PostgreSQL's vectors, and this process only copies the finished rows in."""
    if connection.vendor != "postgresql":
        _rebuild_in_place(progress, batch_size)
        return
    terms = {}
    # A builder cannot see this transaction's own writes: inside one, the batches are built here.
    apart = not connection.in_atomic_block
    tables = [model._meta.db_table for model in (SearchEntry, SearchText, SearchTerm)]
    # Started first: they set Django up while this process prepares the new tables.
    builders = Builders("search.index.build_batch", BUILDERS) if apart else nullcontext()
    with transaction.atomic(), builders:
        bump_generation()
        with connection.cursor() as cursor:
            new_tables = NewTables(cursor, tables)
        plan = list(_plan(batch_size))
        tasks = [task for task, _done, _total in plan]
        built = builders.results(tasks, _export_snapshot()) if apart else (build_batch(*task) for task in tasks)
        for ((kind, _ids, _first), done, total), (entries, texts, found) in zip(plan, built, strict=True):
            write_new_rows(entries, texts)
            for word, kinds in found.items():
                terms[word] = terms.get(word, 0) | kinds
            if progress:
                progress(kind, done, total)
        write_new_terms(terms)
        with connection.cursor() as cursor:
            new_tables.swap_in(cursor)


# Processes that build a rebuild's batches: on two cores, two keep both busy beside PostgreSQL.
BUILDERS = 2


def build_batch(kind: str, ids: list[int], first_id: int) -> tuple[bytes, bytes, dict[str, int]]:
    """PostgreSQL, a rebuild: one batch of objects as COPY data for the new tables
    (`vector_rows`), its entries numbered from `first_id` in the order their documents come, and
    the lexicon's words it holds ({word: kinds})."""
    documents = build_documents(kind, ids)
    rows = prepare_rows(kind, documents)
    entries, texts = vector_rows(rows, list(range(first_id, first_id + len(rows.entries))))
    return entries, texts, collect_terms(documents, {})


def _rebuild_in_place(progress, batch_size: int) -> None:
    """SQLite: empty the tables and write them anew, in one transaction."""
    terms = {}
    with transaction.atomic():
        bump_generation()
        get_backend().clear()
        with connection.cursor() as cursor:  # plain DELETEs: nothing refers to these rows but each other
            for model in (SearchText, SearchEntry, SearchTerm):
                cursor.execute(f"DELETE FROM {model._meta.db_table}")
        for (kind, ids, _first), done, total in _plan(batch_size):
            documents = build_documents(kind, ids)
            collect_terms(documents, terms)
            write_rows(prepare_rows(kind, documents))
            if progress:
                progress(kind, done, total)
        write_terms(terms)  # each word once, not once per batch it occurs in
    get_backend().optimise()


def _plan(batch_size: int) -> Iterator[tuple[tuple[str, list[int], int], int, int]]:
    """Every registered object, a batch at a time: ((kind, ids, first entry id), done, total).
    The entries get ids in the order they are built (ids break ties in ranking); a batch keeps
    room for an entry per object, so each can be built on its own."""
    first_id = 1
    for kind, search_type in search_types().items():
        ids = list(search_type.model._default_manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            yield (kind, batch, first_id), start + len(batch), len(ids)
            first_id += len(batch)


_SNAPSHOT = re.compile(r"[0-9A-F-]+")


def _export_snapshot() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
    assert _SNAPSHOT.fullmatch(snapshot), snapshot
    return snapshot
