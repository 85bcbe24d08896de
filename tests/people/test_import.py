"""import_org: units and people from HR files (CSV with ; or , and with or without BOM, JSON),
idempotent upserts, dry runs, leavers, all-or-nothing with clear problems, fields users own."""

import csv
import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from people.models import Membership, Person, Role
from search.models import SearchEntry
from tests.conftest import da, page_of
from tests.factories import MembershipFactory, PersonFactory, UnitFactory
from units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"

UNITS = [
    "external_id;name;kind;parent_external_id;email;phone;address",
    "K1;Faxe Kommune;kommune;;post@faxekommune.dk;56 20 30 00;Frederiksgade 9, 4690 Haslev",
    "C1;Center for Sundhed & Ældre;center;K1;sundhed@faxekommune.dk;;",
    "T1;Hjemmeplejen Nord;team;C1;;;Søndergade 3, 4640 Faxe",
]
PEOPLE = [
    "external_id;first_name;last_name;email;title;unit_external_id;role;phone;mobile;location",
    "M1;Søren;Ærø-Østergård;soeren@faxekommune.dk;Centerchef;C1;leder;56 20 30 10;;Rådhuset",
    "M2;Åse;Bødker;aase@faxekommune.dk;Sygeplejerske;T1;medarbejder;;21 22 23 24;Søndergade 3",
    "M3;Mette;Hansen;mette@faxekommune.dk;Teamleder;T1;leder;;;",
]


def write(tmp_path, name, lines, bom=True, delimiter=";"):
    """A CSV file of `lines` (written with ;) as Excel would save it."""
    out = StringIO()
    csv.writer(out, delimiter=delimiter).writerows(line.split(";") for line in lines)
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + out.getvalue().encode())
    return str(path)


