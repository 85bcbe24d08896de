"""Organisation imports uploaded in Django admin, run by the background worker (`db_worker`).

A 50,000-person file takes a minute or more to check and dry-run, far longer than a request may
take (gunicorn ends it at 30 s). So the upload only stores the files with an `ImportJob` and
queues its dry run; the worker writes progress and then the report to the job; the uploader reads
it on the job's page and confirms, which queues the real import on the same files.
"""

import logging
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from people.importing import Change, ImportFailed, ImportResult, Source, plan_import, read_source, run_import
from people.models import ImportJob, ImportJobFile, ImportJobStatus

logger = logging.getLogger(__name__)

# Changes listed one by one in a report; the summary counts all of them.
REPORT_CHANGES = 200
# An unconfirmed preview expires after a day (its files are deleted); jobs and their reports,
# which name people, are deleted after a week.
PREVIEW_EXPIRES = timedelta(days=1)
JOBS_KEPT = timedelta(days=7)
# The status page is refreshed every few seconds: writing progress more often is wasted.
PROGRESS_EVERY_SECONDS = 0.5

WAITING = (ImportJobStatus.PREVIEW_QUEUED, ImportJobStatus.IMPORT_QUEUED)
RUNNING = (ImportJobStatus.PREVIEWING, ImportJobStatus.IMPORTING)


@dataclass
class Report:
    """What a dry run or an import did, as stored with the job and shown on its page."""

    summary: str
    total: int
    seconds: float
    changes: list[Change] = field(default_factory=list)
    changes_count: int = 0

    @classmethod
    def of(cls, result: ImportResult) -> "Report":
        return cls(
            summary=result.summary(),
            total=result.total,
            seconds=round(result.seconds, 1),
            changes=result.changes[:REPORT_CHANGES],
            changes_count=result.changes_count,
        )

    def to_json(self) -> dict:
        return {
            "summary": self.summary,
            "total": self.total,
            "seconds": self.seconds,
            "changes": [[c.action, c.kind, c.external_id, c.name, list(c.fields)] for c in self.changes],
            "changes_count": self.changes_count,
        }

    @classmethod
    def from_json(cls, data: dict | None) -> "Report | None":
        if not data:
            return None
        changes = [Change(*row[:4], tuple(row[4])) for row in data["changes"]]
        return cls(data["summary"], data["total"], data["seconds"], changes, data["changes_count"])


# --- what the admin views call ----------------------------------------------------------------


def start_import(user, uploads: list[tuple[str, bytes]], *, deactivate_missing: bool) -> ImportJob:
    """Store the uploaded files (name, bytes) with a new job of `user` and queue its dry run."""
    forget_old_jobs()
    with transaction.atomic():
        job = ImportJob.objects.create(
            created_by=user, language=translation.get_language() or "da", deactivate_missing=deactivate_missing
        )
        ImportJobFile.objects.bulk_create(
            # The name without any folder part is what problem reports show.
            ImportJobFile(job=job, position=position, name=Path(name).name[:255], data=data)
            for position, (name, data) in enumerate(uploads)
        )
    preview_import.enqueue(job.pk)
    return job


def confirm_import(job: ImportJob) -> bool:
    """Queue the real import of a checked job. False if the job was not waiting for confirmation
    (confirmed already, cancelled, or its preview expired)."""
    confirmed = ImportJob.objects.filter(
        pk=job.pk,
        status=ImportJobStatus.PREVIEW_READY,
        finished_at__gte=timezone.now() - PREVIEW_EXPIRES,
    ).update(status=ImportJobStatus.IMPORT_QUEUED, progress_label="", progress_done=0, progress_total=0)
    if confirmed:
        run_confirmed_import.enqueue(job.pk)
    return bool(confirmed)


def cancel_import(job: ImportJob) -> bool:
    """Cancel a job waiting to be checked or confirmed and delete its files; False if it is
    running or finished."""
    with transaction.atomic():
        cancelled = ImportJob.objects.filter(
            pk=job.pk, status__in=[ImportJobStatus.PREVIEW_QUEUED, ImportJobStatus.PREVIEW_READY]
        ).update(status=ImportJobStatus.CANCELLED, finished_at=timezone.now())
        if cancelled:
            ImportJobFile.objects.filter(job=job).update(data=b"")
    return bool(cancelled)


