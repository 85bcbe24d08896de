"""The organisation import in Django admin: upload, dry-run report, confirm, report; staff only.

The dry run and the import run as background jobs. Most tests run them at once (the immediate
backend, tests/conftest.py); the last ones queue them in the database and run the real worker.
"""

import re
import signal
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from people.import_jobs import Progress
from people.models import ImportJob, ImportJobStatus, Person
from tests.conftest import da, page_of
from tests.factories import UserFactory
from units.models import Unit

pytestmark = pytest.mark.django_db

URL = "/admin/people/person/import/"
UNITS = (
    "\ufeffexternal_id;name;kind;parent_external_id\r\nK1;Faxe Kommune;kommune;\r\nC1;Center for Sundhed;center;K1\r\n"
)
PEOPLE = "external_id;first_name;last_name;unit_external_id;role\r\nM1;Åse;Bødker;C1;leder\r\n"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def upload(*files):
    return [SimpleUploadedFile(name, text.encode(), content_type="text/csv") for name, text in files]


@pytest.fixture
def chef(db):
    return UserFactory(username="chef", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(chef):
    client = Client()
    client.force_login(chef)
    return client


def job_url(job, action=""):
    return f"{URL}{job.pk}/{action}"


def refreshes(page):
    return any(meta.attrs.get("http-equiv") == "refresh" for meta in page.select("meta"))


def test_the_person_list_links_to_the_import(admin_client):
    page = page_of(admin_client.get("/admin/people/person/"))
    assert URL in page.hrefs()


def test_upload_shows_the_dry_run_and_writes_only_after_confirming(admin_client):
    response = admin_client.post(URL, {"files": upload(("units.csv", UNITS), ("people.csv", PEOPLE))})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job_url(job)

    page = page_of(admin_client.get(job_url(job)))
    assert da("Preview: nothing has been saved yet") in page.text
    assert "Åse Bødker" in page.text and "Center for Sundhed" in page.text
    assert "units.csv, people.csv" in page.text
    assert not refreshes(page)
    assert not Person.objects.exists() and not Unit.objects.exists()

    response = admin_client.post(job_url(job, "confirm/"), follow=True)
    page = page_of(response)
    assert da("Import done") in page.text
    summary = da(
        "Units: %(units_created)d created, %(units_updated)d updated. "
        "People: %(people_created)d created, %(people_updated)d updated, "
        "%(people_reactivated)d reactivated, %(people_deactivated)d deactivated. "
        "Memberships changed: %(memberships)d."
    )
    counts = dict.fromkeys(re.findall(r"%\((\w+)\)", summary), 0) | {"units_created": 2, "people_created": 1}
    assert summary % (counts | {"memberships": 1}) in page.text
    person = Person.objects.get(external_id="M1")
    assert person.memberships.get().unit.name == "Center for Sundhed"
    assert person.history.get().history_user.username == "chef"
    assert {row.history_user.username for row in Unit.objects.get(external_id="C1").history.all()} == {"chef"}
    # The files held personal data: emptied once imported.
    assert all(not bytes(file.data) for file in job.files.all())

    # The same confirmation cannot be replayed.
    response = admin_client.post(job_url(job, "confirm/"), follow=True)
    assert da("This import cannot be confirmed any more. Please upload the files again.") in page_of(response).text
    assert Person.objects.count() == 1


def test_a_bad_file_shows_the_problems_and_writes_nothing(admin_client):
    bad = PEOPLE + "M1;Dublet;Person;C9;chef\r\n"
    response = admin_client.post(URL, {"files": upload(("people.csv", bad))}, follow=True)
    text = page_of(response).text
    assert da("The import was stopped; nothing was written. Correct the file and upload it again:") in text
    assert "people.csv" in text and "C9" in text and "chef" in text
    assert da("Import now") not in [button.attrs.get("value") for button in page_of(response).select("input")]
    assert not Person.objects.exists()


def test_an_upload_without_files_asks_for_one(admin_client):
    response = admin_client.post(URL, {})
    assert response.status_code == 200
    assert page_of(response).select("ul.errorlist")
    assert not ImportJob.objects.exists()


def test_a_cancelled_import_writes_nothing_and_cannot_be_confirmed(admin_client):
    admin_client.post(URL, {"files": upload(("units.csv", UNITS))})
    job = ImportJob.objects.get()
    page = page_of(admin_client.get(job_url(job)))
    assert job_url(job, "cancel/") in [button.attrs.get("formaction") for button in page.select("input")]
    response = admin_client.post(job_url(job, "cancel/"), follow=True)
    assert da("The import was cancelled; nothing was written.") in page_of(response).text
    admin_client.post(job_url(job, "confirm/"))
    assert not Unit.objects.exists()
    assert all(not bytes(file.data) for file in job.files.all())


def test_an_unconfirmed_preview_expires_after_a_day_and_old_jobs_are_forgotten(admin_client):
    admin_client.post(URL, {"files": upload(("units.csv", UNITS))})
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=1, minutes=1))
    page = page_of(admin_client.get(job_url(job)))
    assert da("That upload has expired. Please upload the files again.") in page.text
    assert da("Import now") not in [button.attrs.get("value") for button in page.select("input")]
    admin_client.post(job_url(job, "confirm/"))
    assert not Unit.objects.exists()

    # The next upload empties the expired files; a week later the job and its report are gone.
    admin_client.post(URL, {"files": upload(("units.csv", UNITS))})
    assert all(not bytes(file.data) for file in job.files.all())
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=8))
    admin_client.post(URL, {"files": upload(("units.csv", UNITS))})
    assert not ImportJob.objects.filter(pk=job.pk).exists()
    assert ImportJob.objects.count() == 2


