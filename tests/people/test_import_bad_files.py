"""Files that must be refused with a clear Danish reason and a line number, never read wrongly
and never a traceback: malformed JSON (issue 17, item 8) and files whose values would silently
land in the wrong place (item 9). Each file is tried through import_org and the admin upload."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError
from django.test import Client

from people.models import Person
from tests.conftest import da, page_of
from tests.factories import UserFactory
from tests.people.test_import import run, where
from units.models import Unit

pytestmark = pytest.mark.django_db

UNITS_HEADER = "external_id;name;kind;parent_external_id"
PEOPLE_HEADER = "external_id;first_name;last_name;unit_external_id;role"
DEEP = "[" * 100_000
NUMBER = "“%(field)s” must be text in quotes, not the number %(number)s"
LINE_BREAK = "“%(field)s” contains a line break or another control character; it must be one line of text"


def person(**values):
    return {"external_id": "M1", "first_name": "Åse", "last_name": "Bødker", **values}


def org_json(people, indent=2):
    """A JSON file of one unit and `people`, each entry starting on its own line."""
    return json.dumps(
        {"units": [{"external_id": "K1", "name": "Faxe Kommune"}], "people": people}, indent=indent, ensure_ascii=False
    )


# Each case: a file name, its text, the line the problem is reported on, and the reason (an
# English message id and its values, shown in Danish).
BAD_FILES = {
    # Item 8: malformed JSON.
    "100,000 nested [": (
        "org.json",
        '{\n  "units":\n' + DEEP,
        3,
        "the JSON is nested too deeply: the file is an object of lists of objects of text",
        {},
    ),
    "a 5,000-digit number": (
        "org.json",
        # {, "units": [, {K1} (3 lines), ], "people": [, {M1} (5 lines), {M2 … → line 14
        org_json([person(), person(external_id="M2", phone="PHONE")]).replace('"PHONE"', "7" * 5000),
        14,
        NUMBER,
        {"field": "phone", "number": "7" * 40 + "…"},
    ),
    # Item 9: JSON numbers where text is expected, and numbers JSON does not even allow.
    "NaN": ("org.json", org_json([person(title=float("nan"))]), 9, NUMBER, {"field": "title", "number": "NaN"}),
    "Infinity": (
        "org.json",
        org_json([person(mobile=float("-inf"))]),
        9,
        NUMBER,
        {"field": "mobile", "number": "-Infinity"},
    ),
    "1e400": (
        "org.json",
        org_json([person()]).replace('"Bødker"', "1e400"),
        9,
        NUMBER,
        {"field": "last_name", "number": "1e400"},
    ),
    "a numeric id": (
        "org.json",
        org_json([person(external_id=1001)]),
        9,
        NUMBER,
        {"field": "external_id", "number": "1001"},
    ),
    "a line break in a JSON name": (
        "org.json",
        org_json([person(last_name="Bødker\r\nBcc: alle@faxekommune.dk")]),
        9,
        LINE_BREAK,
        {"field": "last_name"},
    ),
    "a key given twice": (
        "org.json",
        '{"people": [\n{"external_id": "M1", "first_name": "Åse", "first_name": "Bo", "last_name": "Berg"}\n]}',
        2,
        "column(s) given twice: %(columns)s",
        {"columns": "first_name"},
    ),
    # Item 9: CSV rows that used to be read wrongly.
    "a stray quote swallowing the next lines": (
        "units.csv",
        f'{UNITS_HEADER}\r\nK1;Faxe Kommune;kommune;\r\nC1;"Center for Sundhed;center;K1\r\n'
        "T1;Hjemmeplejen;team;C1\r\nT2;Madservice;team;C1\r\n",
        3,
        'a quote (") starts a field that is never closed. Remove the stray quote or close it.',
        {},
    ),
    "a stray quote closed two lines later": (
        "units.csv",
        f'{UNITS_HEADER}\r\nK1;Faxe Kommune;kommune;\r\nC1;"Center for Sundhed;center;K1\r\n'
        'T1;Hjemmeplejen;team;C1\r\nT2;Madservice";team;C1\r\n',
        3,
        'a quote (") starts a field that runs on to line %(last)d; every field must be on one line. '
        "Remove the stray quote or close it.",
        {"last": 5},
    ),
    "a lost separator": (
        "people.csv",
        f"{PEOPLE_HEADER}\r\nM1;Åse Bødker;K1;leder\r\n",
        2,
        "the row has %(cells)d fields but the header has %(columns)d columns: "
        "is a separator (%(separator)s) missing or one too many?",
        {"cells": 4, "columns": 5, "separator": ";"},
    ),
    "a value too long": (
        "units.csv",
        f"{UNITS_HEADER}\r\nK1;Faxe Kommune;kommune;{'K' * 5000}\r\n",
        2,
        "“%(field)s” is longer than %(limit)d characters",
        {"field": "parent_external_id", "limit": 100},
    ),
}


@pytest.fixture(params=BAD_FILES.values(), ids=BAD_FILES.keys())
def bad_file(request, tmp_path):
    name, text, line, message, params = request.param
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path, where(path.name, line) + da(message) % params


def test_import_org_refuses_the_file_with_the_line_and_the_reason(bad_file):
    path, problem = bad_file
    with pytest.raises(CommandError) as failure:
        run(str(path))
    assert problem in str(failure.value)
    assert not Unit.objects.exists() and not Person.objects.exists()


def test_the_admin_upload_refuses_the_file_with_the_line_and_the_reason(bad_file):
    path, problem = bad_file
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/octet-stream")
    response = client.post("/admin/people/person/import/", {"files": [upload]}, follow=True)
    assert response.status_code == 200
    text = page_of(response).text
    assert da("The import was stopped; nothing was written. Correct the file and upload it again:") in text
    assert problem in text
    assert not Unit.objects.exists() and not Person.objects.exists()
