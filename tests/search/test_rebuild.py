"""A rebuild run as `rebuild_search_index` runs it: outside any transaction, so on PostgreSQL the
batches are built by other processes, each on its own connection (search/builders.py), while
the rebuild writes them.

Colleagues keep searching meanwhile: they see the old index until the new one is complete, and
a rebuild that fails leaves the old index as it was.
"""

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, transaction

from people.models import Person
from search import builders, index
from search.cache import current_generation
from tests.search.conftest import found, person, unit

pytestmark = pytest.mark.django_db(transaction=True)


def people(*names):
    """People saved without signals (bulk_create): only a rebuild indexes them."""
    Person.objects.bulk_create([Person(first_name=first, last_name=last) for first, last in names])


def in_another_connection(function):
    """What `function` returns when a colleague's request, on its own connection, runs it now."""
    result = {}

    def run():
        try:
            result["value"] = function()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result["value"]


def test_a_rebuild_indexes_everyone_in_many_batches(client):
    people(*[(f"Navn{n}", "Hansen") for n in range(7)], ("Lars", "Jensen"))
    person("Mette", "Holm", unit("Sekretariatet"), expertise=["demens"])
    assert found(client, "hansen") == []

    index.rebuild(batch_size=3)

    assert len(found(client, "hansen")) == 7
    assert found(client, "lars jensen") == ["Lars Jensen"]
    assert found(client, "demens") == ["Mette Holm"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite locks the index while a rebuild writes it")
def test_a_search_during_a_rebuild_sees_the_old_index_and_after_it_the_new(client):
    mette = person("Mette", "Hansen", unit("Sekretariatet"))
    Person.objects.filter(pk=mette.pk).update(last_name="Holm")  # no signal: only a rebuild sees it
    people(("Lars", "Jensen"), ("Ulla", "Jensen"))
    before = current_generation()
    seen = []

    def progress(kind, done, total):
        seen.append(in_another_connection(lambda: (found(client, "hansen"), found(client, "jensen"))))

    index.rebuild(progress=progress, batch_size=1)

    # The old index: Mette is still found by her old name (and shown as she is now), the two
    # people it does not hold yet are not found.
    assert seen and all(during == (["Mette Holm"], []) for during in seen)
    assert found(client, "hansen") == []
    assert found(client, "mette holm") == ["Mette Holm"]
    assert sorted(found(client, "jensen")) == ["Lars Jensen", "Ulla Jensen"]
    assert current_generation() != before  # results cached before the rebuild are not served


def builder_processes():
    return [process for process in multiprocessing.active_children() if process.name == builders.PROCESS_NAME]


def test_a_rebuild_that_fails_leaves_the_old_index(client, monkeypatch):
    # In this process (on PostgreSQL inside a transaction, as a test's or a migration's rebuild).
    person("Mette", "Hansen", unit("Sekretariatet"))
    people(("Lars", "Jensen"))
    built = index.build_documents
    calls = []

    def failing(kind, ids):
        calls.append(kind)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return built(kind, ids)

    monkeypatch.setattr(index, "build_documents", failing)

    with pytest.raises(RuntimeError, match="went away"), transaction.atomic():
        index.rebuild(batch_size=1)

    assert found(client, "hansen") == ["Mette Hansen"]
    assert found(client, "jensen") == []


def failing_rebuild(client, break_a_builder):
    """Mette indexed, 15 people not yet; a rebuild one person a batch, in which `break_a_builder()`
    is called as the first batch is written. Returns the error the rebuild raised."""
    person("Mette", "Hansen", unit("Sekretariatet"))
    people(*[(f"Navn{n}", "Jensen") for n in range(15)])
    broken = []

    def progress(kind, done, total):
        if not broken:
            broken.append(break_a_builder())

    with pytest.raises(builders.BuilderFailed) as failure:
        index.rebuild(progress=progress, batch_size=1)
    assert broken == [True]
    assert found(client, "hansen") == ["Mette Hansen"]
    assert found(client, "jensen") == []
    assert builder_processes() == []
    return failure.value


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL builds in other processes")
def test_a_rebuild_whose_builder_loses_its_database_fails_and_leaves_the_old_index(client):
    def cut_off():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = %s AND datname = current_database()",
                [builders.APPLICATION_NAME],
            )
            return cursor.fetchone()[0] >= 1  # the other may not have connected yet

    error = failing_rebuild(client, cut_off)

    # The builder's own error, with its traceback: PostgreSQL ended its connection.
    assert str(error).startswith("Traceback") and "connection" in str(error)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL builds in other processes")
def test_a_rebuild_whose_builders_are_killed_fails_instead_of_waiting_for_them(client):
    # (A builder killed before it took any batch costs nothing: the others build them all.)
    def kill():
        running = builder_processes()
        for process in running:
            os.kill(process.pid, signal.SIGKILL)
        return len(running) == index.BUILDERS

    error = failing_rebuild(client, kill)

    assert str(error) == f"A search index builder stopped (exit code -{signal.SIGKILL})."


def children_of(pid):
    """The processes whose parent is `pid` (Linux: /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:  # ended meanwhile
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.append(int(status.parent.name))
    return found


def running(pid):
    try:
        state = Path(f"/proc/{pid}/status").read_text().split("State:\t", 1)[1][:1]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has ended; only its exit code waits to be read


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL builds in other processes")
def test_a_rebuild_killed_outright_leaves_no_builder_behind():
    person("Mette", "Hansen", unit("Sekretariatet"))
    database = connection.settings_dict
    login = quote(database["USER"]) + (f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else "")
    url = f"postgres://{login}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    with transaction.atomic(), connection.cursor() as cursor:
        # Holds the rebuild at its first lock, once its builders have started.
        cursor.execute("LOCK TABLE search_entry IN ACCESS EXCLUSIVE MODE")
        command = subprocess.Popen(
            [sys.executable, "manage.py", "rebuild_search_index"],
            cwd=Path(__file__).resolve().parents[2],
            env={**os.environ, "DATABASE_URL": url},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(300):  # until the rebuild waits for the lock (at most 30 s)
                cursor.execute(
                    "SELECT count(*) FROM pg_locks WHERE NOT granted "
                    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                )
                if cursor.fetchone()[0]:
                    break
                time.sleep(0.1)
            else:
                pytest.fail("the rebuild never reached its lock")
            time.sleep(1)  # the builders' start
            spawned = [
                pid for pid in children_of(command.pid) if "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text()
            ]
            assert len(spawned) == index.BUILDERS
        finally:
            command.kill()
            command.wait()
    for _ in range(100):
        if not any(running(pid) for pid in spawned):
            break
        time.sleep(0.1)
    assert not any(running(pid) for pid in spawned)
