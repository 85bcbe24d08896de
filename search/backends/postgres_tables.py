"""PostgreSQL: a rebuild writes the new index into new tables and swaps them in at its commit.

The new tables are created inside the rebuild's transaction with the old ones' columns, and get
the old ones' indexes, constraints, sequences and grants (read from the catalog, so whatever the
migrations made is kept) only once they are full: an index built at the end is built once, where
inserting into indexed tables maintained four GIN indexes row by row, and there are no dead rows
to vacuum away afterwards (`VACUUM FULL` took 2.8–4 s of a quiet rebuild, see
docs/performance.md, session 6). Searches read the old tables until the commit: the swap itself
(DROP and RENAME) holds its lock only for the last moments of the transaction.
"""

import re
from dataclasses import dataclass, field

SUFFIX = "_rebuild"
_INDEX_DEF = re.compile(r"(CREATE (?:UNIQUE )?INDEX )(\S+)( ON (?:ONLY )?)(\S+)( USING .*)", re.DOTALL)


@dataclass
class _Index:
    name: str
    definition: str  # as pg_get_indexdef gives it
    constraint: str | None = None  # the PRIMARY KEY or UNIQUE constraint it backs
    constraint_type: str = ""


@dataclass
class _Table:
    name: str
    qualified: str  # schema.table, as the catalog writes it
    indexes: list[_Index] = field(default_factory=list)
    foreign_keys: list[tuple[str, str]] = field(default_factory=list)  # (name, definition)
    sequences: list[tuple[str, str]] = field(default_factory=list)  # (column, sequence name)
    grants: list[tuple[str, str]] = field(default_factory=list)  # (privilege, grantee)

    @property
    def new(self) -> str:
        return self.name + SUFFIX


class NewTables:
    """New, empty copies of `tables` (named `<table>_rebuild`) to fill, then `swap_in`.

    The old tables are locked against writers (SHARE ROW EXCLUSIVE: searches go on reading them)
    until the commit, so no save made during the rebuild is lost with them: it waits, and then
    writes to the new tables. A foreign key from another table into these cannot be carried
    over: that raises rather than drops it."""

    def __init__(self, cursor, tables: list[str]):
        self.tables = [_describe(cursor, name) for name in tables]
        inside = set(tables)
        cursor.execute(
            "SELECT conname, conrelid::regclass::text FROM pg_constraint "
            "WHERE contype = 'f' AND confrelid = ANY(%s::regclass[]) AND NOT conrelid = ANY(%s::regclass[])",
            [tables, tables],
        )
        outside = [(name, table) for name, table in cursor.fetchall() if table not in inside]
        if outside:
            raise RuntimeError(f"Foreign keys into the search index from other tables: {outside}")
        cursor.execute(f"LOCK TABLE {', '.join(tables)} IN SHARE ROW EXCLUSIVE MODE")
        for table in self.tables:
            cursor.execute(
                f"CREATE TABLE {table.new} (LIKE {table.name} INCLUDING DEFAULTS INCLUDING IDENTITY "
                "INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMPRESSION)"
            )

    def swap_in(self, cursor) -> None:
        """Index the new tables as the old ones were, then put them in the old ones' place."""
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")  # GIN builds sort in memory
        for table in self.tables:
            for column, _sequence in table.sequences:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST(max({column}), 1), "
                    f"max({column}) IS NOT NULL) FROM {table.new}",
                    [table.new, column],
                )
            for index in table.indexes:
                cursor.execute(_renamed(index.definition, index.name + SUFFIX, table))
        keys = [name for table in self.tables for name, _definition in table.foreign_keys]
        if keys:  # checks deferred to the commit of rows written earlier in the transaction: now
            cursor.execute(f"SET CONSTRAINTS {', '.join(keys)} IMMEDIATE")
        cursor.execute(f"DROP TABLE {', '.join(table.name for table in self.tables)}")
        for table in self.tables:
            cursor.execute(f"ALTER TABLE {table.new} RENAME TO {table.name}")
            for column, sequence in table.sequences:
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table.name, column])
                cursor.execute(f"ALTER SEQUENCE {cursor.fetchone()[0]} RENAME TO {sequence}")
            for index in table.indexes:
                if index.constraint:
                    kind = "PRIMARY KEY" if index.constraint_type == "p" else "UNIQUE"
                    cursor.execute(
                        f"ALTER TABLE {table.name} ADD CONSTRAINT {index.constraint} {kind} "
                        f"USING INDEX {index.name}{SUFFIX}"
                    )
                    if index.constraint != index.name:
                        cursor.execute(f"ALTER INDEX {index.constraint} RENAME TO {index.name}")
                else:
                    cursor.execute(f"ALTER INDEX {index.name}{SUFFIX} RENAME TO {index.name}")
            for privilege, grantee in table.grants:
                cursor.execute(f"GRANT {privilege} ON {table.name} TO {grantee}")
        for table in self.tables:  # after all renames: a key may point to another of the tables
            for name, definition in table.foreign_keys:
                cursor.execute(f"ALTER TABLE {table.name} ADD CONSTRAINT {name} {definition}")
        for table in self.tables:
            cursor.execute(f"ANALYZE {table.name}")


def _describe(cursor, name: str) -> _Table:
    cursor.execute("SELECT %s::regclass::oid, n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE c.oid = %s::regclass", [name, name])  # fmt: skip
    oid, schema = cursor.fetchone()
    table = _Table(name, f"{schema}.{name}")
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(i.oid), c.conname, c.contype, c.condeferrable "
        "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid "
        "AND c.contype IN ('p', 'u') "
        "WHERE x.indrelid = %s ORDER BY i.relname",
        [oid],
    )
    for index_name, definition, constraint, constraint_type, deferrable in cursor.fetchall():
        if deferrable:
            raise RuntimeError(f"A deferrable constraint cannot be carried over: {constraint}")
        table.indexes.append(_Index(index_name, definition, constraint, constraint_type or ""))
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s AND contype = 'f' "
        "ORDER BY conname",
        [oid],
    )
    table.foreign_keys = cursor.fetchall()
    cursor.execute(
        "SELECT a.attname, s.relname FROM pg_attribute a "
        "JOIN pg_class s ON s.oid = pg_get_serial_sequence(%s, a.attname)::regclass "
        "WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        [name, oid],
    )
    table.sequences = cursor.fetchall()
    cursor.execute(
        "SELECT a.privilege_type, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END "
        "FROM pg_class c, aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee "
        "WHERE c.oid = %s AND a.grantee <> c.relowner",
        [oid],
    )
    table.grants = cursor.fetchall()
    return table


def _renamed(definition: str, index: str, table: _Table) -> str:
    """The index definition with another index name, on the new table."""
    found = _INDEX_DEF.fullmatch(definition)
    if not found or found.group(4) not in (table.qualified, table.name):
        raise RuntimeError(f"Unexpected index definition: {definition}")
    schema = table.qualified[: -len(table.name)]
    return f"{found.group(1)}{index}{found.group(3)}{schema}{table.new}{found.group(5)}"
