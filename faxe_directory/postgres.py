"""The cursor of PostgreSQL connections: parameters bound on the server, so that psycopg can prepare
a statement that runs again and again on a connection (settings.py, DATABASE_PREPARE_THRESHOLD;
docs/performance.md, "Session 11").

A statement bound on the server carries at most 65,535 parameters (the protocol counts them in 16
bits), and Django does not split an `__in` list or a `bulk_create` to fit. One with more (an
import's long lists) is bound on the client instead, as Django binds every statement by default.
Only psycopg is imported here: settings.py names this class before Django's database layer loads.
"""

import psycopg

MAX_SERVER_PARAMETERS = 65_535


class Cursor(psycopg.Cursor):
    def execute(self, query, params=None, **options):
        if params is not None and len(params) > MAX_SERVER_PARAMETERS:
            query, params = psycopg.ClientCursor(self.connection).mogrify(query, params), None
        return super().execute(query, params, **options)
