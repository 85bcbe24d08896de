"""Loading KLE, the municipalities' subject plan, from its CSV (`number,title,parent,uuid`).

`read_kle` checks the whole file first (every problem at once, nothing written); `import_kle`
writes it in one transaction: new subjects are created, changed ones updated, and subjects the
file no longer has are marked inactive, never deleted (units and try-outs may point at them).
The same file twice makes no change the second time.
"""

import csv
import io
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from vocabulary.models import Subject, SubjectKind
from vocabulary.search import reindex_subjects

# The subject plan shipped with the project (credit in data/README.md), so that a fresh machine
# has KLE without the shared folder it came from.
SHIPPED_FILE = Path(__file__).parent / "data" / "kle-emneplan.csv"
COLUMNS = ("number", "title", "parent", "uuid")
MAX_PROBLEMS = 50
BATCH_SIZE = 500
_NUMBERED = re.compile(r"^\d{2}(\.\d{2}){0,2}$")
# Action facets: a letter names a group of them (P Planlægning), a letter and two digits a facet (P08).
_FACET = re.compile(r"^[A-ZÆØÅ](\d{2})?$")
UPDATED_FIELDS = ("title", "parent_id", "kind", "level", "uuid", "is_active")

Progress = Callable[[str, int, int], None]


class KleFileError(Exception):
    """The file cannot be loaded; `problems` say where and why. Nothing was written."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class KleRow:
    number: str
    title: str
    parent: str
    uuid: uuid.UUID | None
    line: int

    @property
    def kind(self) -> str:
        return kind_of(self.number)

    @property
    def level(self) -> int:
        if self.kind == SubjectKind.FACET:
            return 1 if len(self.number) == 1 else 2
        return self.number.count(".") + 1


@dataclass
class KleImportResult:
    """What an import of the subject plan did."""

    created: int = 0
    updated: int = 0
    deactivated: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    changed_numbers: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.deactivated

    def summary(self) -> str:
        return _(
            "KLE: %(created)d created, %(updated)d updated, %(deactivated)d no longer in the plan, "
            "%(unchanged)d unchanged (%(seconds).1f s)."
        ) % {
            "created": self.created,
            "updated": self.updated,
            "deactivated": self.deactivated,
            "unchanged": self.unchanged,
            "seconds": self.seconds,
        }


def kind_of(number: str) -> str:
    if _FACET.match(number):
        return SubjectKind.FACET
    return {0: SubjectKind.MAIN_GROUP, 1: SubjectKind.GROUP}.get(number.count("."), SubjectKind.SUBJECT)


def read_kle(path: Path | str = SHIPPED_FILE) -> list[KleRow]:
    """The rows of a KLE CSV file, checked against each other. Raises KleFileError."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise KleFileError([_("%(file)s: cannot read the file: %(error)s") % {"file": path, "error": error}]) from None
    except UnicodeDecodeError:
        raise KleFileError([_("%(file)s: the file is not UTF-8") % {"file": path}]) from None
    return parse_kle(text, path.name)


