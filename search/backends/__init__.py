"""Search backends, chosen by the database vendor (as Wagtail's database search does)."""

from django.db import connection

from search.backends.base import Backend


def get_backend() -> Backend:
    if connection.vendor == "postgresql":
        from search.backends.postgres import PostgresBackend

        return PostgresBackend()
    from search.backends.sqlite import SQLiteBackend

    return SQLiteBackend()
