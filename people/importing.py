"""Importing the organisation (units and people) from HR/payroll exports: CSV or JSON.

The format is described in docs/import-format.md. An import runs in three steps: `read_source`
turns a file into records remembering their file and line, `plan_import` checks every record
against the file and the database (all problems at once, nothing written), and `run_import`
applies the plan in one transaction with bulk inserts and updates, so 50,000 people take
seconds. A dry run is the same import rolled back at the end, so its figures are exact.
"""

import csv
import io
import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from people import json_stream
from people.import_columns import extra_columns, known_columns
from people.models import Membership, Person, Role
from people.search import KIND as PERSON_KIND
from people.services import LEAVING_FIELDS, end_access, mark_left, restore_access
from search.index import deferred, index_many
from units.models import Unit, UnitKind

# Columns the file's value is written to (when the column is in the file). Everything else on a
# unit or person (visitkort texts, about, ask me about, expertise, photo …) belongs to the
# directory's users and is never touched by an import.
UNIT_OWNED = ("name", "kind", "email", "phone", "address")
PERSON_OWNED = ("first_name", "last_name", "email", "title", "phone", "mobile", "location")
BATCH_SIZE = 1000
# Memberships change few fields of few rows: Django's bulk_update, in small batches (its cost
# grows with the square of the batch).
UPDATE_BATCH_SIZE = 100
MAX_PROBLEMS = 50
# Line breaks (also Unicode's: NEL, LS, PS) and other control characters, tab included.
_NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


# --- records and problems ---------------------------------------------------------------------


@dataclass
class Record:
    """One unit or person from the file, with where it came from for error reports."""

    file: str
    line: int
    values: dict

    @property
    def where(self):
        return f"{self.file}, line {self.line}"


@dataclass
class Problem:
    file: str
    line: int
    message: str

    def __str__(self):
        return _("%(file)s, line %(line)s: %(problem)s") % {
            "file": self.file,
            "line": self.line,
            "problem": self.message,
        }


class ImportFailed(Exception):
    """The file cannot be imported; `problems` say where and why. Nothing was written."""

    def __init__(self, problems, more=0):
        self.problems = problems
        self.more = more
        super().__init__("\n".join(self.lines()))

    def lines(self):
        lines = [str(problem) for problem in self.problems]
        if self.more:
            lines.append(_("… and %(count)d more problems.") % {"count": self.more})
        return lines


class Records:
    """Records of one kind read from one or more files, read afresh from the file each time they
    are iterated: an import of 500,000 people never holds them all (the file was read once and
    found well-formed, so reading it again gives the same records). A list works as well."""

    def __init__(self, parts=()):
        self.parts = list(parts)  # lists of records, or _CsvRecords

    def __iter__(self):
        for part in self.parts:
            yield from part

    def __len__(self):
        return sum(len(part) for part in self.parts)

    def __bool__(self):
        return any(len(part) for part in self.parts)

    def __iadd__(self, other):
        self.parts += other.parts if isinstance(other, Records) else [list(other)]
        return self

    def batches(self, size):
        """Lists of up to `size` records, in file order."""
        batch = []
        for record in self:
            batch.append(record)
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch


@dataclass
class Source:
    """The units and people read from one or more files. Units are few and kept; people are
    read from their files again when the import needs them (Records)."""

    units: list = field(default_factory=list)
    people: Records = field(default_factory=Records)
    files: list = field(default_factory=list)

    def __post_init__(self):
        if not isinstance(self.people, Records):
            self.people = Records([list(self.people)])

    def add(self, other):
        self.units += other.units
        self.people += other.people
        self.files += other.files


# --- reading files ------------------------------------------------------------------------------


FIRST_CHARACTER = re.compile(r"\S")
FIRST_LINE = re.compile(r"[^\r\n]*")


def read_path(path):
    """Read an import file from disk (see `read_source`); a CSV file is read line by line, never
    whole, and read again when its records are needed."""
    path = Path(path)
    try:
        path.open("rb").close()
    except OSError as error:
        raise ImportFailed(
            [Problem(str(path), 0, _("cannot read the file: %(error)s") % {"error": error.strerror})]
        ) from None
    return _read(path.name, lambda: path.open("rb"))


def read_source(name, data):
    """Records from the bytes of a CSV or JSON file called `name`. Raises ImportFailed."""
    return _read(name, lambda: io.BytesIO(data))


