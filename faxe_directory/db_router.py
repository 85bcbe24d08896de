"""Reads from a PostgreSQL read replica, writes to the primary (docs/scaling.md, docs/deploy.md).

Active only when DATABASE_REPLICA_URL is set. A request that may write (POST and friends) and
everything after a write in the same request reads from the primary. Reads outside a request
(management commands, the shell) go to the primary too: they are few and often part of a larger
job that writes.

Read-your-writes across requests: after a request that wrote, the response carries a cookie with
the primary's WAL position after the write. While the replica has not replayed up to that
position, that browser's reads go to the primary, so the person who just saved sees their change
on the next page however far the replica lags; once the replica has caught up the cookie goes and
reads return to the replica. Everyone else keeps reading from the replica.
"""

import re
from contextlib import suppress
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections, transaction

REPLICA = "replica"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Sessions and login attempts are written by one request and read by the very next one (the redirect
# after logging in): replication lag there would log the user out again.
PRIMARY_ONLY_APPS = {"sessions", "axes"}
# Likewise an import job's page, read right after the upload that made the job and then following
# the background worker's progress.
PRIMARY_ONLY_MODELS = {"people.importjob", "people.importjobfile"}
# The browser's "read from the primary until the replica has replayed this WAL position" cookie.
PIN_COOKIE = "faxe_primary_until"
LSN = re.compile(r"^[0-9A-F]{1,8}-[0-9A-F]{1,8}$")  # a pg_lsn with "-" for "/" (no quoting)


@dataclass
class RequestState:
    reads_from_replica: bool
    wrote: bool = False


_request = ContextVar("replica_request", default=None)


def _primary_only(model) -> bool:
    return model._meta.app_label in PRIMARY_ONLY_APPS or model._meta.label_lower in PRIMARY_ONLY_MODELS


class ReadReplicaRouter:
    """Route the reads of safe requests to the `replica` database, all writes to `default`."""

    def db_for_read(self, model, **hints):
        state = _request.get()
        if _primary_only(model) or state is None or not state.reads_from_replica:
            return "default"
        if transaction.get_connection().in_atomic_block:
            return "default"
        return REPLICA

    def db_for_write(self, model, **hints):
        state = _request.get()
        if state is not None:
            # Once this request writes, its later reads must see the write, and so must this
            # browser's next requests (the cookie).
            state.reads_from_replica = False
            state.wrote = state.wrote or not _primary_only(model)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # both aliases hold the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica follows the primary's schema by replication


def _sql_value(alias, statement, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchone()[0]


def replica_has_replayed(lsn: str) -> bool:
    """Whether the replica has replayed the primary's WAL up to `lsn` (a server that is no standby,
    such as a mirror of the primary in development, has everything)."""
    return bool(
        _sql_value(
            REPLICA,
            "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() >= %s::pg_lsn ELSE true END",
            [lsn],
        )
    )


def primary_position() -> str:
    """The primary's WAL position after everything written so far (committed or not yet flushed)."""
    return _sql_value("default", "SELECT pg_current_wal_insert_lsn()::text")


class ReplicaReadsMiddleware:
    """Lets the router send this request's reads to the replica when the request is read-only and
    this browser has no write the replica has not yet replayed; marks the browsers that wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replicated = REPLICA in settings.DATABASES and connections["default"].vendor == "postgresql"
        cookie = request.COOKIES.get(PIN_COOKIE)
        caught_up = True  # without a valid cookie there is nothing to wait for
        if cookie is not None and replicated and LSN.match(cookie):
            try:
                caught_up = replica_has_replayed(cookie.replace("-", "/"))
            except DatabaseError:  # the replica does not answer: the primary does
                caught_up = False
        state = RequestState(reads_from_replica=request.method in SAFE_METHODS and caught_up)
        token = _request.set(state)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        if replicated and (state.wrote or request.method not in SAFE_METHODS):
            with suppress(DatabaseError):  # the primary went away after answering: nothing to wait for
                self.pin(response, primary_position())
        elif cookie is not None and caught_up:
            response.delete_cookie(PIN_COOKIE, samesite="Lax")
        return response

    def pin(self, response, lsn):
        response.set_cookie(
            PIN_COOKIE,
            lsn.replace("/", "-"),
            max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def replica_lag() -> dict:
    """How far the replica is behind the primary: the bytes of WAL it has not replayed and the
    seconds since the last transaction it replayed was committed (0 when it has replayed all)."""
    position = primary_position()
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(
            """
            SELECT greatest(pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn()), 0),
                   extract(epoch FROM now() - pg_last_xact_replay_timestamp())
            WHERE pg_is_in_recovery()
            """,
            [position],
        )
        row = cursor.fetchone()
    if row is None:  # not a standby (a mirror of the primary)
        return {"bytes": 0, "seconds": 0.0}
    behind, since_replayed = int(row[0] or 0), float(row[1] or 0)
    return {"bytes": behind, "seconds": round(since_replayed, 1) if behind else 0.0}
