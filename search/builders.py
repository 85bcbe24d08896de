"""A rebuild's batches built in other processes (`rebuild` in search/index.py, PostgreSQL).

Building a batch is mostly Python: the documents' texts, their words and name keys. In one
process that holds one core, however many threads it has, and it was the longest part of a
rebuild (docs/performance.md, session 9). So the rebuild hands its batches to a few processes.
Each is a fresh Python (multiprocessing's "spawn": nothing of the parent's connection or
transaction is inherited) with its own connection to the same database, in a transaction that
reads the snapshot the rebuild exported: the builders see what the rebuild sees and nothing
written after it. They send back finished COPY data, which the rebuild writes in the batches'
order.

A builder that fails sends its error, which the rebuild raises. A builder that dies (killed, out
of memory) fails the rebuild too, rather than leaving it waiting. Either way the rebuild's
transaction rolls back and the old index stays.

The builders read the settings module as the parent did (from the same environment); only the
database is handed over, so a test database is the one they read.
"""

import multiprocessing
import os
import queue
import threading
import traceback
from collections.abc import Iterator

# The builders' connections, as pg_stat_activity names them.
APPLICATION_NAME = "faxe-search-rebuild"
PROCESS_NAME = "search-rebuild-builder"


class BuilderFailed(RuntimeError):
    """A builder process failed; the message holds its traceback or exit code."""


class Builders:
    """`processes` builder processes, started on entering (they set Django up while the rebuild
    prepares its tables) and stopped on leaving; `results` hands them the work."""

    def __init__(self, function: str, processes: int):
        from django.db import connection  # noqa: PLC0415 (this module must import without settings)

        database = dict(connection.settings_dict)
        database["OPTIONS"] = {**database.get("OPTIONS", {}), "application_name": APPLICATION_NAME}
        context = multiprocessing.get_context("spawn")
        self.snapshots, self.todo = context.Queue(), context.Queue()
        self.todo.cancel_join_thread()  # after a failure nobody reads the rest: do not wait for it at exit
        # How many tasks the processes are handed beyond the one the rebuild waits for: the
        # finished ones waiting in memory stay as few.
        self.ahead = 2 * processes
        self.finished = context.Queue(maxsize=self.ahead)
        arguments = (database, function, self.snapshots, self.todo, self.finished)
        self.processes = [
            context.Process(target=_build, args=arguments, name=PROCESS_NAME, daemon=True) for _ in range(processes)
        ]
        self.complete = False

    def __enter__(self):
        for process in self.processes:
            process.start()
        return self

    def results(self, tasks: list[tuple], snapshot: str) -> Iterator:
        """`function(*task)` for every task, in the tasks' order, computed in transactions that
        read the exported `snapshot`. The processes are handed tasks only a few ahead of the
        one the rebuild waits for, so the results waiting in memory stay few."""
        for _ in self.processes:
            self.snapshots.put(snapshot)  # one for each
        numbered = list(enumerate(tasks))
        handed = 0
        stops = [None] * len(self.processes)  # after the last task: one for each process

        def hand_up_to(count):
            nonlocal handed
            while handed < min(count, len(numbered)):
                self.todo.put(numbered[handed])
                handed += 1
            while handed == len(numbered) and stops:
                self.todo.put(stops.pop())

        hand_up_to(self.ahead)
        early = {}
        for number in range(len(numbered)):
            while number not in early:
                got, result = _next(self.finished, self.processes)
                early[got] = result
            hand_up_to(number + 1 + self.ahead)
            yield early.pop(number)
        self.complete = True

    def __exit__(self, *exc_info):
        for process in self.processes:
            process.join(timeout=10 if self.complete else 0)  # done, they stop by themselves; else stop them
            if process.is_alive():
                process.terminate()
                process.join()
        for channel in (self.snapshots, self.todo, self.finished):
            channel.close()


def _next(finished, builders) -> tuple[int, object]:
    while True:
        try:
            number, result = finished.get(timeout=0.5)
        except queue.Empty:
            stopped = [builder.exitcode for builder in builders if builder.exitcode not in (None, 0)]
            if stopped:
                raise BuilderFailed(f"A search index builder stopped (exit code {stopped[0]}).") from None
            continue
        if number is None:
            raise BuilderFailed(result)
        return number, result


def _build(database: dict, function: str, snapshots, todo, finished) -> None:
    """A builder process: set Django up on the rebuild's database, wait for the snapshot to
    read, and build tasks until told to stop (None)."""
    _end_with_parent()
    try:
        from django.conf import settings  # noqa: PLC0415

        settings.DATABASES = {"default": database}
        import django  # noqa: PLC0415

        django.setup()
        from django.db import connection, transaction  # noqa: PLC0415
        from django.utils.module_loading import import_string  # noqa: PLC0415

        build = import_string(function)
        snapshot = snapshots.get()
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")  # checked by the rebuild
                while (item := todo.get()) is not None:
                    number, task = item
                    finished.put((number, build(*task)))
        finally:
            connection.close()
    except BaseException:  # noqa: BLE001 (sent to the rebuild, which raises it)
        finished.put((None, traceback.format_exc()))


def _end_with_parent() -> None:
    """End this process as soon as the rebuild's process is gone: a rebuild killed outright
    (SIGKILL) leaves no builder behind, building for nobody or waiting on a full queue, with its
    connection open."""
    parent = multiprocessing.parent_process()

    def watch():
        parent.join()  # returns once the parent has ended
        os._exit(1)

    threading.Thread(target=watch, name="search-rebuild-watch", daemon=True).start()