def _read(name, open_binary):
    """Records from the file `open_binary()` opens (afresh on each call). The bytes are checked
    line by line first, so that a bad byte is reported before anything the CSV reader says."""
    first = None
    with open_binary() as file:
        for number, raw in enumerate(file, 1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise ImportFailed(
                    [
                        Problem(
                            name,
                            number,
                            _("the file is not UTF-8. In Excel, save it as “CSV UTF-8 (comma delimited)”."),
                        )
                    ]
                ) from None
            if "\x00" in line:
                raise ImportFailed([Problem(name, number, _("the file contains NUL bytes"))])
            if first is None:
                first = FIRST_CHARACTER.search(line)
    if first is None:
        raise ImportFailed([Problem(name, 1, _("the file is empty"))])
    looks_like_json = name.lower().endswith(".json") or first.group() in "{["

    def open_text():
        return io.TextIOWrapper(open_binary(), encoding="utf-8-sig", newline="")

    return (read_json if looks_like_json else read_csv)(name, open_text)


def read_csv(name, open_text):
    """A CSV file of units (it has a `name` column) or people (a `first_name` column), separated
    by `;` (Danish Excel) or `,`, whichever the header line uses more. Every row has as many
    fields as the header, each on one line: a stray quote or a lost separator would otherwise
    shift or swallow values without a word. `open_text()` opens the file as text (newline="");
    it is read to the end here, so every problem is reported now, and again whenever the
    import iterates its people."""
    with open_text() as text:
        header_line = FIRST_LINE.match(next(text, "")).group()
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    with open_text() as text:
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        try:
            header = [column.strip().lower().lstrip("\ufeff") for column in next(reader)]
        except csv.Error as error:
            raise ImportFailed([Problem(name, 1, _csv_error(error))]) from None
        if reader.line_num > 1:
            raise ImportFailed([Problem(name, 1, _spans_lines(reader.line_num))])
    if "first_name" in header:
        kind, known = "people", known_columns("people")
    elif "name" in header:
        kind, known = "units", known_columns("units")
    else:
        raise ImportFailed(
            [Problem(name, 1, _("the header needs a “name” column (units) or a “first_name” column (people)"))]
        )
    _check_columns(name, 1, header, known)
    records = _CsvRecords(name, open_text, header, delimiter)
    records.count = sum(1 for _record in records)  # the whole file checked, nothing kept
    if kind == "units":
        return Source(units=list(records), files=[name])
    return Source(people=Records([records]), files=[name])


class _CsvRecords:
    """The records of a CSV file whose header has been read, read from the file on each
    iteration (see read_csv)."""

    def __init__(self, name, open_text, header, delimiter):
        self.name, self.open_text, self.header, self.delimiter = name, open_text, header, delimiter
        self.count = 0

    def __len__(self):
        return self.count

    def __iter__(self):
        name, header, delimiter = self.name, self.header, self.delimiter
        with self.open_text() as text:
            reader = csv.reader(text, delimiter=delimiter, strict=True)
            next_line = 2
            try:
                next(reader)
                for row in reader:
                    line, next_line = next_line, reader.line_num + 1
                    if reader.line_num > line:
                        raise ImportFailed([Problem(name, line, _spans_lines(reader.line_num))])
                    if not any(cell.strip() for cell in row):
                        continue  # Excel leaves empty rows (";;;;") at the end
                    if len(row) != len(header):
                        raise ImportFailed(
                            [
                                Problem(
                                    name,
                                    line,
                                    _(
                                        "the row has %(cells)d fields but the header has %(columns)d columns: "
                                        "is a separator (%(separator)s) missing or one too many?"
                                    )
                                    % {"cells": len(row), "columns": len(header), "separator": delimiter},
                                )
                            ]
                        )
                    yield _record(name, line, {column: cell.strip() for column, cell in zip(header, row, strict=True)})
            except csv.Error as error:
                raise ImportFailed([Problem(name, next_line, _csv_error(error))]) from None


def _record(file, line, values):
    """A record with its kind and role in lower case, as the checks and the import compare them."""
    for key in ("kind", "role"):
        if key in values:
            values[key] = values[key].lower()
    return Record(file, line, values)


def _spans_lines(last):
    return _(
        'a quote (") starts a field that runs on to line %(last)d; every field must be on one line. '
        "Remove the stray quote or close it."
    ) % {"last": last}


def _csv_error(error):
    """The csv module's complaint in words an HR clerk can act on."""
    message = str(error)
    if "unexpected end of data" in message:
        return _('a quote (") starts a field that is never closed. Remove the stray quote or close it.')
    if "expected after" in message:
        return _('text follows the closing quote (") of a field. Put the whole field in quotes or remove the quotes.')
    if "field larger than field limit" in message:
        return _("a field is longer than %(limit)d characters") % {"limit": csv.field_size_limit()}
    return _("not a readable CSV file: %(error)s") % {"error": error}


class _JsonNumber(str):
    """A number in a JSON file, kept as it is written: every field of the format is text, and
    converting it first would turn 5,000 digits into an error and 1e400 into infinity."""


class _JsonObject(dict):
    """A JSON object that remembers its keys as written, so that a key given twice is seen."""

    def __init__(self, pairs):
        super().__init__(pairs)
        self.keys_as_written = [key for key, _value in pairs]


_JSON_DECODER = json.JSONDecoder(
    parse_int=_JsonNumber, parse_float=_JsonNumber, parse_constant=_JsonNumber, object_pairs_hook=_JsonObject
)


def read_json(name, open_text):
    """A JSON object {"units": [...], "people": [...]} of objects keyed by the column names,
    whose values are text (or null for empty). `open_text()` opens the file as text; it is read
    an entry at a time (people/json_stream.py) and to the end here, so every problem is reported
    now; the units are kept, the people read again whenever the import iterates them."""
    records = _JsonRecords(name, open_text)
    units = []
    for kind, record in records.entries():
        if kind == "units":
            units.append(record)
        else:
            records.count += 1
    return Source(units=units, people=Records([records]), files=[name])


class _JsonRecords:
    """The people of a JSON file, read from the file on each iteration (see read_json)."""

    KINDS = ("units", "people")

    def __init__(self, name, open_text):
        self.name, self.open_text = name, open_text
        self.count = 0

    def __len__(self):
        return self.count

    def __iter__(self):
        for kind, record in self.entries():
            if kind == "people":
                yield record

    def entries(self):
        """(kind, record) for each entry of the file's lists, in file order. The first problem
        stops the import: a syntax error first wherever it is (a reader of the whole file would
        find it before anything else), then what is wrong with the file's object, then the first
        entry that is wrong."""
        name, keys, not_an_object, entry_problem = self.name, [], False, None
        known = {kind: known_columns(kind) for kind in self.KINDS}
        with self.open_text() as text:
            try:
                for what, key, line, value in json_stream.top_level(text, _JSON_DECODER):
                    if key is None:
                        not_an_object = True
                    elif what != json_stream.ENTRY:
                        keys.append(key)
                        if what == json_stream.VALUE and key in self.KINDS and entry_problem is None:
                            entry_problem = _problem(name, 1, _("“%(key)s” must be a list") % {"key": key})
                    elif key in self.KINDS and entry_problem is None:
                        try:
                            yield key, _json_record(name, line, value, known[key])
                        except ImportFailed as failed:
                            entry_problem = failed  # read on: a syntax error further on is told first
            except json_stream.JsonSyntaxError as error:
                found = {"error": error.message, "column": error.column}
                raise _problem(name, error.line, _("not valid JSON: %(error)s (column %(column)d)") % found) from None
            except json_stream.TooDeep as error:
                too_deep = _("the JSON is nested too deeply: the file is an object of lists of objects of text")
                raise _problem(name, error.line, too_deep) from None
        if not_an_object or not set(keys) & set(self.KINDS):
            raise _problem(name, 1, _("the JSON must be an object with a “units” and/or a “people” list"))
        unknown = sorted(set(keys) - set(self.KINDS))
        if unknown:
            raise _problem(name, 1, _("unknown key(s): %(keys)s") % {"keys": ", ".join(map(_shown, unknown[:5]))})
        twice = _given_twice(keys)
        if twice:
            raise _problem(name, 1, _("key(s) given twice: %(keys)s") % {"keys": twice})
        if entry_problem:
            raise entry_problem


def _problem(name, line, message):
    return ImportFailed([Problem(name, line, message)])


def _json_record(name, line, item, known):
    """One entry of a JSON list, checked: an object of text (or null) under known column names."""
    if not isinstance(item, dict):
        raise _problem(name, line, _("each entry must be an object with named fields"))
    _check_columns(name, line, item.keys_as_written, known)
    values = {}
    for key, value in item.items():
        if value is None:
            value = ""
        elif isinstance(value, _JsonNumber):
            raise _problem(
                name,
                line,
                _("“%(field)s” must be text in quotes, not the number %(number)s")
                % {"field": key, "number": _shown(value)},
            )
        elif not isinstance(value, str):
            raise _problem(name, line, _("“%(field)s” must be text") % {"field": key})
        values[key] = value.strip()
    return _record(name, line, values)


def _check_columns(name, line, columns, known):
    unknown = [column for column in columns if column not in known]
    if unknown:
        shown = ", ".join(_shown(column) for column in unknown[:5]) + (", …" if len(unknown) > 5 else "")
        raise ImportFailed(
            [
                Problem(
                    name,
                    line,
                    _("unknown column(s): %(unknown)s. Known columns: %(known)s")
                    % {"unknown": shown, "known": ", ".join(known)},
                )
            ]
        )
    twice = _given_twice(columns)
    if twice:
        raise ImportFailed([Problem(name, line, _("column(s) given twice: %(columns)s") % {"columns": twice})])


def _given_twice(names):
    return ", ".join(_shown(name) for name, count in sorted(Counter(names).items()) if count > 1)


def _shown(value, limit=40):
    """A value from the file as a problem report quotes it: long ones cut short."""
    return value if len(value) <= limit else value[:limit] + "…"


# --- checking the records -------------------------------------------------------------------


@dataclass
class Plan:
    """A checked import: units in parent-first order, people, and the ids of existing units."""

    source: Source
    units: list  # records, parents before children
    people: list
    unit_ids: dict  # external_id → pk of the units already in the database
    extras: list = field(default_factory=list)  # (ImportColumn, what its check returned): import_columns.py


class Checker:
    def __init__(self):
        self.problems = []
        self.more = 0

    def problem(self, record, message):
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(record.file, record.line, message))
        else:
            self.more += 1

    def required(self, record, column):
        value = record.values.get(column, "")
        if not value:
            self.problem(record, _("“%(field)s” is missing") % {"field": column})
        return value

    def one_line(self, record):
        """Every field of the format is one line of text: a line break or another control character
        in a name or title would break e-mail headers, vCards and the layout (issue 17)."""
        for column, value in record.values.items():
            if _NOT_ONE_LINE.search(value):
                self.problem(
                    record,
                    _("“%(field)s” contains a line break or another control character; it must be one line of text")
                    % {"field": column},
                )

    def length(self, record, model, columns):
        for column in columns:
            # A reference (parent_external_id, unit_external_id) is as long as the id it points at.
            field_name = "external_id" if column.endswith("_external_id") else column
            limit = model._meta.get_field(field_name).max_length
            if len(record.values.get(column, "")) > limit:
                self.problem(
                    record,
                    _("“%(field)s” is longer than %(limit)d characters") % {"field": column, "limit": limit},
                )

    def email(self, record):
        value = record.values.get("email", "")
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.problem(record, _("“%(value)s” is not a valid email address") % {"value": _shown(value)})

    def unique(self, records):
        seen = {}
        for record in records:
            external_id = record.values.get("external_id", "")
            if external_id in seen:
                self.problem(
                    record,
                    _("external_id “%(id)s” is also used on line %(line)d")
                    % {"id": _shown(external_id), "line": seen[external_id]},
                )
            elif external_id:
                seen[external_id] = record.line


