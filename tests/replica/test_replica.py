"""The read-replica router against a real streaming hot standby (conftest.py): reads go to the
standby, writes to the primary, and a person who just saved sees their change on the next page
even while the standby lags behind. Lag is made by pausing the standby's replay."""

import pytest

from faxe_directory.db_router import PIN_COOKIE
from tests.conftest import page_of

pytestmark = pytest.mark.replica

OLD_TITLE, NEW_TITLE = "Social- og sundhedsassistent", "Teamleder i hjemmeplejen"


@pytest.fixture(scope="module")
def people(app, replicated):
    """Mette, whose profile the tests change, and Lars, a colleague reading it."""
    mette = app.send("employee", username="mette", first_name="Mette", last_name="Jensen", title=OLD_TITLE)["pk"]
    app.send("employee", username="lars", first_name="Lars", last_name="Holm", title="Pædagog")
    app.send("login", browser="mette", username="mette")
    app.send("login", browser="lars", username="lars")
    replicated.wait_for_replay()
    return {"mette": mette}


@pytest.fixture
def lagging(replicated):
    """The standby stops replaying the primary's changes until the test ends (it still receives them)."""
    replicated.wait_for_replay()
    replicated.pause_replay()
    yield replicated
    replicated.resume_replay()
    replicated.wait_for_replay()


def profile_text(app, browser, pk):
    response = app.get(browser, f"/medarbejdere/{pk}/")
    assert response.status == 200
    return page_of(response).select_one("main").text


def title_in(cluster, pk):
    return cluster.sql("SELECT title FROM people_person WHERE id = %s", (pk,), database="faxe")


def edit_title(cluster, pk, title):
    """Change a person's title as the application's edits do: with a new index generation in the
    same transaction (search/cache.py), under which pages and their parts are kept anew."""
    cluster.sql(
        "WITH bump AS (INSERT INTO search_generation (id, token) VALUES (1, 1) "
        "ON CONFLICT (id) DO UPDATE SET token = search_generation.token + 1 RETURNING 1) "
        "UPDATE people_person SET title = %s WHERE id = %s",
        (title, pk),
        database="faxe",
    )


def test_reads_come_from_the_standby(app, people, replicated, lagging):
    """A change the standby has not replayed is not on the page yet; once replayed, it is."""
    pk = people["mette"]
    edit_title(replicated.primary, pk, "Sygeplejerske")
    assert "Sygeplejerske" not in profile_text(app, "lars", pk)
    assert OLD_TITLE in profile_text(app, "lars", pk)

    replicated.resume_replay()
    replicated.wait_for_replay()
    assert "Sygeplejerske" in profile_text(app, "lars", pk)
    edit_title(replicated.primary, pk, OLD_TITLE)


def test_a_person_sees_their_own_save_while_the_standby_lags(app, people, replicated, lagging):
    pk = people["mette"]
    data = {**app.send("profile_data", pk=pk), "title": NEW_TITLE}
    saved = app.post("mette", f"/medarbejdere/{pk}/rediger/", data)
    assert saved.status == 302, saved.content[:2000]

    # The save went to the primary; the lagging standby does not have it.
    assert title_in(replicated.primary, pk) == NEW_TITLE
    assert title_in(replicated.standby, pk) == OLD_TITLE

    # Mette sees her new title on the next page and the ones after, read from the primary...
    assert NEW_TITLE in profile_text(app, "mette", pk)
    assert NEW_TITLE in profile_text(app, "mette", pk)
    # ...while her colleague still reads from the lagging standby.
    assert NEW_TITLE not in profile_text(app, "lars", pk)

    # Once the standby has replayed her save, Mette's reads return to it (the cookie goes).
    replicated.resume_replay()
    replicated.wait_for_replay()
    caught_up = app.get("mette", f"/medarbejdere/{pk}/")
    assert NEW_TITLE in page_of(caught_up).select_one("main").text
    assert caught_up.set_cookies[PIN_COOKIE]["value"] == ""  # deleted
    assert NEW_TITLE in profile_text(app, "lars", pk)


def test_a_later_save_waits_for_the_standby_again(app, people, replicated, lagging):
    """Reading from the primary ends when the standby has caught up, not after a fixed time:
    a save long after the last one pins again, and only until the standby has that save."""
    pk = people["mette"]
    data = {**app.send("profile_data", pk=pk), "title": "Afdelingsleder"}
    saved = app.post("mette", f"/medarbejdere/{pk}/rediger/", data)
    assert saved.status == 302
    assert saved.set_cookies[PIN_COOKIE]["value"]
    assert "Afdelingsleder" in profile_text(app, "mette", pk)
    assert "Afdelingsleder" not in profile_text(app, "lars", pk)


def test_health_reports_the_replica_and_its_lag(app, people, replicated, lagging):
    replicated.primary.sql("UPDATE people_person SET about = 'Ny tekst' WHERE id = %s", (people["mette"],), "faxe")
    health = app.get("anonymous", "/sundhed/")
    assert health.status == 200
    body = health.json()
    assert body["status"] == "ok" and body["replica"] == "ok"  # lag alone leaves the server ready
    behind = body["replica_lag"]["bytes"]
    assert behind > 100  # at least the changed row
    assert body["replica_lag"]["seconds"] >= 0

    replicated.resume_replay()
    replicated.wait_for_replay()
    assert app.get("anonymous", "/sundhed/").json()["replica_lag"]["bytes"] < behind


def test_not_ready_when_the_standby_is_down(app, people, replicated):
    replicated.standby.stop()
    try:
        health = app.get("anonymous", "/sundhed/")
        assert health.status == 503
        assert health.json()["replica"] == "unavailable"
    finally:
        replicated.standby.start()
        replicated.wait_until_streaming()
    assert app.get("anonymous", "/sundhed/").status == 200
