"""Writing the search index: build documents, store entries, refresh the backend's vectors.

The apps call `index_objects(kind, ids)` and `remove_objects(kind, ids)` from their signals
(their search.py) and wrap bulk work in `deferred()`.
"""

import json
import queue
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q

from search.backends import get_backend
from search.backends.postgres_tables import SUFFIX, NewTables
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
    (backends/postgres_tables.py), and, unless called inside a transaction, the documents of the
    next batches are built by a thread on a second connection (reading the rebuild's own
    snapshot) while `VECTOR_WORKERS` threads, each on its own connection, compute the vectors of
    the batches built before: Python and PostgreSQL keep both cores busy."""
    if connection.vendor != "postgresql":
        _rebuild_in_place(progress, batch_size)
        return
    terms = {}
    ahead = not connection.in_atomic_block
    tables = [model._meta.db_table for model in (SearchEntry, SearchText, SearchTerm)]
    with transaction.atomic():
        bump_generation()
        with connection.cursor() as cursor:
            new_tables = NewTables(cursor, tables)
        batches = _numbered(_rebuild_batches(batch_size, terms))
        if ahead:
            batches = _with_vectors(_built_ahead(batches, _export_snapshot()), VECTOR_WORKERS)
        else:
            batches = ((*batch, vector_rows(batch[0], batch[1])) for batch in batches)
        for rows, _ids, done, total, (entries, texts) in batches:
            write_new_rows(entries, texts)
            if progress:
                progress(rows.kind, done, total)
        write_new_terms(terms)
        with connection.cursor() as cursor:
            new_tables.swap_in(cursor)


def _rebuild_in_place(progress, batch_size: int) -> None:
    """SQLite: empty the tables and write them anew, in one transaction."""
    terms = {}
    with transaction.atomic():
        bump_generation()
        get_backend().clear()
        with connection.cursor() as cursor:  # plain DELETEs: nothing refers to these rows but each other
            for model in (SearchText, SearchEntry, SearchTerm):
                cursor.execute(f"DELETE FROM {model._meta.db_table}")
        for rows, done, total in _rebuild_batches(batch_size, terms):
            write_rows(rows)
            if progress:
                progress(rows.kind, done, total)
        write_terms(terms)  # each word once, not once per batch it occurs in
    get_backend().optimise()


def _numbered(batches: Iterator[tuple[Rows, int, int]]) -> Iterator[tuple[Rows, list[int], int, int]]:
    """The batches with the ids their entries get: in the order they were built, as the
    INSERTs gave them before (ids break ties in ranking)."""
    next_id = 1
    for rows, done, total in batches:
        ids = list(range(next_id, next_id + len(rows.entries)))
        next_id += len(ids)
        yield rows, ids, done, total


VECTOR_WORKERS = 2


def _with_vectors(batches: Iterator, workers: int) -> Iterator:
    """(rows, ids, done, total) batches with their entries' COPY data (`vector_rows`) added, in
    their order; computed by `workers` threads, each on its own connection (they read nothing
    but what they are sent). An error in a thread is raised here."""
    todo = queue.Queue()
    results = {}
    finished = threading.Condition()
    stop = threading.Event()

    def work():
        try:
            while not stop.is_set():
                try:
                    number, batch = todo.get(timeout=0.1)
                except queue.Empty:
                    continue
                try:
                    result = vector_rows(batch[0], batch[1])
                except BaseException as error:  # noqa: BLE001 (handed on to the caller, who raises it)
                    result = error
                with finished:
                    results[number] = result
                    finished.notify_all()
        finally:
            connection.close()

    def collect(number, batch):
        with finished:
            finished.wait_for(lambda: number in results)
            result = results.pop(number)
        if isinstance(result, BaseException):
            raise result
        return (*batch, result)

    threads = [threading.Thread(target=work, name="search-rebuild-vectors", daemon=True) for _ in range(workers)]
    for thread in threads:
        thread.start()
    sent = []
    try:
        for number, batch in enumerate(batches):
            todo.put((number, batch))
            sent.append((number, batch))
            if len(sent) > 2 * workers:  # enough queued to keep every worker busy
                yield collect(*sent.pop(0))
        while sent:
            yield collect(*sent.pop(0))
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def _rebuild_batches(batch_size: int, terms: dict) -> Iterator[tuple[Rows, int, int]]:
    """The rows of every registered object, a batch at a time, with how far each kind is; the
    lexicon's words are collected into `terms`."""
    for kind, search_type in search_types().items():
        ids = list(search_type.model._default_manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            documents = build_documents(kind, ids[start : start + batch_size])
            collect_terms(documents, terms)
            yield prepare_rows(kind, documents), min(start + batch_size, len(ids)), len(ids)


_SNAPSHOT = re.compile(r"[0-9A-F-]+")
_DONE = object()


def _export_snapshot() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
    assert _SNAPSHOT.fullmatch(snapshot), snapshot
    return snapshot


def _built_ahead(items: Iterator, snapshot: str, depth: int = 2) -> Iterator:
    """`items`, produced by a thread on its own connection that sees what the calling
    transaction saw when it exported `snapshot` (PostgreSQL), up to `depth` items ahead of the
    caller. psycopg lets go of the GIL while it waits for the database, so the thread builds
    while the caller's statements run. An error in the thread is raised here."""
    handed = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def hand(item) -> bool:
        while not stop.is_set():
            try:
                handed.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
                for item in items:
                    if not hand(item):
                        return
            hand(_DONE)
        except BaseException as error:  # noqa: BLE001 (handed on to the caller, who raises it)
            hand(error)
        finally:
            connection.close()

    thread = threading.Thread(target=produce, name="search-rebuild-builder", daemon=True)
    thread.start()
    try:
        while (item := handed.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()