def plan_import(source):
    """Check every record against the others and the database; raise ImportFailed listing every
    problem (up to 50) or return the plan."""
    check = Checker()
    if not source.units and not source.people:
        raise ImportFailed([Problem(", ".join(source.files), 1, _("the file has no units and no people"))])
    existing_units = {
        pk: (external_id, parent_id)
        for pk, external_id, parent_id in Unit.objects.values_list("pk", "external_id", "parent_id")
    }
    unit_ids = {external_id: pk for pk, (external_id, _parent) in existing_units.items() if external_id}

    for record in source.units:
        values = record.values
        check.required(record, "external_id")
        check.required(record, "name")
        check.one_line(record)
        check.length(record, Unit, ("external_id", "name", "email", "phone", "address", "parent_external_id"))
        check.email(record)
        if values.get("kind") and values["kind"] not in UnitKind.values:
            check.problem(
                record,
                _("unknown kind “%(kind)s”; use one of: %(kinds)s")
                % {"kind": _shown(values["kind"]), "kinds": ", ".join(UnitKind.values)},
            )
    check.unique(source.units)
    file_units = {record.values["external_id"]: record for record in source.units if record.values.get("external_id")}
    for record in source.units:
        parent = record.values.get("parent_external_id", "")
        if parent and parent not in file_units and parent not in unit_ids:
            check.problem(
                record, _("parent unit “%(id)s” is neither in the file nor in the directory") % {"id": _shown(parent)}
            )
        elif parent and parent == record.values.get("external_id"):
            check.problem(record, _("the unit is its own parent"))
    ordered = _parents_first(source, file_units, unit_ids, existing_units, check)

    for record in source.people:
        values = record.values
        check.required(record, "external_id")
        check.required(record, "first_name")
        check.required(record, "last_name")
        check.one_line(record)
        check.length(
            record,
            Person,
            (*PERSON_OWNED, "external_id", "unit_external_id"),
        )
        check.email(record)
        unit = values.get("unit_external_id", "")
        if values.get("role") and values["role"] not in Role.values:
            check.problem(
                record,
                _("unknown role “%(role)s”; use one of: %(roles)s")
                % {"role": _shown(values["role"]), "roles": ", ".join(Role.values)},
            )
        if unit and unit not in file_units and unit not in unit_ids:
            check.problem(record, _("unit “%(id)s” is neither in the file nor in the directory") % {"id": _shown(unit)})
        if values.get("role") and not unit:
            check.problem(record, _("a role needs a unit (unit_external_id)"))
    check.unique(source.people)
    extras = [
        (column, column.check([r for r in getattr(source, kind) if column.name in r.values], check.problem))
        for kind in ("units", "people")
        for column in extra_columns(kind)
    ]

    if check.problems:
        raise ImportFailed(check.problems, check.more)
    return Plan(source=source, units=ordered, people=source.people, unit_ids=unit_ids, extras=extras)


