"""Writing seed_demo's rows: `bulk_create` on SQLite, PostgreSQL's COPY on PostgreSQL.

At 50,000 people the demo is some 500,000 rows. `bulk_create` turns each into a model's values
in Python (`prepare_value`, `get_db_prep_save`) and sends them as thousands of placeholders that
psycopg parses in Python too; COPY takes the plain values, formatted by psycopg's C code, and
PostgreSQL reads them faster than an INSERT's (docs/performance.md, "Build speed (session 6)").
The ids come from the table's own sequence first, so the objects know them as after
`bulk_create`. Like `bulk_create`, neither sends signals nor calls `save()`.
"""

from collections.abc import Callable, Sequence

from django.db import connection, models
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object, get_history_manager_for_model

BATCH_SIZE = 2000
COPY_BATCH = 20000
# Fields whose Python value is already what PostgreSQL stores (psycopg adapts it): everything
# else goes through the field's get_db_prep_save, as bulk_create would.
PLAIN = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DateTimeField",
    "EmailField",
    "FloatField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
    "URLField",
}

Progress = Callable[[int, int], None]


def insert(model: type[models.Model], objects: Sequence[models.Model], progress: Progress | None = None) -> list:
    """Insert unsaved `objects` of `model` and give them their ids (as `bulk_create` does)."""
    objects = list(objects)
    if connection.vendor != "postgresql":
        for start in range(0, len(objects), BATCH_SIZE):
            model._default_manager.bulk_create(objects[start : start + BATCH_SIZE])
            if progress:
                progress(min(start + BATCH_SIZE, len(objects)), len(objects))
        return objects
    opts = model._meta
    pk = opts.pk
    fields = list(opts.concrete_fields)
    missing = [obj for obj in objects if obj.pk is None]
    if missing and isinstance(pk, models.AutoField):
        for obj, new_id in zip(missing, _next_ids(opts.db_table, pk.column, len(missing)), strict=True):
            obj.pk = new_id
    values = _value_getters(fields)
    relations = [f for f in fields if f.is_relation and f.many_to_one]
    rows = []
    for obj in objects:
        for field in relations:  # a related object saved after it was assigned (as bulk_create does)
            if getattr(obj, field.attname) is None and field.is_cached(obj):
                related = field.get_cached_value(obj)
                if related is not None:
                    setattr(obj, field.attname, related.pk)
        rows.append([value(obj) for value in values])
        obj._state.adding, obj._state.db = False, connection.alias
    _copy(opts.db_table, [f.column for f in fields], rows, progress)
    return objects


def insert_rows(model: type[models.Model], names: list[str], rows: list[tuple], progress: Progress | None = None):
    """Insert plain rows (values of the fields `names`, ids left to the table) of `model`: for
    the big link tables (taggings), where model instances would cost more than the rows."""
    if connection.vendor != "postgresql":
        insert(model, [model(**dict(zip(names, row, strict=True))) for row in rows], progress)
        return
    opts = model._meta
    _copy(opts.db_table, [opts.get_field(name).column for name in names], rows, progress)


def insert_with_history(model: type[models.Model], objects: Sequence[models.Model]) -> list:
    """`insert`, and a history record of each object's creation, as simple_history's
    `bulk_create_with_history` writes them (written as plain rows: no model instances)."""
    objects = insert(model, objects)
    if not objects:
        return objects
    history = get_history_manager_for_model(model).model
    tracked = [field.attname for field in history.tracked_fields]
    names = [*tracked, "history_date", "history_user_id", "history_change_reason", "history_type"]
    relation = hasattr(history, "history_relation")
    names += ["history_relation_id"] if relation else []
    now = timezone.now()
    user = history.get_default_history_user(objects[0])
    rows = []
    for obj in objects:
        row = [getattr(obj, attname) for attname in tracked]
        user_of = getattr(obj, "_history_user", user)
        row += [
            getattr(obj, "_history_date", now),
            user_of.pk if user_of is not None else None,
            get_change_reason_from_object(obj) or None,
            "+",
        ]
        rows.append([*row, obj.pk] if relation else row)
    insert_rows(history, names, rows)
    return objects


def _value_getters(fields):
    getters = []
    for field in fields:
        overrides_pre_save = type(field).pre_save is not models.Field.pre_save
        if field.get_internal_type() in PLAIN and not overrides_pre_save:
            getters.append(lambda obj, attname=field.attname: getattr(obj, attname))
        elif field.get_internal_type() in PLAIN:
            getters.append(lambda obj, field=field: field.pre_save(obj, True))
        else:
            getters.append(lambda obj, field=field: field.get_db_prep_save(field.pre_save(obj, True), connection))
    return getters


def _next_ids(table: str, column: str, count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s) ORDER BY 1",
            [table, column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy(table: str, columns: list[str], rows: list, progress: Progress | None) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for start in range(0, len(rows), COPY_BATCH):
            with cursor.copy(f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN") as copy:
                for row in rows[start : start + COPY_BATCH]:
                    copy.write_row(row)
            if progress:
                progress(min(start + COPY_BATCH, len(rows)), len(rows))
    if progress and not rows:
        progress(0, 0)
