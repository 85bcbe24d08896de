"""A JSON import file is read an entry at a time, never whole (people/json_stream.py): in chunks
that cut entries, names and lines anywhere, it imports the same people, and a problem anywhere in
it is reported on the line (and for a syntax error the column) a reader of the whole file gives."""

import io
import json
from pathlib import Path

import pytest

from people import json_stream
from people.importing import _JSON_DECODER
from people.models import Membership, Person
from tests.conftest import da
from tests.people.test_import import failing, run, where
from tests.people.test_import_bad_files import BAD_FILES

pytestmark = pytest.mark.django_db


def organisation(count):
    return {
        "units": [
            {"external_id": "K1", "name": "Faxe Kommune", "kind": "kommune"},
            {"external_id": "T1", "name": "Team Ærø", "kind": "team", "parent_external_id": "K1"},
        ],
        "people": [
            {
                "external_id": f"M{number:04d}",
                "first_name": f"Åse {number}",
                "last_name": "Bødker",
                "unit_external_id": "T1" if number % 2 else "K1",
                "role": "medarbejder",
                "title": None,
            }
            for number in range(count)
        ],
    }


def write_json(tmp_path, data, indent=2):
    path = tmp_path / "org.json"
    path.write_text(json.dumps(data, indent=indent, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.fixture(params=[3, 64, json_stream.CHUNK], ids=["chunks-of-3", "chunks-of-64", "chunks-of-64k"])
def chunk(request, monkeypatch):
    monkeypatch.setattr(json_stream, "CHUNK", request.param)
    return request.param


@pytest.mark.parametrize("indent", [2, None], ids=["a-line-an-entry", "all-on-one-line"])
def test_a_json_file_read_in_chunks_imports_everyone(tmp_path, chunk, indent):
    output = run(write_json(tmp_path, organisation(120), indent=indent))
    assert "Medarbejdere: 120 oprettet, 0 opdateret" in output
    assert Person.objects.count() == 120
    person = Person.objects.get(external_id="M0117")
    assert (person.first_name, person.last_name, person.title) == ("Åse 117", "Bødker", "")
    assert Membership.objects.get(person=person).unit.name == "Team Ærø"


def test_a_problem_late_in_the_file_names_its_entrys_line(tmp_path, chunk):
    data = organisation(60)
    data["people"][47]["phone"] = 12345678  # a number where text is expected
    path = write_json(tmp_path, data)
    text = Path(path).read_text(encoding="utf-8")
    line = text[: text.index('"external_id": "M0047"')].count("\n")  # the line of the entry's "{"
    message = failing(path)
    assert where("org.json", line) in message
    assert (
        da("“%(field)s” must be text in quotes, not the number %(number)s")
        % {
            "field": "phone",
            "number": "12345678",
        }
        in message
    )


@pytest.mark.parametrize("indent", [2, None], ids=["a-line-an-entry", "all-on-one-line"])
def test_a_syntax_error_late_in_the_file_is_placed_as_a_whole_file_reader_places_it(tmp_path, chunk, indent):
    text = json.dumps(organisation(80), indent=indent, ensure_ascii=False)
    broken = text.replace('"M0071"', '"M0071" "M0072"', 1)  # a missing comma, late in the file
    with pytest.raises(json.JSONDecodeError) as whole:
        json.loads(broken)
    (tmp_path / "org.json").write_text(broken, encoding="utf-8")
    message = failing(str(tmp_path / "org.json"))
    expected = da("not valid JSON: %(error)s (column %(column)d)") % {
        "error": whole.value.msg,
        "column": whole.value.colno,
    }
    assert where("org.json", whole.value.lineno) + expected in message


def test_a_json_file_is_never_held_whole(monkeypatch):
    """The reader has read no more than two chunks of a 5 MB file when it hands over an entry
    near its start, and at most a few chunks more than it has handed over at any time."""
    text = json.dumps(organisation(30_000), indent=2, ensure_ascii=False)
    assert len(text) > 5_000_000
    file = io.StringIO(text)
    seen = []
    for what, key, _line, _value in json_stream.top_level(file, _JSON_DECODER):
        if what == json_stream.ENTRY and key == "people":
            seen.append(file.tell())
    assert len(seen) == 30_000
    assert seen[0] <= 2 * json_stream.CHUNK
    entries_so_far = [text.index(f'"M{number:04d}"') for number in range(0, 30_000, 1000)]
    assert all(seen[number * 1000] - at <= 3 * json_stream.CHUNK for number, at in enumerate(entries_so_far))


JSON_FILES = {case: value for case, value in BAD_FILES.items() if value[0].endswith(".json")}


@pytest.mark.parametrize(("name", "text", "line", "message", "params"), JSON_FILES.values(), ids=JSON_FILES.keys())
def test_bad_json_files_are_refused_alike_when_read_in_chunks_of_3(
    tmp_path, monkeypatch, name, text, line, message, params
):
    monkeypatch.setattr(json_stream, "CHUNK", 3)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert where(name, line) + da(message) % params in failing(str(path))
