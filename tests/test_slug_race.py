"""Many people starting a try-out (or admins adding a unit) with the same name at the same moment:
every save succeeds, each with its own slug. The slug is checked before the insert, so two
requests can pick the same one; the unique index refuses the second, which takes the next slug.

The threads run truly in parallel on PostgreSQL (CI runs the suite there too). SQLite lets one
writer at a time in: a file database makes the others wait, but the in-memory test database
answers "table is locked" instead, so there the threads take turns, as SQLite's own lock makes
them do in production. The race itself is made deterministic for both databases in the last test.
"""

import contextlib
import threading
import uuid

from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from people.models import Role
from tests.conftest import make_user_with_person, page_of
from tests.factories import CentreFactory, UnitFactory
from tests.test_admin import admin_url, form_data
from tryouts.models import Status, Tryout
from units.models import Unit, UnitKind

CREATE_URL = reverse("tryouts:create")
PARALLEL = 20


def in_parallel(requests):
    """Run the callables at the same moment, one thread each (each with its own database
    connection, closed at the end); returns their results in order."""
    start = threading.Barrier(len(requests))
    results = [None] * len(requests)
    turns = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def run(index, request):
        try:
            start.wait()
            with turns:
                results[index] = request()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def logged_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


def test_parallel_try_outs_with_the_same_title_all_get_their_own_slug(transactional_db):
    unit = UnitFactory(name="Hjemmeplejen Syd")
    user = make_user_with_person("mette", unit, Role.MEDARBEJDER, first_name="Mette", last_name="Jensen")
    browsers = [logged_in(user) for _ in range(PARALLEL)]

    def start_try_out(browser):
        data = {"token": str(uuid.uuid4()), "owner_unit": unit.pk, "title": "Walk and talk", "status": Status.IDE}
        return browser.post(CREATE_URL, data)

    responses = in_parallel([lambda browser=browser: start_try_out(browser) for browser in browsers])

    assert [getattr(response, "status_code", response) for response in responses] == [302] * PARALLEL
    slugs = set(Tryout.objects.values_list("slug", flat=True))
    assert slugs == {"walk-and-talk"} | {f"walk-and-talk-{number}" for number in range(2, PARALLEL + 1)}
    assert {response["Location"] for response in responses} == {f"/proevehandlinger/{slug}/" for slug in slugs}


def test_parallel_units_with_the_same_name_in_admin_all_get_their_own_slug(transactional_db):
    parent = CentreFactory(name="Center for Børn og Læring")
    admin = make_user_with_person("chef", parent, Role.LEDER, first_name="Chef", last_name="Admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    browsers = [logged_in(admin) for _ in range(PARALLEL // 2)]
    url = admin_url(Unit, "add")
    data = form_data(browsers[0].get(url), Unit)
    data.update({"name": ["Dagplejen"], "kind": [UnitKind.AFDELING], "parent": [str(parent.pk)]})

    responses = in_parallel([lambda browser=browser: browser.post(url, data) for browser in browsers])

    assert [getattr(response, "status_code", response) for response in responses] == [302] * len(browsers)
    slugs = sorted(Unit.objects.filter(name="Dagplejen").values_list("slug", flat=True))
    assert len(set(slugs)) == len(browsers)
    assert "dagplejen" in slugs


def test_a_slug_taken_between_the_check_and_the_insert_is_replaced_by_the_next_one(db, org, client):
    """The race made deterministic, on every database: another request stores the same slug
    right after this one found it free (before, the unique index refused the insert: a 500)."""
    competing = []

    def other_request_takes_the_slug(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not competing and sql.startswith("SELECT") and "tryouts_tryout" in sql and "walk-and-talk" in params:
            competing.append("walk-and-talk")
            Tryout.objects.bulk_create([Tryout(title="Walk and talk", slug="walk-and-talk", owner_unit=org.afdeling)])
        return result

    page = page_of(client.get(CREATE_URL))
    data = {
        "token": page.select_one("input#id_token").attrs["value"],
        "owner_unit": org.afdeling.pk,
        "title": "Walk and talk",
        "status": Status.IDE,
    }
    with connection.execute_wrapper(other_request_takes_the_slug):
        response = client.post(CREATE_URL, data)
    assert competing, "the other request stored its try-out"
    assert response.status_code == 302
    assert response["Location"] == "/proevehandlinger/walk-and-talk-2/"
    assert page_of(client.get(response["Location"])).select_one("h1").text == "Walk and talk"
    assert sorted(Tryout.objects.filter(title="Walk and talk").values_list("slug", flat=True)) == [
        "walk-and-talk",
        "walk-and-talk-2",
    ]
