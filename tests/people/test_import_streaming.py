"""A large people file is read line by line, and again batch by batch when the import writes it:
the problems still name file and line, a dry run still counts exactly, and an import that spans
many batches gives the same directory as one batch."""

from io import StringIO

import pytest
from django.core.management import call_command

from people import importing
from people.models import Membership, Person
from tests.people.test_import import UNITS, failing, run, snapshot, write

pytestmark = pytest.mark.django_db

HEADER = "external_id;first_name;last_name;email;title;unit_external_id;role;phone;mobile;location"


def people(count, role="medarbejder"):
    return [HEADER] + [
        f"P{n:03d};Navn{n};Hansen;p{n}@faxekommune.dk;Pædagog;{'T1' if n % 2 else 'C1'};{role};;;" for n in range(count)
    ]


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of 10 people (BATCH_SIZE × 10), so a file of 25 spans three."""
    monkeypatch.setattr(importing, "BATCH_SIZE", 1)


def test_a_file_of_many_batches_imports_everyone_with_their_unit(tmp_path, small_batches):
    units = write(tmp_path, "units.csv", UNITS)
    file = write(tmp_path, "people.csv", people(25, role="Leder"))  # role in any case

    output = run(units, file)

    assert "Medarbejdere: 25 oprettet, 0 opdateret" in output
    assert Person.objects.count() == 25
    assert Membership.objects.filter(role="leder", is_primary=True).count() == 25
    assert Person.objects.get(external_id="P024").memberships.get().unit.external_id == "C1"
    assert "Medarbejdere: 0 oprettet, 0 opdateret" in run(units, file)  # a second run changes nothing


def test_a_dry_run_over_many_batches_counts_exactly_and_writes_nothing(tmp_path, small_batches):
    units = write(tmp_path, "units.csv", UNITS)
    run(units, write(tmp_path, "first.csv", people(12)))
    before = snapshot()
    changed = people(25)
    changed[3] = changed[3].replace("Pædagog", "Lærer")

    output = run(units, write(tmp_path, "people.csv", changed), "--dry-run")

    assert "Medarbejdere: 13 oprettet, 1 opdateret" in output
    assert snapshot() == before


def test_problems_late_in_a_large_file_name_their_lines(tmp_path, small_batches):
    units = write(tmp_path, "units.csv", UNITS)
    lines = people(40)
    lines[31] = lines[31].replace("Hansen", "")  # line 32 of the file
    lines[38] = lines[38].replace("p37@faxekommune.dk", "ikke en adresse")  # line 39

    message = failing(units, write(tmp_path, "people.csv", lines))

    assert "people.csv, linje 32: “last_name” mangler" in message
    assert "people.csv, linje 39: “ikke en adresse” er ikke en gyldig e-mailadresse" in message
    assert Person.objects.count() == 0


def test_a_bad_byte_is_reported_before_a_broken_row_above_it(tmp_path):
    units = write(tmp_path, "units.csv", UNITS)
    path = tmp_path / "people.csv"
    lines = people(20)
    lines[5] += ";one field too many"
    path.write_bytes("\n".join(lines[:15]).encode() + b"\n" + b"P9\xff;x\n" + "\n".join(lines[15:]).encode())

    message = failing(units, str(path))

    assert "people.csv, linje 16: filen er ikke UTF-8" in message


def test_a_quote_left_open_late_in_the_file_names_its_line(tmp_path):
    units = write(tmp_path, "units.csv", UNITS)
    path = tmp_path / "people.csv"
    lines = people(30)
    lines[27] = lines[27].replace(";Pædagog;", ';"Pædagog;')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    message = failing(units, str(path))

    assert 'people.csv, linje 28: et anførselstegn (") starter et felt, der aldrig lukkes' in message


def test_the_report_lists_the_first_changes_and_counts_them_all(tmp_path):
    units = write(tmp_path, "units.csv", UNITS)
    file = write(tmp_path, "people.csv", people(40))
    listed = run(units, file).splitlines()
    changes = [line for line in listed if line.startswith("  ") and ": " in line and "…" not in line]
    assert len(changes) == 25
    total = len(UNITS) - 1 + 40
    assert f"  … og {total - 25} flere (-v 2 viser alle)" in listed
    assert "Medarbejdere: 40 oprettet" in listed[-2]
    Person.objects.all().delete()
    everything = StringIO()
    call_command("import_org", units, file, "--no-progress", "-v", "2", stdout=everything, stderr=StringIO())
    assert "flere" not in everything.getvalue()
    assert sum(1 for line in everything.getvalue().splitlines() if line.startswith("  ") and ": " in line) == 40
