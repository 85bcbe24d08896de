"""Search backends, chosen by the database vendor (as Wagtail's database search does)."""

from django.db import connection


def get_backend():
    if connection.vendor == "postgresql":
        from faxe_directory.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    from faxe_directory.search.backends.sqlite import SQLiteBackend

    return SQLiteBackend()
