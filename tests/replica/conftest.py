"""A real primary with a streaming hot standby (clusters.py), the directory's schema on it, and the
application configured with both, for the replica tests. They run whatever DATABASE_URL the rest of
the suite uses (SQLite too): they start their own PostgreSQL servers, which needs only PostgreSQL's
programs (Debian's postgresql package; .ci/run has them)."""

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.replica.clusters import ReplicatedPair

PROJECT = Path(__file__).resolve().parents[2]
DATABASE = "faxe"


def app_environment(pair):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="faxe_directory.settings",
        DEBUG="1",
        DATABASE_URL=pair.primary.url(DATABASE),
        DATABASE_REPLICA_URL=pair.standby.url(DATABASE),
        CONN_MAX_AGE="0",
    )
    env.pop("REDIS_URL", None)
    return env


@pytest.fixture(scope="session")
def replicated():
    """A primary and its hot standby, the directory migrated on the primary and replayed on the standby."""
    pair = ReplicatedPair()
    try:
        pair.start()
        pair.primary.sql(f"CREATE DATABASE {DATABASE}")
        migrate = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=PROJECT,
            env=app_environment(pair),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert migrate.returncode == 0, migrate.stderr
        pair.wait_for_replay()
        yield pair
    finally:
        pair.stop()


class Response(SimpleNamespace):
    """What the application process answered to one request (page_of reads it like Django's)."""

    def __init__(self, content, **fields):
        super().__init__(content=content.encode(), **fields)

    def json(self):
        return json.loads(self.content)


class App:
    """The application with the replica router in its own process (app_process.py)."""

    def __init__(self, pair):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.replica.app_process"],
            cwd=PROJECT,
            env=app_environment(pair),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def send(self, op, **arguments):
        self.process.stdin.write(json.dumps({"op": op, **arguments}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the application process died (see its stderr above)"
        answer = json.loads(line)
        assert "error" not in answer, answer["error"]
        return answer

    def get(self, browser, path):
        return Response(**self.send("get", browser=browser, path=path))

    def post(self, browser, path, data):
        return Response(**self.send("post", browser=browser, path=path, data=data))

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture(scope="session")
def app(replicated):
    running = App(replicated)
    yield running
    running.close()
