"""Columns of the organisation import that apps above people read and write.

people/importing.py knows the columns of units and people (import_format.py). A higher app
(vocabulary: a unit's KLE responsibilities, `kle`) adds a column by registering it in its
AppConfig.ready; the importer accepts the column, lets the app check the records that carry it
(problems reported with the rest, nothing written) and apply them inside the import's transaction.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from people.import_format import PERSON_COLUMNS, UNIT_COLUMNS

KINDS = {"units": UNIT_COLUMNS, "people": PERSON_COLUMNS}


@dataclass(frozen=True)
class ImportColumn:
    """An extra column of the units or people files.

    `check(records, problem)` gets the records (people.importing.Record) that have the column and
    calls `problem(record, message)` for each problem; what it returns is handed to
    `apply(checked, ids, user)` after the units (or people) are written, with `ids` mapping every
    external_id of the file to its object's pk. `apply` returns the external_ids it changed.
    """

    name: str
    kind: str
    check: Callable[[list, Callable[[Any, str], None]], Any]
    apply: Callable[[Any, Mapping[str, int], Any], list[str]]


_columns: dict[tuple[str, str], ImportColumn] = {}


def register_column(column: ImportColumn) -> None:
    if column.kind not in KINDS:
        raise ValueError(f"unknown kind {column.kind!r}; use one of {sorted(KINDS)}")
    _columns[(column.kind, column.name)] = column


def extra_columns(kind: str) -> list[ImportColumn]:
    return [column for (column_kind, _name), column in _columns.items() if column_kind == kind]


def known_columns(kind: str) -> tuple[str, ...]:
    """The columns a units or people file may have: the importer's own and the registered ones."""
    return (*KINDS[kind], *(column.name for column in extra_columns(kind)))
