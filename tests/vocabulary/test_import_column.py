"""The organisation import's `kle` column: units' KLE tasks as numbers with aspects, checked
with the rest of the file (nothing written on a problem), applied in the import's transaction,
and a second run of the same file changes nothing."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from people.importing import import_files
from tests.conftest import da
from tests.factories import UnitFactory
from units.models import Unit
from vocabulary.importing import parse_cell
from vocabulary.models import Aspect, UnitSubject

HEADER = ["external_id", "name", "kind", "parent_external_id", "kle"]


def write(tmp_path, rows, name="units.csv"):
    out = StringIO()
    csv.writer(out, delimiter=";").writerows([HEADER, *rows])
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return str(path)


def links():
    return sorted(UnitSubject.objects.values_list("unit__external_id", "subject__number", "aspect"))


def test_parse_cell_reads_numbers_with_aspects():
    assert parse_cell("27.36.04:ansvarlig, 27.39.08 (udførende)| 17.01.05 i\n27.36 Indsigt") == [
        ("27.36.04", Aspect.ANSVARLIG, "27.36.04:ansvarlig"),
        ("27.39.08", Aspect.UDFOERENDE, "27.39.08 (udførende)"),
        ("17.01.05", Aspect.INDSIGT, "17.01.05 i"),
        ("27.36", Aspect.INDSIGT, "27.36 Indsigt"),
    ]
    assert parse_cell("27.36.04") == [(None, None, "27.36.04")]


def test_the_kle_column_imports_and_a_second_run_changes_nothing(kle, tmp_path):
    path = write(
        tmp_path,
        [
            ["K1", "Faxe Kommune", "kommune", "", ""],
            ["A1", "Hjemmeplejen Nord", "afdeling", "K1", "27.36.04:ansvarlig, 27.39.08:udførende"],
            ["A2", "Hjemmeplejen Syd", "afdeling", "K1", "27.36.04:udførende; 27.36:indsigt"],
        ],
    )
    result = import_files([path])
    assert links() == [
        ("A1", "27.36.04", Aspect.ANSVARLIG),
        ("A1", "27.39.08", Aspect.UDFOERENDE),
        ("A2", "27.36", Aspect.INDSIGT),
        ("A2", "27.36.04", Aspect.UDFOERENDE),
    ]
    created = {change.external_id: change for change in result.changes}
    assert created["A1"].action == "created"
    assert "kle" in created["A1"].fields
    before = links()
    again = import_files([path])
    assert again.total == 0 and not again.changes and links() == before
    assert UnitSubject.history.count() == 4


def test_a_changed_cell_replaces_the_units_tasks_and_an_empty_cell_removes_them(kle, tmp_path):
    rows = [
        ["A1", "Hjemmeplejen Nord", "afdeling", "", "27.36.04:ansvarlig"],
        ["A2", "Syd", "afdeling", "", "27.36:indsigt"],
    ]
    import_files([write(tmp_path, rows)])
    rows = [
        ["A1", "Hjemmeplejen Nord", "afdeling", "", "27.39.08:ansvarlig"],
        ["A2", "Syd", "afdeling", "", "27.36.04:a"],
    ]
    result = import_files([write(tmp_path, rows)])
    assert links() == [("A1", "27.39.08", Aspect.ANSVARLIG), ("A2", "27.36.04", Aspect.ANSVARLIG)]
    assert [(c.external_id, c.fields) for c in result.changes] == [("A1", ("kle",)), ("A2", ("kle",))]
    import_files([write(tmp_path, [["A1", "Hjemmeplejen Nord", "afdeling", "", ""]])])
    assert links() == [("A2", "27.36.04", Aspect.ANSVARLIG)]


def test_without_the_column_the_tasks_stay(kle, tmp_path):
    import_files([write(tmp_path, [["A1", "Hjemmeplejen Nord", "afdeling", "", "27.36.04:ansvarlig"]])])
    path = tmp_path / "plain.csv"
    path.write_text("external_id;name\nA1;Hjemmeplejen Nord\n", encoding="utf-8")
    import_files([str(path)])
    assert links() == [("A1", "27.36.04", Aspect.ANSVARLIG)]


def test_problems_are_reported_with_the_rest_and_nothing_is_written(kle, tmp_path):
    holder = UnitFactory(name="Visitationen")
    UnitSubject.objects.create(unit=holder, subject=kle["27.39.08"], aspect=Aspect.ANSVARLIG)
    path = write(
        tmp_path,
        [
            ["A1", "Nord", "afdeling", "", "27.36.04:ansvarlig, 99.99.99:udførende, 27.36.08"],
            ["A2", "Syd", "afdeling", "", "27.36.04:ansvarlig, P08:indsigt"],
            ["A3", "Vest", "afdeling", "", "27.39.08:ansvarlig"],
        ],
    )
    with pytest.raises(CommandError) as refused:
        call_command("import_org", path, "--no-progress", stdout=StringIO(), stderr=StringIO())
    message = str(refused.value)
    assert (
        da("KLE number %(number)s does not exist (is KLE loaded? manage.py import_kle)") % {"number": "99.99.99"}
        in message
    )
    assert "27.36.08" in message  # no aspect
    assert (
        da("%(number)s is an action facet; units are responsible for numbered KLE subjects") % {"number": "P08"}
        in message
    )
    one = da("%(number)s can have only one responsible unit; %(unit)s (line %(line)d) is responsible")
    assert one % {"number": "27.36.04", "unit": "Nord", "line": 2} in message
    taken = da("%(unit)s is already the responsible unit for %(number)s %(title)s")
    assert taken % {"unit": "Visitationen", "number": "27.39.08", "title": kle["27.39.08"].title} in message
    assert not Unit.objects.filter(external_id__in=["A1", "A2", "A3"]).exists()
    assert links() == [(None, "27.39.08", Aspect.ANSVARLIG)]


def test_a_report_that_lists_only_the_first_changes_still_counts_each_change_once(kle, tmp_path):
    """A large import lists its first changes and counts the rest: a unit beyond the list whose KLE
    tasks were set with it is one change, not a second one for its column."""
    rows = [["K1", "Faxe Kommune", "kommune", "", "27.36:indsigt"]]
    rows += [[f"A{number}", f"Afdeling {number}", "afdeling", "K1", "27.36.04:udførende"] for number in range(5)]
    result = import_files([write(tmp_path, rows)], listed=2)
    assert [change.external_id for change in result.changes] == ["K1", "A0"]
    assert result.changes[0].fields == ("kle",)
    assert (result.count("created", "unit"), result.count("updated", "unit"), result.changes_count) == (6, 0, 6)
    rows = [[external_id, name, kind, parent, "27.39.08:indsigt"] for external_id, name, kind, parent, _kle in rows]
    again = import_files([write(tmp_path, rows)], listed=2)
    assert (again.count("updated", "unit"), again.changes_count, len(again.changes)) == (6, 6, 2)