def _parents_first(source, file_units, unit_ids, existing_units, check):
    """The file's units ordered so that each parent comes before its children; a cycle in the
    tree (counting units already in the directory) is a problem on the unit where it closes."""
    # The tree after the import: the file's parents for its units, the database's for the rest.
    parent_of = {}
    pk_to_external = {pk: external_id for pk, (external_id, _parent) in existing_units.items()}
    for pk, (external_id, parent_id) in existing_units.items():
        key = external_id or ("pk", pk)
        parent_of[key] = (pk_to_external.get(parent_id) or ("pk", parent_id)) if parent_id else None
    for external_id, record in file_units.items():
        parent_of[external_id] = record.values.get("parent_external_id") or None

    depth = {}
    for external_id, record in file_units.items():
        chain, node = [], external_id
        while node is not None and node not in depth:
            if node in chain:
                if node == external_id:
                    check.problem(
                        record,
                        _("the unit tree has a cycle: %(chain)s")
                        % {"chain": " → ".join(str(n) for n in [*chain, node] if isinstance(n, str))},
                    )
                break
            chain.append(node)
            node = parent_of.get(node)
        else:
            base = depth.get(node, -1) if node is not None else -1
            for offset, item in enumerate(reversed(chain)):
                depth[item] = base + offset + 1
    return sorted(source.units, key=lambda record: depth.get(record.values.get("external_id"), 0))