def run(*args):
    out = StringIO()
    call_command("import_org", *args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def failing(*args):
    with pytest.raises(CommandError) as failure:
        run(*args)
    return str(failure.value)


@pytest.fixture
def files(tmp_path):
    return write(tmp_path, "units.csv", UNITS), write(tmp_path, "people.csv", PEOPLE)


def snapshot():
    """Everything an import may touch, to prove that nothing changed."""
    return (
        list(Unit.objects.order_by("pk").values()),
        list(Person.objects.order_by("pk").values()),
        list(Membership.objects.order_by("pk").values()),
        Person.history.count(),
        Unit.history.count(),
    )


# --- the happy path ----------------------------------------------------------------------------


def test_import_creates_the_tree_people_and_primary_memberships(files):
    output = run(*files)

    kommune, centre, team = (Unit.objects.get(external_id=e) for e in ("K1", "C1", "T1"))
    assert (centre.parent, team.parent, team.centre) == (kommune, centre, centre)
    assert centre.slug == "center-for-sundhed-aeldre"
    assert (kommune.kind, centre.kind, team.kind) == (UnitKind.KOMMUNE, UnitKind.CENTER, UnitKind.TEAM)
    soren = Person.objects.get(external_id="M1")
    assert (soren.first_name, soren.last_name, soren.email, soren.title) == (
        "Søren",
        "Ærø-Østergård",
        "soeren@faxekommune.dk",
        "Centerchef",
    )
    membership = soren.memberships.get()
    assert (membership.unit, membership.role, membership.is_primary) == (centre, Role.LEDER, True)
    assert Person.objects.get(external_id="M2").memberships.get().role == Role.MEDARBEJDER
    # History rows exist for the bulk-created people; the search index knows them.
    assert soren.history.count() == 1
    assert SearchEntry.objects.filter(kind="person", object_id=soren.pk).exists()
    assert "Åse Bødker" in output


def test_a_deep_tree_gets_its_centres_in_the_same_queries_per_unit_as_a_flat_one(tmp_path):
    """An import of thousands of units saves them one by one: each new unit finds its centre through
    the units above it as the import already holds them, however deep it lies."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    flat = [UNITS[0], "C8;Center for Kultur;center;;;;"] + [f"F{n};Team Flad {n};team;C8;;;" for n in range(8)]
    deep = [UNITS[0], "C9;Center for Børn;center;;;;"]
    deep += [f"D{n};Team Dyb {n};team;{f'D{n - 1}' if n else 'C9'};;;" for n in range(8)]
    run(write(tmp_path, "units.csv", UNITS))  # what a first import sets up once (the index's generation)
    counts = []
    for name, lines in (("flat.csv", flat), ("deep.csv", deep)):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            run(write(tmp_path, name, lines))
        counts.append(len(captured))

    centre = Unit.objects.get(external_id="C9")
    assert {unit.centre for unit in Unit.objects.filter(external_id__startswith="D")} == {centre}
    assert Unit.objects.get(external_id="D7").parent == Unit.objects.get(external_id="D6")
    assert counts[0] == counts[1], counts


def test_the_imported_people_are_found_by_search(files, client):
    run(*files)
    page = page_of(client.get("/soeg/", {"q": "Bødker"}))
    assert "Åse Bødker" in page.text


def test_a_second_run_changes_nothing(files):
    run(*files)
    before = snapshot()
    output = run(*files)
    assert snapshot() == before
    assert output.strip().splitlines()[-1].startswith("0 ")


def test_comma_separated_without_bom_reads_like_excels_semicolons(tmp_path):
    run(
        write(tmp_path, "u.csv", UNITS, bom=False, delimiter=","),
        write(tmp_path, "p.csv", PEOPLE, bom=False, delimiter=","),
    )
    assert Unit.objects.get(external_id="K1").address == "Frederiksgade 9, 4690 Haslev"
    soren = Person.objects.get(external_id="M1")
    assert (soren.first_name, soren.last_name, soren.memberships.get().unit.external_id) == (
        "Søren",
        "Ærø-Østergård",
        "C1",
    )


def test_the_documented_examples_import(tmp_path):
    run(str(EXAMPLES / "units.csv"), str(EXAMPLES / "people.csv"))
    assert Unit.objects.filter(external_id__isnull=False).count() == 4
    assert Person.objects.count() == 3
    # The JSON example describes the same organisation (less one person): it changes nothing.
    assert run(str(EXAMPLES / "org.json")).strip().splitlines()[-1].startswith("0 ")


def test_changed_fields_are_updated_and_the_version_goes_up(files, tmp_path):
    run(*files)
    person = Person.objects.get(external_id="M2")
    changed = [PEOPLE[0], PEOPLE[2].replace("Sygeplejerske", "Afdelingssygeplejerske")]
    output = run(write(tmp_path, "p2.csv", changed))
    person.refresh_from_db()
    assert person.title == "Afdelingssygeplejerske"
    assert person.version == 2
    assert person.history.count() == 2
    assert "M2" in output and "title" in output


def test_fields_the_directory_owns_are_never_overwritten(files, tmp_path):
    run(*files)
    person = Person.objects.get(external_id="M2")
    person.about, person.ask_me_about = "Jeg elsker haver.", "Sårpleje"
    person.save()
    person.expertise.add("sårpleje")
    unit = Unit.objects.get(external_id="T1")
    unit.about, unit.core_tasks, unit.can_help_with, unit.looking_for = "Om os", "Pleje", "Hjælp", "Frivillige"
    unit.save()

    renamed = [UNITS[0], UNITS[1], UNITS[2], UNITS[3].replace("Hjemmeplejen Nord", "Hjemmeplejen Nordøst")]
    run(write(tmp_path, "u2.csv", renamed), write(tmp_path, "p2.csv", PEOPLE))

    person.refresh_from_db()
    unit.refresh_from_db()
    assert (person.about, person.ask_me_about, list(person.expertise.names())) == (
        "Jeg elsker haver.",
        "Sårpleje",
        ["sårpleje"],
    )
    assert unit.name == "Hjemmeplejen Nordøst"
    assert (unit.about, unit.core_tasks, unit.can_help_with, unit.looking_for) == (
        "Om os",
        "Pleje",
        "Hjælp",
        "Frivillige",
    )


def test_a_column_missing_from_the_file_leaves_the_field_alone(files, tmp_path):
    run(*files)
    only_names = ["external_id;first_name;last_name", "M2;Åse;Bødker-Hansen"]
    run(write(tmp_path, "names.csv", only_names))
    person = Person.objects.get(external_id="M2")
    assert (person.last_name, person.email, person.title) == ("Bødker-Hansen", "aase@faxekommune.dk", "Sygeplejerske")
    assert person.memberships.get().unit.external_id == "T1"


def test_a_move_replaces_the_primary_membership_and_keeps_the_others(files, tmp_path):
    run(*files)
    person = Person.objects.get(external_id="M2")
    extra = MembershipFactory(
        person=person, unit=UnitFactory(name="Arbejdsmiljøgruppen"), role=Role.KOORDINATOR, is_primary=False
    )
    moved = [PEOPLE[0], PEOPLE[2].replace(";T1;medarbejder;", ";C1;koordinator;")]
    run(write(tmp_path, "moved.csv", moved))
    memberships = {m.unit.external_id or m.unit.name: (m.role, m.is_primary) for m in person.memberships.all()}
    assert memberships == {"C1": (Role.KOORDINATOR, True), extra.unit.name: (Role.KOORDINATOR, False)}


def test_dry_run_reports_and_writes_nothing(files):
    before = snapshot()
    output = run(*files, "--dry-run")
    assert snapshot() == before
    assert da("Dry run, nothing written. It would change:") in output
    assert "Åse Bødker" in output
    assert not SearchEntry.objects.exists()


def test_deactivate_missing_marks_leavers_inactive_and_a_return_reactivates(files, tmp_path):
    run(*files)
    by_hand = PersonFactory(first_name="Ikke", last_name="Importeret")  # no external_id: not the import's
    without_mette = PEOPLE[:3]
    run(files[0], write(tmp_path, "p2.csv", without_mette), "--dry-run", "--deactivate-missing")
    assert Person.objects.get(external_id="M3").is_active

    output = run(files[0], write(tmp_path, "p2.csv", without_mette), "--deactivate-missing")
    mette = Person.objects.get(external_id="M3")
    assert not mette.is_active and mette.deactivated_at is not None
    assert "M3" in output
    by_hand.refresh_from_db()
    assert by_hand.is_active
    assert Person.objects.filter(external_id="M3").exists()  # never deleted
    assert not SearchEntry.objects.filter(kind="person", object_id=mette.pk).exists()

    run(*files)
    mette.refresh_from_db()
    assert mette.is_active and mette.deactivated_at is None


def test_without_deactivate_missing_nobody_is_deactivated(files, tmp_path):
    run(*files)
    run(files[0], write(tmp_path, "p2.csv", PEOPLE[:2]))
    assert Person.objects.filter(is_active=True).count() == 3


def test_deactivate_missing_needs_people_in_the_file(files):
    run(*files)
    message = failing(files[0], "--deactivate-missing")
    assert "--deactivate-missing" in message
    assert Person.objects.filter(is_active=True).count() == 3


# --- bad input: a report naming file, line and problem; nothing written -------------------------


def where(file, line):
    """The start of a problem line as the report shows it."""
    return da("%(file)s, line %(line)s: %(problem)s") % {"file": file, "line": line, "problem": ""}


@pytest.mark.parametrize(
    "units, people, bad_line, problem",
    [
        (UNITS[:3] + ["T1;Team;team;X9;;;"], PEOPLE[:1], ("units.csv", 4), "X9"),
        (UNITS[:3] + ["T1;;team;C1;;;"], PEOPLE[:1], ("units.csv", 4), "name"),
        (UNITS, PEOPLE[:2] + ["M3;Åse;Bødker;ikke-en-mail;;T1;;;;"], ("people.csv", 3), "ikke-en-mail"),
        (UNITS, PEOPLE + ["M2;Anden;Person;;;T1;;;;"], ("people.csv", 5), "M2"),
        (UNITS[:1] + ["K1;Faxe Kommune;kommune;T1;;;"] + UNITS[2:], PEOPLE[:1], ("units.csv", 2), "K1"),
        (UNITS[:3] + ["T1;Team;galaksen;C1;;;"], PEOPLE[:1], ("units.csv", 4), "galaksen"),
        (UNITS, PEOPLE[:2] + ["M3;Mette;Hansen;;;T1;direktør;;;"], ("people.csv", 3), "direktør"),
        (UNITS, PEOPLE[:2] + ["M3;Mette;Hansen;;;T9;;;;"], ("people.csv", 3), "T9"),
        (UNITS, PEOPLE[:2] + ["M3;Mette;;;;T1;;;;"], ("people.csv", 3), "last_name"),
    ],
    ids=[
        "unknown parent",
        "missing name",
        "bad email",
        "duplicate external_id",
        "cycle",
        "unknown kind",
        "unknown role",
        "unknown unit",
        "missing last name",
    ],
)
def test_a_bad_row_stops_the_import_naming_file_line_and_problem(tmp_path, units, people, bad_line, problem):
    unit_file, people_file = write(tmp_path, "units.csv", units), write(tmp_path, "people.csv", people)
    before = snapshot()
    message = failing(unit_file, people_file)
    assert da("The import was stopped; nothing was written.") in message
    assert where(*bad_line) + problem in message or (where(*bad_line) in message and problem in message)
    assert snapshot() == before


def test_a_cycle_through_a_unit_already_in_the_directory_is_refused(files, tmp_path):
    run(*files)
    # K1 below T1, while T1 stays (in the directory) below C1 below K1.
    cycle = [UNITS[0], "K1;Faxe Kommune;kommune;T1;;;"]
    message = failing(write(tmp_path, "cycle.csv", cycle))
    assert "cycle.csv" in message and "K1" in message
    assert Unit.objects.get(external_id="K1").parent is None


def test_several_problems_are_reported_at_once(tmp_path):
    people = PEOPLE[:1] + ["M1;;Hansen;x;;;;;;", "M2;Bo;;;;T9;;;;"]
    message = failing(write(tmp_path, "units.csv", UNITS), write(tmp_path, "people.csv", people))
    for expected in (where("people.csv", 2), where("people.csv", 3), "first_name", "T9", "last_name"):
        assert expected in message


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "tom"),
        ("external_id;name\r\nK1;Fåxe".encode("cp1252"), "UTF-8"),
        (b"external_id;name;navn\r\nK1;Faxe;x\r\n", "navn"),
        (b"foo;bar\r\n1;2\r\n", "first_name"),
        (b"external_id;name\r\nK1;Faxe;extra;cells\r\n", "4"),
        (b'{"units": [{"external_id": "K1", "name": "Faxe"},]}', "JSON"),
        (b'{"units": {"external_id": "K1"}}', "units"),
        (b'{"enheder": []}', "units"),
        (b'{"units": [{"external_id": "K1", "name": ["Faxe"]}]}', "name"),
        (b"external_id;name\r\nK1;Fa\x00xe\r\n", "NUL"),
    ],
    ids=[
        "empty",
        "not utf-8",
        "unknown column",
        "neither",
        "too many cells",
        "bad json",
        "not a list",
        "no lists",
        "not text",
        "nul",
    ],
)
def test_an_unreadable_file_is_refused_with_the_reason(tmp_path, content, problem):
    path = tmp_path / ("org.json" if content.startswith(b"{") else "org.csv")
    path.write_bytes(content)
    message = failing(str(path))
    assert path.name in message
    assert problem in message
    assert not Unit.objects.exists()


def test_a_missing_file_is_refused(tmp_path):
    message = failing(str(tmp_path / "findes-ikke.csv"))
    assert "findes-ikke.csv" in message


def test_json_problems_name_the_line_of_the_entry(tmp_path):
    data = {"units": [{"external_id": "K1", "name": "Faxe Kommune"}, {"external_id": "K2", "name": ""}]}
    path = tmp_path / "org.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    message = failing(str(path))
    assert where("org.json", 7) in message and "name" in message


def test_the_command_exits_with_a_non_zero_status_and_the_reason(tmp_path):
    empty = tmp_path / "tom.csv"
    empty.write_bytes(b"")
    finished = subprocess.run(
        [sys.executable, "manage.py", "import_org", str(empty)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
    )
    assert finished.returncode != 0
    assert "tom.csv" in finished.stderr
