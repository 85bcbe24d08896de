"""The `kle` column of the organisation import: a unit's KLE responsibilities.

A cell lists KLE numbers with their aspect, separated by commas (or semicolons, `|`, new
lines): `27.03.08:ansvarlig, 27.03.10:udførende, 27.36:indsigt`. The aspect may be written
ansvarlig, udførende (udfoerende) or indsigt, or by its first letter. A present column replaces
the unit's responsibilities with the cell's (an empty cell removes them); a missing column
leaves them alone. Registered with people's importer (people/import_columns.py), which knows
no vocabulary.
"""

import re
from collections import defaultdict

from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from people.import_columns import ImportColumn, register_column
from search import index
from vocabulary.models import Aspect, Subject, SubjectKind, UnitSubject

COLUMN = "kle"
_SEPARATORS = re.compile(r"[,;|\n]+")
_ITEM = re.compile(r"^(?P<number>[0-9][0-9.]*|[A-Za-zÆØÅæøå][0-9]{2})\s*(?:[:=(/]\s*|\s+)(?P<aspect>[^\s()]+)\s*\)?$")
ASPECT_WORDS = {
    "ansvarlig": Aspect.ANSVARLIG,
    "a": Aspect.ANSVARLIG,
    "udførende": Aspect.UDFOERENDE,
    "udfoerende": Aspect.UDFOERENDE,
    "udforende": Aspect.UDFOERENDE,
    "u": Aspect.UDFOERENDE,
    "indsigt": Aspect.INDSIGT,
    "i": Aspect.INDSIGT,
}


def parse_cell(text):
    """[(number, aspect or None, item as written)] from a `kle` cell; aspect None if unreadable."""
    items = []
    for item in _SEPARATORS.split(text):
        item = item.strip()
        if not item:
            continue
        match = _ITEM.match(item)
        if not match:
            items.append((None, None, item))
            continue
        items.append((match["number"].rstrip(".").upper(), ASPECT_WORDS.get(match["aspect"].lower()), item))
    return items


def check_kle_column(records, problem):
    """Check the `kle` cells of the units file; returns {external_id: {(subject id, aspect)}}."""
    parsed = {record.values.get("external_id", ""): (record, parse_cell(record.values[COLUMN])) for record in records}
    numbers = {number for _record, items in parsed.values() for number, _aspect, _item in items if number}
    subjects = {s.number: s for s in Subject.objects.filter(number__in=numbers)}
    wanted = {}
    responsible_in_file = {}  # subject id → the record that makes its unit responsible
    for external_id, (record, items) in parsed.items():
        links = set()
        for number, aspect, item in items:
            if number is None or aspect is None:
                problem(
                    record,
                    _("“%(item)s” in the kle column is not a KLE number with an aspect, e.g. 27.03.08:ansvarlig")
                    % {"item": item},
                )
                continue
            subject = subjects.get(number)
            if subject is None:
                problem(
                    record,
                    _("KLE number %(number)s does not exist (is KLE loaded? manage.py import_kle)")
                    % {"number": number},
                )
                continue
            if subject.kind == SubjectKind.FACET:
                problem(
                    record,
                    _("%(number)s is an action facet; units are responsible for numbered KLE subjects")
                    % {"number": number},
                )
                continue
            if aspect == Aspect.ANSVARLIG:
                other = responsible_in_file.get(subject.pk)
                if other is not None and other is not record:
                    problem(
                        record,
                        _("%(number)s can have only one responsible unit; %(unit)s (line %(line)d) is responsible")
                        % {
                            "number": number,
                            "unit": other.values.get("name") or other.values["external_id"],
                            "line": other.line,
                        },
                    )
                    continue
                responsible_in_file[subject.pk] = record
            links.add((subject.pk, aspect))
        wanted[external_id] = links
    # Responsibilities held by units whose kle cell is not in the file stay: they block the subject.
    held = UnitSubject.objects.filter(subject_id__in=responsible_in_file, aspect=Aspect.ANSVARLIG).select_related(
        "unit", "subject"
    )
    for link in held:
        if link.unit.external_id not in wanted:
            record = responsible_in_file[link.subject_id]
            problem(
                record,
                _("%(unit)s is already the responsible unit for %(number)s %(title)s")
                % {"unit": link.unit.name, "number": link.subject.number, "title": link.subject.title},
            )
    return wanted


def apply_kle_column(wanted, unit_ids, user):
    """Make each unit's responsibilities what its cell says; returns the external_ids changed."""
    pk_of = {external_id: unit_ids[external_id] for external_id in wanted}
    current = defaultdict(dict)
    for link in UnitSubject.objects.filter(unit_id__in=pk_of.values()):
        current[link.unit_id][(link.subject_id, link.aspect)] = link.pk
    remove, create, changed = [], [], []
    for external_id, links in wanted.items():
        unit_id = pk_of[external_id]
        have = current[unit_id]
        gone = [pk for key, pk in have.items() if key not in links]
        new = [UnitSubject(unit_id=unit_id, subject_id=s, aspect=a) for s, a in sorted(links) if (s, a) not in have]
        remove += gone
        create += new
        if gone or new:
            changed.append(external_id)
    if remove:
        # One by one through delete(): each removal gets its history row.
        for link in UnitSubject.objects.filter(pk__in=remove):
            link.delete()
    if create:
        bulk_create_with_history(create, UnitSubject, default_user=user)
    index.index_objects("unit", [pk_of[external_id] for external_id in changed])
    return changed


def register_import_column():
    register_column(ImportColumn(COLUMN, "units", check_kle_column, apply_kle_column))
