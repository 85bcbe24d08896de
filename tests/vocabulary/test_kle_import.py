"""`manage.py import_kle`: the real subject plan, idempotent, all or nothing, history kept."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import da
from tests.factories import UnitFactory
from vocabulary.kle import SHIPPED_FILE, KleFileError, import_kle, parse_kle, read_kle
from vocabulary.models import Aspect, Subject, SubjectKind, UnitSubject

HEADER = "number,title,parent,uuid\n"


def run(*args):
    out = StringIO()
    call_command("import_kle", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_shipped_plan_imports_and_a_second_run_changes_nothing():
    first = run()
    assert Subject.objects.count() == 2933
    assert Subject.objects.numbered().count() == 2857
    assert Subject.objects.facets().count() == 76
    assert Subject.objects.filter(kind=SubjectKind.MAIN_GROUP).count() == 36
    assert re.search(r"KLE: 2933 \w+, 0 \w+, 0 .*, 0 \w+", first)  # created, updated, left the plan, unchanged
    assert re.search(r"2933/2933\s+\[#+\]", first)  # the progress bar's final line

    subject = Subject.objects.select_related("parent__parent").get(number="27.36.04")
    assert subject.title == "Personlig og praktisk hjælp"
    assert (subject.level, subject.kind) == (3, SubjectKind.SUBJECT)
    assert [a.number for a in subject.ancestors()] == ["27", "27.36"]
    assert Subject.objects.get(number="P08").title == "Forsøgsordninger"
    assert Subject.objects.get(number="P20").title == "Projekter"
    assert Subject.history.count() == 2933  # every subject has its "created" record

    second = run(str(SHIPPED_FILE))
    assert re.search(r"KLE: 0 \w+, 0 \w+, 0 .*, 2933 \w+", second)
    assert Subject.objects.count() == 2933
    assert Subject.history.count() == 2933


def test_the_file_is_checked_whole_and_nothing_is_written_on_a_problem(db):
    text = HEADER + "27,Social service,,\n27.36,Personlig hjælp,27,\n27.36.04,,27.36,\n"
    text += "27.99.01,Forældreløs,27.99,\nXY,Ikke et nummer,,\n"
    with pytest.raises(KleFileError) as refused:
        import_kle(parse_kle(text, "ret.csv"))
    problems = refused.value.problems
    where = da("%(file)s, line %(line)d: %(problem)s")
    assert (
        where % {"file": "ret.csv", "line": 4, "problem": da("%(number)s has no title") % {"number": "27.36.04"}}
        in problems
    )
    missing = da("the parent %(parent)s is not in the file") % {"parent": "27.99"}
    assert where % {"file": "ret.csv", "line": 5, "problem": missing} in problems
    assert len(problems) == 3  # and XY, which is not a number
    assert not Subject.objects.exists()


def test_the_command_refuses_a_broken_file_and_writes_nothing(db, tmp_path):
    path = tmp_path / "kle.csv"
    path.write_text(HEADER + "27,Social service,,\n27.36.04,Personlig og praktisk hjælp,27,\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        run(str(path))
    expected = da("the parent of %(number)s must be “%(expected)s”, not “%(parent)s”")
    assert expected % {"number": "27.36.04", "expected": "27.36", "parent": "27"} in str(refused.value)
    assert not Subject.objects.exists()


def test_a_newer_plan_updates_titles_and_keeps_subjects_that_left_it(db):
    rows = [row for row in read_kle() if row.number in {"27", "27.36", "27.36.04", "27.36.06"}]
    import_kle(rows)
    unit = UnitFactory()
    UnitSubject.objects.create(unit=unit, subject=Subject.objects.get(number="27.36.06"), aspect=Aspect.UDFOERENDE)
    newer = {"27.36": "Personlig hjælp og pleje"}
    text = HEADER + "".join(
        f'{row.number},"{newer.get(row.number, row.title)}",{row.parent},{row.uuid}\n'
        for row in rows
        if row.number != "27.36.06"
    )
    result = import_kle(parse_kle(text))
    assert (result.created, result.updated, result.deactivated) == (0, 1, 1)
    assert Subject.objects.get(number="27.36").title == "Personlig hjælp og pleje"
    gone = Subject.objects.get(number="27.36.06")
    assert not gone.is_active and gone.units.get().unit == unit  # kept: a unit points at it
    assert gone.history.first().is_active is False
    assert import_kle(parse_kle(text)).changes == 0


def test_a_uuid_may_move_to_another_number(db):
    kl_id = "c0cd35ec-c0ff-4c71-bdf8-7e0f5a0296fd"
    import_kle(parse_kle(HEADER + f"27,Social service,,\n27.36,Pleje,27,\n27.36.04,Hjælp,27.36,{kl_id}\n"))
    result = import_kle(parse_kle(HEADER + f"27,Social service,,\n27.36,Pleje,27,\n27.36.05,Hjælp,27.36,{kl_id}\n"))
    assert (result.created, result.deactivated) == (1, 1)
    assert str(Subject.objects.get(number="27.36.05").uuid) == kl_id
    assert Subject.objects.get(number="27.36.04").uuid is None


def test_if_empty_skips_a_loaded_plan(kle):
    assert "already loaded" in run("--if-empty")