# --- applying the plan ------------------------------------------------------------------------


@dataclass
class Change:
    """One created, updated, deactivated or reactivated unit or person, for the report."""

    action: str  # created, updated, deactivated, reactivated
    kind: str  # unit, person
    external_id: str
    name: str
    fields: tuple = ()

    @property
    def action_label(self):
        return {
            "created": _("created"),
            "updated": _("updated"),
            "deactivated": _("deactivated"),
            "reactivated": _("reactivated"),
        }[self.action]

    @property
    def kind_label(self):
        return _("unit") if self.kind == "unit" else _("person")


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do): every change counted, the first `listed`
    of them kept for the report (all of them with None). A change is some 300 bytes: an import of
    500,000 people made a million, kept until its end only to be counted."""

    dry_run: bool = False
    listed: int | None = None
    changes: list = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)  # (action, kind) → how many
    memberships_created: int = 0
    memberships_updated: int = 0
    memberships_removed: int = 0
    seconds: float = 0.0

    def add(self, change) -> bool:
        """Count the change; returns whether it is kept in `changes`."""
        self.counts[change.action, change.kind] += 1
        kept = self.listed is None or len(self.changes) < self.listed
        if kept:
            self.changes.append(change)
        return kept

    def count(self, action, kind):
        return self.counts[action, kind]

    @property
    def changes_count(self):
        return self.counts.total()

    @property
    def total(self):
        return self.changes_count + self.memberships_created + self.memberships_updated + self.memberships_removed

    def summary(self):
        """Counts per kind and action, in words."""
        counts = {
            "units_created": self.count("created", "unit"),
            "units_updated": self.count("updated", "unit"),
            "people_created": self.count("created", "person"),
            "people_updated": self.count("updated", "person"),
            "people_reactivated": self.count("reactivated", "person"),
            "people_deactivated": self.count("deactivated", "person"),
            "memberships": self.memberships_created + self.memberships_updated + self.memberships_removed,
        }
        return (
            _(
                "Units: %(units_created)d created, %(units_updated)d updated. "
                "People: %(people_created)d created, %(people_updated)d updated, "
                "%(people_reactivated)d reactivated, %(people_deactivated)d deactivated. "
                "Memberships changed: %(memberships)d."
            )
            % counts
        )


class _DryRunRollback(Exception):
    pass


def run_import(plan, *, dry_run=False, deactivate_missing=False, user=None, progress=None, listed=None):
    """Apply a checked plan in one transaction: upsert units and people by external_id, set each
    person's primary membership, optionally deactivate people missing from the file, and update
    the search index. With `dry_run` everything is rolled back. `user` is recorded in the history;
    the result lists the first `listed` changes (None: all) and counts them all."""
    if deactivate_missing and not plan.people:
        raise ImportFailed(
            [Problem(", ".join(plan.source.files), 1, _("--deactivate-missing needs a file with people"))]
        )
    started = time.monotonic()
    result = ImportResult(dry_run=dry_run, listed=listed)
    try:
        with transaction.atomic():
            importer = _Importer(plan, result, user, progress or (lambda label, done, total: None))
            with deferred():
                units = importer.upsert_units()
                importer.apply_extra_columns("units", units)
            touched = importer.upsert_people(units)
            importer.apply_extra_columns("people", importer.person_ids)
            touched |= importer.set_memberships(units)
            if deactivate_missing:
                touched |= importer.deactivate_missing()
            if dry_run:  # the figures are complete; indexing what is rolled back would be wasted
                raise _DryRunRollback
            importer.reindex(touched)
    except _DryRunRollback:
        pass
    result.seconds = time.monotonic() - started
    return result


# A file's kind of record, and the kind of change it makes.
_CHANGE_KIND = {"units": "unit", "people": "person"}


class _Importer:
    def __init__(self, plan, result, user, progress):
        self.plan, self.result, self.user, self.progress = plan, result, user, progress
        self.now = timezone.now()
        self.person_ids = {}  # external_id → pk of the file's people (for memberships)
        self.created_ids = set()
        # The external ids reported as changed, of the kinds a column in the file may change too
        # (apply_extra_columns counts each object once): only those kinds, not every person's id.
        self.reported = {_CHANGE_KIND[column.kind]: set() for column, _checked in plan.extras}

    def report(self, change):
        """Count the change in the result; returns whether the result lists it."""
        if change.kind in self.reported:
            self.reported[change.kind].add(change.external_id)
        return self.result.add(change)

    def upsert_units(self):
        """Units one by one with save(): few, and save() keeps slug, centre and history right."""
        existing = {
            unit.external_id: unit
            for unit in Unit.objects.filter(external_id__in=[r.values["external_id"] for r in self.plan.units])
        }
        by_external_id = dict(existing)
        total = len(self.plan.units)
        for done, record in enumerate(self.plan.units, 1):
            values = record.values
            unit = existing.get(values["external_id"])
            # A column missing from the file (or a key missing from a JSON entry) leaves the field alone.
            wanted = {name: values[name] for name in UNIT_OWNED if name in values}
            if not wanted.get("kind"):
                wanted.pop("kind", None)  # an empty kind keeps the unit's kind (a new one is a team)
            parent = None
            if "parent_external_id" in values:
                parent_external_id = values.get("parent_external_id", "")
                if parent_external_id:
                    parent = by_external_id.get(parent_external_id) or Unit.objects.get(external_id=parent_external_id)
                    by_external_id[parent_external_id] = parent
                wanted["parent_id"] = parent.pk if parent else None
            if unit is None:
                unit = Unit(external_id=values["external_id"], **wanted)
                if parent is not None:  # the chain above in memory: save() finds the centre without queries
                    unit.parent = parent
                self.record_user(unit)
                unit.save()
                self.report(Change("created", "unit", unit.external_id, unit.name))
            else:
                changed = [name for name, value in wanted.items() if getattr(unit, name) != value]
                if not unit.is_active:
                    unit.is_active = True
                    changed.append("is_active")
                if changed:
                    for name in changed:
                        if name != "is_active":
                            setattr(unit, name, wanted[name])
                    unit.version += 1
                    self.record_user(unit)
                    unit.save()
                    self.report(Change("updated", "unit", unit.external_id, unit.name, tuple(changed)))
            by_external_id[unit.external_id] = unit
            if done % 100 == 0 or done == total:
                self.progress(_("Units"), done, total)
        return {external_id: unit.pk for external_id, unit in by_external_id.items()} | self.plan.unit_ids

    def record_user(self, unit):
        """The history row names the importing user also where no request does (the worker)."""
        if self.user is not None:
            unit._history_user = self.user

    def apply_extra_columns(self, kind, ids):
        """The columns other apps registered (import_columns.py); a changed object is reported as
        updated, with the column among its changed fields."""
        columns = [(column, checked) for column, checked in self.plan.extras if column.kind == kind]
        if not columns:
            return
        records = {r.values.get("external_id"): r for r in getattr(self.plan.source, kind)}
        change_kind = _CHANGE_KIND[kind]
        listed = {c.external_id: c for c in self.result.changes if c.kind == change_kind}
        changed = self.reported[change_kind]
        for column, checked in columns:
            for external_id in column.apply(checked, ids, self.user):
                if external_id in changed:  # counted already; named with its columns if listed
                    if external_id in listed:
                        listed[external_id].fields = (*listed[external_id].fields, column.name)
                    continue
                values = records[external_id].values
                name = values.get("name") or f"{values.get('first_name', '')} {values.get('last_name', '')}".strip()
                change = Change("updated", change_kind, external_id, name, (column.name,))
                if self.report(change):
                    listed[external_id] = change

    def upsert_people(self, unit_ids):
        """People in bulk (with history rows), a batch of the file at a time, so memory holds one
        batch of people however long the file; returns the ids of people created or changed."""
        returned, changed_ids = [], set()
        done, total = 0, len(self.plan.people)
        for records in self.plan.people.batches(BATCH_SIZE * 10):
            changed_ids |= self.upsert_people_batch(records, returned)
            done += len(records)
            self.progress(_("People"), done, total)
        restore_access(returned)  # their login works again (people/services.py)
        return changed_ids

    def upsert_people_batch(self, records, returned):
        external_ids = [record.values["external_id"] for record in records]
        # Whole rows: the history rows written for an update copy every field.
        existing = {person.external_id: person for person in Person.objects.filter(external_id__in=external_ids)}
        created, updated, update_fields = [], [], set()
        for record in records:
            values = record.values
            person = existing.get(values["external_id"])
            wanted = {name: values[name] for name in PERSON_OWNED if name in values}
            if person is None:
                person = Person(external_id=values["external_id"], created_at=self.now, updated_at=self.now, **wanted)
                person.sort_key = person.compute_sort_key()
                created.append(person)
                self.report(Change("created", "person", person.external_id, person.full_name))
            else:
                changed = [name for name, value in wanted.items() if getattr(person, name) != value]
                for name in changed:
                    setattr(person, name, wanted[name])
                action = "updated"
                if not person.is_active:
                    # Back in the HR file: rehired or a mistake undone.
                    person.is_active, person.deactivated_at, person.anonymised_at = True, None, None
                    changed += ["is_active", "deactivated_at", "anonymised_at"]
                    action = "reactivated"
                    returned.append(person.user_id)
                if changed:
                    person.version += 1
                    person.updated_at = self.now
                    person.sort_key = person.compute_sort_key()
                    update_fields.update(changed)
                    updated.append(person)
                    self.report(Change(action, "person", person.external_id, person.full_name, tuple(changed)))
        for start in range(0, len(created), BATCH_SIZE):
            bulk_create_with_history(
                created[start : start + BATCH_SIZE], Person, batch_size=BATCH_SIZE, default_user=self.user
            )
        if updated:
            fields = sorted(update_fields | {"version", "updated_at", "sort_key"})
            for start in range(0, len(updated), BATCH_SIZE):
                self.update_with_history(updated[start : start + BATCH_SIZE], fields)
        for person in (*existing.values(), *created):
            self.person_ids[person.external_id] = person.pk
        self.created_ids.update(person.pk for person in created)
        return {person.pk for person in created} | {person.pk for person in updated}

    def set_memberships(self, unit_ids):
        """Each person's primary membership follows the file's unit and role; a primary membership
        in another unit is removed (the person moved); other memberships stay."""
        touched = set()
        for records in self.plan.people.batches(BATCH_SIZE * 10):
            touched |= self.set_memberships_batch(records, unit_ids)
        return touched

    def set_memberships_batch(self, records, unit_ids):
        wanted = {}
        for record in records:
            unit_external_id = record.values.get("unit_external_id", "")
            if unit_external_id:
                person_id = self.person_ids[record.values["external_id"]]
                wanted[person_id] = (unit_ids[unit_external_id], record.values.get("role") or Role.MEDARBEJDER)
        current = {}
        for membership in Membership.objects.filter(person_id__in=list(wanted)).only(
            "pk", "person_id", "unit_id", "role", "is_primary"
        ):
            current.setdefault(membership.person_id, []).append(membership)
        create, update, remove, touched = [], [], [], set()
        for person_id, (unit_id, role) in wanted.items():
            memberships = current.get(person_id, [])
            match = next((m for m in memberships if m.unit_id == unit_id), None)
            for membership in memberships:
                if membership is not match and membership.is_primary:
                    remove.append(membership.pk)
                    touched.add(person_id)
            if match is None:
                create.append(Membership(person_id=person_id, unit_id=unit_id, role=role, is_primary=True))
                touched.add(person_id)
            elif match.role != role or not match.is_primary:
                match.role, match.is_primary = role, True
                update.append(match)
                touched.add(person_id)
        for start in range(0, len(remove), BATCH_SIZE):
            Membership.objects.filter(pk__in=remove[start : start + BATCH_SIZE]).delete()
        Membership.objects.bulk_create(create, batch_size=BATCH_SIZE)
        Membership.objects.bulk_update(update, ["role", "is_primary"], batch_size=UPDATE_BATCH_SIZE)
        self.result.memberships_created += len(create)
        self.result.memberships_updated += len(update)
        self.result.memberships_removed += len(remove)
        return touched

    def deactivate_missing(self):
        """People with an external_id who are not in the file become inactive (never deleted)."""
        in_file = self.person_ids
        leavers = [
            person
            for person in Person.objects.filter(is_active=True, external_id__isnull=False)
            if person.external_id not in in_file
        ]
        for person in leavers:
            mark_left(person, self.now)
            self.report(Change("deactivated", "person", person.external_id, person.full_name))
        for start in range(0, len(leavers), BATCH_SIZE):
            self.update_with_history(leavers[start : start + BATCH_SIZE], LEAVING_FIELDS)
        # What leaving means beyond the record: their login and sessions end now (people/services.py).
        end_access(person.user_id for person in leavers)
        return {person.pk for person in leavers}

    def update_with_history(self, people, fields):
        """Write `fields` of `people` and a history row for each (simple-history's
        bulk_update_with_history, with a faster update)."""
        update_rows(Person, people, fields)
        get_history_manager_for_model(Person).bulk_history_create(
            people, batch_size=BATCH_SIZE, update=True, default_user=self.user
        )

    def reindex(self, person_ids):
        """Bulk writes send no signals: index the people they touched, in batches, the lexicon's
        words written once at the end (search/index.py, index_many)."""
        index_many(
            PERSON_KIND,
            person_ids,
            BATCH_SIZE,
            progress=lambda done, total: self.progress(_("Search index"), done, total),
        )


def update_rows(model, objects, fields):
    """UPDATE … FROM a VALUES list: one statement per 1,000 rows whose cost grows linearly.
    Django's bulk_update writes a CASE per field with a branch per row, which costs ~5 ms a row
    at 50,000 people. Sends no signals, like bulk_update."""
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), model._meta.pk
    columns = [model._meta.get_field(name) for name in fields]
    # PostgreSQL reads VALUES parameters as text: cast each to its column's type.
    cast = connection.vendor == "postgresql"
    slots = ", ".join(f"CAST(%s AS {f.db_type(connection)})" if cast else "%s" for f in [pk, *columns])
    names = ", ".join(quote(f.column) for f in [pk, *columns])
    assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in columns)
    with connection.cursor() as cursor:
        for start in range(0, len(objects), BATCH_SIZE):
            batch = objects[start : start + BATCH_SIZE]
            params = [f.get_db_prep_save(getattr(obj, f.attname), connection) for obj in batch for f in [pk, *columns]]
            values = ", ".join([f"({slots})"] * len(batch))
            cursor.execute(
                f"WITH v ({names}) AS (VALUES {values}) "
                f"UPDATE {table} SET {assignments} FROM v WHERE {table}.{quote(pk.column)} = v.{quote(pk.column)}",
                params,
            )


def import_files(paths_or_sources, **options):
    """Read, check and run an import of one or more files in one go (see `run_import`)."""
    source = Source()
    for item in paths_or_sources:
        source.add(item if isinstance(item, Source) else read_path(item))
    return run_import(plan_import(source), **options)