def test_someone_elses_import_is_not_found(admin_client):
    admin_client.post(URL, {"files": upload(("units.csv", UNITS))})
    job = ImportJob.objects.get()
    other = Client()
    other.force_login(UserFactory(username="anden-chef", is_staff=True, is_superuser=True))
    assert other.get(job_url(job)).status_code == 404
    assert other.post(job_url(job, "confirm/")).status_code == 404
    assert not Unit.objects.exists()
    # The confirmation is a POST.
    assert admin_client.get(job_url(job, "confirm/")).status_code == 405


def test_deactivate_missing_from_the_admin(admin_client):
    admin_client.post(URL, {"files": upload(("units.csv", UNITS), ("people.csv", PEOPLE))})
    admin_client.post(job_url(ImportJob.objects.get(), "confirm/"))
    other = PEOPLE.replace("M1;Åse;Bødker", "M2;Bo;Berg")
    response = admin_client.post(URL, {"files": upload(("people.csv", other)), "deactivate_missing": "on"}, follow=True)
    assert "Åse Bødker" in page_of(response).text
    admin_client.post(job_url(ImportJob.objects.latest("pk"), "confirm/"))
    assert not Person.objects.get(external_id="M1").is_active


def test_the_import_page_lists_my_latest_imports(admin_client):
    admin_client.post(URL, {"files": upload(("units.csv", UNITS))})
    job = ImportJob.objects.get()
    page = page_of(admin_client.get(URL))
    assert job_url(job) in page.hrefs()
    assert da("checked, waiting for confirmation") in page.text


def test_employees_and_staff_without_rights_cannot_import(anon_client, admin_client):
    admin_client.post(URL, {"files": upload(("units.csv", UNITS))})
    job = ImportJob.objects.get()
    client = Client()
    client.force_login(UserFactory(username="ikke-staff"))
    assert client.get(URL)["Location"].startswith("/admin/login/")
    assert anon_client.get(URL).status_code == 302

    staff = UserFactory(username="kun-se", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_person"))
    client.force_login(staff)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"files": upload(("people.csv", PEOPLE))}).status_code == 403
    assert client.get(job_url(job)).status_code == 403
    assert client.post(job_url(job, "confirm/")).status_code == 403
    assert not Person.objects.exists() and not Unit.objects.exists()


def test_the_job_page_shows_the_workers_progress_and_refreshes_itself(admin_client, chef):
    job = ImportJob.objects.create(
        created_by=chef,
        status=ImportJobStatus.IMPORTING,
        progress_label="Nye personer",
        progress_done=12000,
        progress_total=50000,
    )
    page = page_of(admin_client.get(job_url(job)))
    assert da("Importing") in page.text
    assert "Nye personer: " + da("%(done)s of %(total)s") % {"done": 12000, "total": 50000} in page.text
    bar = page.select_one("progress")
    assert (bar.attrs["value"], bar.attrs["max"]) == ("12000", "50000")
    assert refreshes(page)
    assert job_url(job) in page.hrefs()  # "Opdatér" for whoever has turned refreshing off


# --- the database queue and its worker ----------------------------------------------------------


@pytest.fixture
def worker():
    """Runs `manage.py db_worker` until the queue is empty, as the service does in production."""

    def run():
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
        try:
            call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", stdout=StringIO())
        finally:
            for sig, handler in handlers.items():
                signal.signal(sig, handler)

    return run


# Committed rows, as in production: the worker checks its connection between jobs, which would
# close a connection held in a test's transaction.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_upload_queues_the_dry_run_in_the_database_and_the_worker_runs_it(admin_client, worker):
    response = admin_client.post(URL, {"files": upload(("units.csv", UNITS), ("people.csv", PEOPLE))}, follow=True)
    page = page_of(response)
    assert da("Waiting for the background worker") in page.text
    assert refreshes(page)
    job = ImportJob.objects.get()
    assert DBTaskResult.objects.get().task_path == "people.import_jobs.preview_import"

    worker()
    page = page_of(admin_client.get(job_url(job)))
    assert da("Preview: nothing has been saved yet") in page.text and "Åse Bødker" in page.text
    assert not refreshes(page)
    assert not Person.objects.exists()

    page = page_of(admin_client.post(job_url(job, "confirm/"), follow=True))
    assert da("Waiting for the background worker") in page.text
    assert not Person.objects.exists()
    worker()
    page = page_of(admin_client.get(job_url(job)))
    assert da("Import done") in page.text
    assert Person.objects.get(external_id="M1").memberships.get().unit.external_id == "C1"
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db(transaction=True)
def test_progress_written_during_the_imports_transaction(chef):
    """On PostgreSQL the status page sees progress while the import's transaction is still open
    (a second connection commits it). SQLite allows one writer: there it waits until the end,
    without blocking the import."""
    job = ImportJob.objects.create(created_by=chef, status=ImportJobStatus.IMPORTING)
    reader = connections.create_connection(DEFAULT_DB_ALIAS)
    progress = Progress(job.pk)
    try:
        with transaction.atomic():
            Unit.objects.create(name="Skrives i importens transaktion")
            progress("Nye personer", 1000, 50000)
            with reader.cursor() as cursor:
                cursor.execute(
                    f"SELECT progress_label, progress_done, progress_total FROM {ImportJob._meta.db_table} "
                    "WHERE id = %s",
                    [job.pk],
                )
                seen = cursor.fetchone()
    finally:
        progress.close()
        reader.close()
    if connection.vendor == "postgresql":
        assert seen == ("Nye personer", 1000, 50000)
    else:
        assert seen == ("", 0, 0)
    assert Unit.objects.get().name == "Skrives i importens transaktion"