def parse_kle(text: str, name: str = "kle.csv") -> list[KleRow]:
    problems = []

    def problem(line, message):
        if len(problems) < MAX_PROBLEMS:
            problems.append(
                _("%(file)s, line %(line)d: %(problem)s") % {"file": name, "line": line, "problem": message}
            )

    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [column.strip().lower() for column in next(reader, [])]
    except csv.Error as error:
        raise KleFileError([f"{name}: {error}"]) from None
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise KleFileError(
            [_("%(file)s: the header needs the columns %(columns)s") % {"file": name, "columns": ", ".join(COLUMNS)}]
        )
    index = {column: header.index(column) for column in COLUMNS}
    rows, seen_numbers, seen_uuids = [], {}, {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            cells = {column: (row[i].strip() if i < len(row) else "") for column, i in index.items()}
            number, title, parent = cells["number"], " ".join(cells["title"].split()), cells["parent"]
            if not (_NUMBERED.match(number) or _FACET.match(number)):
                problem(
                    line,
                    _("“%(number)s” is not a KLE number (27, 27.03, 27.03.08 or a facet such as P08)")
                    % {"number": number},
                )
                continue
            if not title:
                problem(line, _("%(number)s has no title") % {"number": number})
            elif len(title) > Subject._meta.get_field("title").max_length:
                problem(line, _("the title of %(number)s is too long") % {"number": number})
            if number in seen_numbers:
                problem(
                    line, _("%(number)s is also on line %(line)d") % {"number": number, "line": seen_numbers[number]}
                )
                continue
            seen_numbers[number] = line
            expected_parent = number.rsplit(".", 1)[0] if "." in number else ""
            if parent != expected_parent:
                problem(
                    line,
                    _("the parent of %(number)s must be “%(expected)s”, not “%(parent)s”")
                    % {"number": number, "expected": expected_parent, "parent": parent},
                )
            kl_id = None
            if cells["uuid"]:
                try:
                    kl_id = uuid.UUID(cells["uuid"])
                except ValueError:
                    problem(line, _("“%(value)s” is not a uuid") % {"value": cells["uuid"]})
                else:
                    if kl_id in seen_uuids:
                        problem(line, _("the uuid is also on line %(line)d") % {"line": seen_uuids[kl_id]})
                    seen_uuids[kl_id] = line
            rows.append(KleRow(number, title, parent, kl_id, line))
    except csv.Error as error:
        raise KleFileError([f"{name}: {error}"]) from None
    for row in rows:
        if row.parent and row.parent not in seen_numbers:
            problem(row.line, _("the parent %(parent)s is not in the file") % {"parent": row.parent})
    if not rows and not problems:
        problems.append(_("%(file)s: the file has no subjects") % {"file": name})
    if problems:
        raise KleFileError(problems)
    return rows


def import_kle(rows: list[KleRow], progress: Progress | None = None) -> KleImportResult:
    """Bring the subjects in step with `rows` (from read_kle) in one transaction, with history."""
    progress = progress or (lambda label, done, total: None)
    started = time.monotonic()
    result = KleImportResult()
    with transaction.atomic():
        existing = {subject.number: subject for subject in Subject.objects.all()}
        ids = {number: subject.pk for number, subject in existing.items()}
        in_file = {row.number for row in rows}
        claimed_uuids = {row.uuid: row.number for row in rows if row.uuid}
        _free_claimed_uuids(existing, claimed_uuids)

        total, done = len(rows), 0
        changed = []
        for level in (1, 2, 3):
            new = []
            done += sum(1 for row in rows if row.level == level)
            for row in rows:
                if row.level != level:
                    continue
                wanted = {
                    "title": row.title,
                    "parent_id": ids[row.parent] if row.parent else None,
                    "kind": row.kind,
                    "level": row.level,
                    "uuid": row.uuid,
                    "is_active": True,
                }
                subject = existing.get(row.number)
                if subject is None:
                    new.append(Subject(number=row.number, **wanted))
                    continue
                fields = [name for name, value in wanted.items() if getattr(subject, name) != value]
                if fields:
                    for name in fields:
                        setattr(subject, name, wanted[name])
                    changed.append(subject)
                    result.changed_numbers.append(row.number)
                else:
                    result.unchanged += 1
            for start in range(0, len(new), BATCH_SIZE):
                bulk_create_with_history(new[start : start + BATCH_SIZE], Subject, batch_size=BATCH_SIZE)
            progress(_("KLE subjects"), done, total)
            if new and new[0].pk is None:
                new = list(Subject.objects.filter(number__in=[s.number for s in new]))
            ids.update({subject.number: subject.pk for subject in new})
            result.created += len(new)
            result.changed_numbers += [subject.number for subject in new]

        gone = [subject for number, subject in existing.items() if number not in in_file and subject.is_active]
        for subject in gone:
            subject.is_active = False
        result.deactivated = len(gone)
        result.changed_numbers += [subject.number for subject in gone]
        result.updated = len(changed)
        touched = changed + gone
        for start in range(0, len(touched), BATCH_SIZE):
            batch = touched[start : start + BATCH_SIZE]
            Subject.objects.bulk_update(batch, list(UPDATED_FIELDS), batch_size=BATCH_SIZE)
            get_history_manager_for_model(Subject).bulk_history_create(batch, update=True, batch_size=BATCH_SIZE)
        if touched:
            reindex_subjects([subject.number for subject in touched])
    result.seconds = time.monotonic() - started
    return result


def _free_claimed_uuids(existing, claimed):
    """A uuid that moves to another number (KL renumbered a subject) is first taken off the old
    row, so the unique uuid never clashes halfway through the update."""
    moving = [
        subject.pk
        for number, subject in existing.items()
        if subject.uuid is not None and claimed.get(subject.uuid, number) != number
    ]
    if moving:
        Subject.objects.filter(pk__in=moving).update(uuid=None)
        for subject in existing.values():
            if subject.pk in moving:
                subject.uuid = None


def load_shipped_kle(progress: Progress | None = None) -> KleImportResult:
    """Import the subject plan shipped with the project (used by the demo and `make run`)."""
    return import_kle(read_kle(SHIPPED_FILE), progress)