def preview_expired(job: ImportJob) -> bool:
    return (
        job.status == ImportJobStatus.PREVIEW_READY
        and job.finished_at is not None
        and job.finished_at < timezone.now() - PREVIEW_EXPIRES
    )


def forget_old_jobs() -> None:
    """Empty the files of expired previews and, after a week, delete whole jobs: the files and
    reports hold personal data (names, e-mail addresses) that must not outlive their use."""
    now = timezone.now()
    expired = ImportJob.objects.filter(
        status=ImportJobStatus.PREVIEW_READY, finished_at__lt=now - PREVIEW_EXPIRES
    ).values_list("pk", flat=True)
    ImportJobFile.objects.filter(job__in=list(expired)).update(data=b"")
    ImportJob.objects.filter(created_at__lt=now - JOBS_KEPT).delete()


# --- what the worker runs ---------------------------------------------------------------------


@task()
def preview_import(job_id: int) -> None:
    """Check and dry-run an uploaded import; store its report, or the problems in its files."""
    _run(job_id, dry_run=True)


@task()
def run_confirmed_import(job_id: int) -> None:
    """Run a confirmed import for real; store its report."""
    _run(job_id, dry_run=False)


def _run(job_id, *, dry_run):
    queued, running = (
        (ImportJobStatus.PREVIEW_QUEUED, ImportJobStatus.PREVIEWING)
        if dry_run
        else (ImportJobStatus.IMPORT_QUEUED, ImportJobStatus.IMPORTING)
    )
    # Claimed by one worker once: a cancelled job, or one run already, is left alone.
    if not ImportJob.objects.filter(pk=job_id, status=queued).update(status=running, started_at=timezone.now()):
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    progress = Progress(job_id)
    with translation.override(job.language):
        try:
            progress(_("Reading and checking the files"), 0, 0)
            source = Source()
            for file in job.files.all():
                source.add(read_source(file.name, bytes(file.data)))
            result = run_import(
                plan_import(source),
                dry_run=dry_run,
                deactivate_missing=job.deactivate_missing,
                user=job.created_by,
                progress=progress,
                listed=REPORT_CHANGES,
            )
        except ImportFailed as failure:
            _finish(job_id, ImportJobStatus.FAILED, problems=failure.lines())
        except Exception:
            logger.exception("The organisation import job %s failed", job_id)
            message = _("An unexpected error stopped the import; nothing was written. The server's log has the error.")
            _finish(job_id, ImportJobStatus.FAILED, problems=[message])
            raise
        else:
            report = Report.of(result).to_json()
            if not dry_run:
                _finish(job_id, ImportJobStatus.DONE, report=report)
            elif result.total:
                _finish(job_id, ImportJobStatus.PREVIEW_READY, preview=report)
            else:
                # Nothing to confirm: the directory already matches the files.
                _finish(job_id, ImportJobStatus.DONE, preview=report)
        finally:
            progress.close()


def _finish(job_id, status, *, problems=(), **reports):
    with transaction.atomic():
        ImportJob.objects.filter(pk=job_id).update(
            status=status, finished_at=timezone.now(), problems=list(problems), **reports
        )
        if status != ImportJobStatus.PREVIEW_READY:
            ImportJobFile.objects.filter(job_id=job_id).update(data=b"")


class Progress:
    """Writes a job's progress (stage, rows done of total) where its status page can read it
    while the import's own transaction is still open: on PostgreSQL through a second connection
    that commits each write. SQLite allows one writer at a time, so there progress is written
    only outside that transaction (the stages before it)."""

    def __init__(self, job_id):
        self.job_id = job_id
        self.last_written = 0.0
        self.own_connection = (
            connections.create_connection(DEFAULT_DB_ALIAS) if connection.vendor == "postgresql" else None
        )

    def __call__(self, label, done, total):
        now = time.monotonic()
        if 0 < done < total and now - self.last_written < PROGRESS_EVERY_SECONDS:
            return
        self.last_written = now
        if self.own_connection is not None:
            table = self.own_connection.ops.quote_name(ImportJob._meta.db_table)
            with self.own_connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET progress_label = %s, progress_done = %s, progress_total = %s WHERE id = %s",
                    [label[:100], done, total, self.job_id],
                )
        elif not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_id).update(
                progress_label=label[:100], progress_done=done, progress_total=total
            )

    def close(self):
        if self.own_connection is not None:
            self.own_connection.close()
