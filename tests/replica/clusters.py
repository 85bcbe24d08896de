"""A throw-away PostgreSQL primary and its streaming hot standby, made with PostgreSQL's own tools
(initdb, pg_ctl, pg_basebackup) in a temporary folder on free ports: nothing depends on the
machine's own server or its configuration.

PostgreSQL refuses to run as root, so as root (CI) the clusters run as the `postgres` OS user
(runuser); as any other user they run as that user.
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

# A test cluster needs no durability and little memory.
SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "full_page_writes": "off",
    "shared_buffers": "32MB",
    "max_connections": "40",
    "wal_level": "replica",
    "max_wal_senders": "4",
    "hot_standby": "on",
    # The standby answers reads at once after replay resumes; queries never wait for replay.
    "hot_standby_feedback": "on",
    "logging_collector": "off",
}


def bin_dir() -> Path:
    """The newest PostgreSQL server binaries (Debian keeps them out of PATH); PG_BINDIR overrides."""
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError("PostgreSQL's server binaries are missing (initdb): apt-get install -y postgresql")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """One PostgreSQL server: its data folder, port and a way to run SQL on it as superuser."""

    def __init__(self, root: Path, name: str):
        self.root = root
        self.data = root / name
        self.name = name
        self.port = free_port()
        self.log = root / f"{name}.log"

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database, autocommit=True)

    def sql(self, statement: str, params=(), database: str = "postgres"):
        """The first value of the first row of `statement` (None when it returns no rows)."""
        with self.connect(database) as conn:
            cursor = conn.execute(statement, params)
            row = cursor.fetchone() if cursor.description else None
        return row[0] if row else None

    def start(self) -> None:
        options = " ".join(f"-c {key}={value}" for key, value in SERVER_SETTINGS.items())
        run_pg(
            "pg_ctl",
            "start",
            "--wait",
            "--timeout=60",
            "-D",
            self.data,
            "-l",
            self.log,
            "-o",
            f"-p {self.port} -k {self.root} {options}",
            log=self.log,
        )

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            run_pg("pg_ctl", "stop", "--wait", "-m", "immediate", "-D", self.data, check=False)


class ReplicatedPair:
    """A primary and a hot standby streaming from it; `stop()` removes both."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="faxe-replica-"))
        if os.geteuid() == 0:  # the clusters run as postgres, who must own their folders
            os.chown(self.root, pwd.getpwnam("postgres").pw_uid, pwd.getpwnam("postgres").pw_gid)
        self.primary = Cluster(self.root, "primary")
        self.standby = Cluster(self.root, "standby")

    def start(self) -> "ReplicatedPair":
        run_pg("initdb", "--no-sync", "--auth=trust", "--username=postgres", "--encoding=UTF8", "-D", self.primary.data)
        self.primary.start()
        run_pg(
            "pg_basebackup",
            "--host=127.0.0.1",
            f"--port={self.primary.port}",
            "--username=postgres",
            "--pgdata",
            self.standby.data,
            "--wal-method=stream",
            "--write-recovery-conf",  # standby.signal and primary_conninfo: a streaming standby
            "--no-sync",
        )
        self.standby.start()
        self.wait_until_streaming()
        return self

    def wait_until_streaming(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.primary.sql("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"):
                return
            time.sleep(0.1)
        raise RuntimeError(f"the standby does not stream; see {self.standby.log}")

    def wait_for_replay(self, timeout: float = 30) -> None:
        """Until the standby has replayed everything the primary has written so far."""
        target = self.primary.sql("SELECT pg_current_wal_insert_lsn()::text")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.standby.sql("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,)):
                return
            time.sleep(0.05)
        raise RuntimeError("the standby did not catch up with the primary")

    def pause_replay(self) -> None:
        self.standby.sql("SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        self.standby.sql("SELECT pg_wal_replay_resume()")

    def stop(self) -> None:
        for cluster in (self.standby, self.primary):
            cluster.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def run_pg(program: str, *args, log: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """Run one of PostgreSQL's programs, as the postgres OS user when we are root."""
    command = [str(bin_dir() / program), *map(str, args)]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False, cwd="/")
    if check and result.returncode:
        details = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
        raise RuntimeError(f"{program} failed ({result.returncode}): {result.stderr or result.stdout}\n{details}")
    return result
