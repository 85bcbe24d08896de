"""Plain SQL for small reads that pages make on every visit.

At 50,000 people the ORM spent 0.5–1.5 ms building and running each of these reads (whether the
reader follows the page, edits anything or is a member of the unit, the reader's own waiting
suggestions, a unit's KLE tasks), against 0.2–0.5 ms for the same statement written out
(docs/performance.md, "Sessions 10 and 11"). A statement names
its tables as `{name}`, filled in with the models' tables once:

    read_rows(Follow, "SELECT 1 FROM {follow} WHERE user_id = %s", [user.pk], follow=Follow)
"""

from functools import cache

from django.db import connections, router


def read_rows(model, statement, params, **tables):
    """The rows of `statement`, run on the database that reads of `model` go to (the replica, or
    the primary right after the reader's own write), with each `{name}` the table of `tables[name]`."""
    with connections[router.db_for_read(model)].cursor() as cursor:
        cursor.execute(_filled(statement, tuple(sorted(tables.items()))), params)
        return cursor.fetchall()


@cache
def _filled(statement, tables):
    return statement.format(**{name: table._meta.db_table for name, table in tables})
