"""Two instances share a try-out end to end: in instance A (this test's database, served by the
live server) an editor marks a try-out shared; instance B (another process with its own SQLite
database and municipality) subscribes to A's feed, fetches it with `fetch_shared_tryouts` and
finds the try-out in its search, on its topic page and on its own page, labelled "Fra Faxe
Kommune" with a link back to A's public page."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tests.tryouts.test_tryout_editing import edit_url, tryout_data

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def instance_b(tmp_path):
    """Instance B's environment: its own database, migrated; another municipality's name."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST", "DATABASE"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'odense.sqlite3'}",
        MUNICIPALITY_NAME="Odense Kommune",
        ALLOWED_HOSTS="testserver,localhost,127.0.0.1",
        DEBUG="1",
        LOG_LEVEL="WARNING",
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    return env


@pytest.mark.django_db(transaction=True)
def test_a_try_out_shared_in_one_instance_is_found_labelled_in_the_other(org, leader, live_server, instance_b):
    tryout = org.tryouts.owned
    editor = Client()
    assert editor.login(username="leder", password=PASSWORD)
    assert editor.post(edit_url(tryout), tryout_data(tryout, shared="on")).status_code == 302
    feed_url = f"{live_server.url}/aabne-data/proevehandlinger.json"

    run = subprocess.run(
        [sys.executable, "tests/opendata/instance_b.py", feed_url],
        cwd=ROOT,
        env=instance_b,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert "Faxe Kommune: ok, 1 try-outs" in seen["command_out"], seen
    [hit] = seen["hits"]
    assert hit["title"] == "Morgenmad med borgerne"
    assert "Fra Faxe Kommune · Hjemmeplejen Syd" in hit["text"]
    assert hit["href"].startswith("/andre-kommuner/")
    assert "Egen kommune" in seen["facets"] and "Andre kommuner" in seen["facets"]
    assert "Fra Faxe Kommune" in seen["detail"] and "Fællesskab giver appetit." in seen["detail"]
    assert seen["back_links"] == [f"{live_server.url}/aabne-data/proevehandlinger/{tryout.pk}/"]
    assert "Morgenmad med borgerne" in seen["topic"] and "Fra andre kommuner" in seen["topic"]
    assert Client().get(seen["back_links"][0].removeprefix(live_server.url)).status_code == 200
