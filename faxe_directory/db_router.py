"""Reads from a PostgreSQL read replica, writes to the primary (docs/scaling.md).

Active only when DATABASE_REPLICA_URL is set. A request that may write (POST and friends) and
everything after a write in the same request reads from the primary, so a user never misses their
own change because of replication lag. Reads outside a request (management commands, the shell)
go to the primary too: they are few and often part of a larger job that writes.
"""

from contextvars import ContextVar

from django.db import transaction

REPLICA = "replica"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Sessions and login attempts are written by one request and read by the very next one (the redirect
# after logging in): replication lag there would log the user out again.
PRIMARY_ONLY_APPS = {"sessions", "axes"}
# Likewise an import job's page, read right after the upload that made the job and then following
# the background worker's progress.
PRIMARY_ONLY_MODELS = {"people.importjob", "people.importjobfile"}

_reads_from_replica = ContextVar("reads_from_replica", default=False)


class ReadReplicaRouter:
    """Route the reads of safe requests to the `replica` database, all writes to `default`."""

    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_ONLY_APPS or model._meta.label_lower in PRIMARY_ONLY_MODELS:
            return "default"
        if _reads_from_replica.get() and not transaction.get_connection().in_atomic_block:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        # Once this request writes, its later reads must see the write.
        _reads_from_replica.set(False)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # both aliases hold the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica follows the primary's schema by replication


class ReplicaReadsMiddleware:
    """Lets the router send this request's reads to the replica when the request is read-only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reads_from_replica.set(request.method in SAFE_METHODS)
        try:
            return self.get_response(request)
        finally:
            _reads_from_replica.reset(token)
