"""`make loadtest`: the production server under load, on this machine only (docs/performance.md).

1. Makes or reuses the PostgreSQL database LOADTEST_DATABASE_URL (default: faxe_load on 127.0.0.1)
   with the 50,000-people demo municipality (`seed_demo --scale 62.5`, once: about two minutes).
2. Starts gunicorn with 2 workers on 127.0.0.1 (DEBUG off, collected static files, JSON logs to a file).
3. Logs in through the real login form and drives the server with wrk (demo/scripts/loadtest.lua) for a
   bounded time per scenario: a mix of search, visitkort and profile pages, and search pages alone.
4. Prints requests/s, latency percentiles, errors and each worker's peak memory (RSS) as a table.

Settings: LOADTEST_SECONDS (30 per scenario), LOADTEST_CONNECTIONS (4), LOADTEST_WORKERS (2),
LOADTEST_CACHE (`files`: the workers share one cache folder, as in docs/deploy.md; `memory`: each
worker its own).
Traffic goes only to 127.0.0.1, and every run ends by itself.
"""

import json
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
DATABASE_URL = os.environ.get("LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/faxe_load")
SCALE = "62.5"  # 50,000 people
PEOPLE_WANTED = 49_000
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "30"))
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "4"))
WORKERS = int(os.environ.get("LOADTEST_WORKERS", "2"))
SHARED_CACHE = os.environ.get("LOADTEST_CACHE", "files") == "files"  # else each worker's own memory
USERNAME, PASSWORD = "medarbejder", "demo"  # made by seed_demo

# Targets from the issue (#22): every figure the table prints is checked against one.
TARGETS = {"mixed": {"rps": 200, "p95_ms": 100}, "search": {"rps": 90, "p95_ms": 150}}
TARGET_RSS_MB = 120


def log(message):
    print(f"loadtest: {message}", flush=True)


def manage(*args, env=None, check=True):
    full_env = {**os.environ, "DATABASE_URL": DATABASE_URL, **(env or {})}
    return subprocess.run([PYTHON, "manage.py", *args], cwd=PROJECT, env=full_env, check=check, text=True)


def ensure_database():
    """Create the database if needed and fill it with the 50k municipality unless it has it already."""
    import psycopg

    parts = urllib.parse.urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            log(f"creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')
    manage("migrate", "--noinput", "-v0")
    with psycopg.connect(DATABASE_URL) as connection:
        people = connection.execute("SELECT count(*) FROM people_person").fetchone()[0]
    if people < PEOPLE_WANTED:
        log(f"{name} has {people} people: seeding {SCALE}x (about two minutes)")
        manage("seed_demo", "--scale", SCALE, "--reset", env={"DEBUG": "1"})
    else:
        log(f"reusing {name} ({people} people)")


def pick_paths(distinct_queries=800, mixed_length=6000, distinct_length=8000):
    """The two scenarios' paths, drawn from the database's own vocabulary (bench_search's draw):

    - mixed: what a day of use looks like: 70% searches, a few queries frequent and most rare
      (Zipf, s = 1, over `distinct_queries` drawn queries plus bench_search's fixed list), 15%
      visitkort and 15% profiles (300 of each, drawn at random);
    - search: searches only, each query once (`distinct_length` distinct queries: more than a run
      gets through, so the result cache never answers).
    """
    code = f"""
import json
from demo.management.commands.bench_search import QUERIES, vocabulary_queries
from people.models import Person
from units.models import Unit
drawn = vocabulary_queries({distinct_queries + distinct_length}, 22)
units = list(Unit.objects.filter(is_active=True).values_list("slug", flat=True).order_by("?")[:300])
people = list(Person.objects.filter(is_active=True).values_list("pk", flat=True).order_by("?")[:300])
print("PATHS", json.dumps({{
    "zipf": [[q, p] for _, q, p in QUERIES + drawn[:{distinct_queries}]],
    "distinct": [[q, p] for _, q, p in drawn[{distinct_queries}:]],
    "units": units, "people": people,
}}))
"""
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=PROJECT,
        env={**os.environ, "DATABASE_URL": DATABASE_URL},
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(result.stdout.split("PATHS", 1)[1])

    def url(query, params):
        return "/soeg/?" + urllib.parse.urlencode({"q": query, **params})

    frequent = [url(query, params) for query, params in data["zipf"]]
    units = [f"/enheder/{slug}/" for slug in data["units"]]
    people = [f"/medarbejdere/{pk}/" for pk in data["people"]]
    rng = random.Random(7)
    rng.shuffle(frequent)  # which queries are the frequent ones: any, not the fixed list first
    weights = [1 / rank for rank in range(1, len(frequent) + 1)]
    searches = round(mixed_length * 0.7)
    mixed = rng.choices(frequent, weights, k=searches)
    mixed += [rng.choice(units) for _ in range((mixed_length - searches) // 2)]
    mixed += [rng.choice(people) for _ in range(mixed_length - len(mixed))]
    rng.shuffle(mixed)
    log(
        f"mixed: {len(mixed)} requests, {len({p for p in mixed if p.startswith('/soeg/')})} distinct queries "
        f"(the most frequent {mixed.count(frequent[0])} times), {len(units)} visitkort, {len(people)} profiles"
    )
    return {"mixed": mixed, "search": [url(query, params) for query, params in data["distinct"]]}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def cookies_of(response):
    return dict(
        header.split(";", 1)[0].split("=", 1)
        for header in response.headers.get_all("Set-Cookie") or []
        if "=" in header
    )


def log_in(base):
    """The session cookie of a real login through the login form (as nginx would pass it on: HTTPS)."""
    opener = urllib.request.build_opener(NoRedirect)
    https = {"X-Forwarded-Proto": "https"}
    with opener.open(urllib.request.Request(f"{base}/konto/login/", headers=https)) as response:
        csrf = cookies_of(response)["csrftoken"]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode())[1]
    origin = "https://" + base.split("://", 1)[1]
    form = urllib.parse.urlencode({"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token})
    request = urllib.request.Request(
        f"{base}/konto/login/",
        data=form.encode(),
        headers={**https, "Cookie": f"csrftoken={csrf}", "Origin": origin, "Referer": f"{origin}/konto/login/"},
    )
    try:
        opener.open(request)
        raise SystemExit("loadtest: the login was not accepted (no redirect)")
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 302, redirect.code
        return cookies_of(redirect)["sessionid"]


def wait_until_up(base, server, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("loadtest: gunicorn stopped while starting; see its log")
        try:
            with urllib.request.urlopen(f"{base}/sundhed/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("loadtest: gunicorn did not answer /sundhed/ in time")


class RssSampler(threading.Thread):
    """Peak resident memory of each gunicorn worker (children of the master), sampled twice a second."""

    def __init__(self, master_pid):
        super().__init__(daemon=True)
        self.master_pid = master_pid
        self.peak = {}
        self.running = True

    def run(self):
        while self.running:
            output = subprocess.run(
                ["ps", "-o", "pid=,rss=", "--ppid", str(self.master_pid)], capture_output=True, text=True
            ).stdout
            for line in output.splitlines():
                pid, rss = map(int, line.split())
                self.peak[pid] = max(self.peak.get(pid, 0), rss)
            time.sleep(0.5)

    def stop(self):
        self.running = False
        self.join()
        return [rss / 1024 for rss in self.peak.values()]


def reference_loop_ms():
    """A fixed piece of pure Python work, best of three: machines differ twofold (docs/performance.md)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for number in range(3_000_000):
            total += number
        best = min(best, time.perf_counter() - start)
    return best * 1000


def load_average():
    return "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def run_wrk(base, paths_file, session, seconds):
    command = [
        "wrk",
        f"-t{min(2, CONNECTIONS)}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(PROJECT / "demo" / "scripts" / "loadtest.lua"),
        base,
        "--",
        str(paths_file),
        session,
        str(min(2, CONNECTIONS)),
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    result = json.loads(output.split("RESULT", 1)[1].strip().splitlines()[0])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def main():
    if not shutil.which("wrk"):
        raise SystemExit("loadtest: wrk is missing: apt-get install -y wrk")
    ensure_database()
    paths = pick_paths()
    speed_before = reference_loop_ms()
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=PROJECT, env=env, check=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    workdir = Path(tempfile.mkdtemp(prefix="faxe-loadtest-"))
    # The workers share their search results and page parts in files, as docs/deploy.md sets them
    # up (systemd's CacheDirectory=); LOADTEST_CACHE=memory measures each worker's own cache.
    if SHARED_CACHE:
        env["CACHE_DIRECTORY"] = str(workdir / "cache")
    server_log = workdir / "gunicorn.log"
    with server_log.open("w") as log_file:
        server = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "-c",
                "faxe_directory/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "faxe_directory.wsgi",
            ],
            cwd=PROJECT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(base, server)
        session = log_in(base)
        results = {}
        warm_up = workdir / "warm-up.txt"
        warm_up.write_text("\n".join(paths["mixed"][::-1]) + "\n")
        for name, scenario_paths in paths.items():
            paths_file = workdir / f"{name}.txt"
            paths_file.write_text("\n".join(scenario_paths) + "\n")
            log(f"{name}: warming up, then {SECONDS} s with {CONNECTIONS} connections against {WORKERS} workers")
            # Warm-up on other paths than the run's (the mix backwards): no query of the distinct
            # scenario is asked twice.
            run_wrk(base, warm_up, session, 5)
            sampler = RssSampler(server.pid)
            sampler.start()
            before = load_average()
            results[name] = run_wrk(base, paths_file, session, SECONDS)
            results[name]["rss_mb"] = sampler.stop()
            results[name]["load"] = f"{before} → {load_average()}"
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(results, server_log, speed_before)


def report(results, server_log, speed_before):
    print()
    cache = "one cache folder shared by the workers" if SHARED_CACHE else "each worker's own memory cache"
    print(
        f"Load test: {WORKERS} gunicorn workers, {CONNECTIONS} connections, {SECONDS} s per scenario, 50k people, "
        f"{cache}"
    )
    print(
        f"(the machine's speed: a fixed Python loop took {speed_before:.0f} ms before the run and "
        f"{reference_loop_ms():.0f} ms after it; compare runs on other machines by it)"
    )
    print(f"({os.cpu_count()} cores; server log: {server_log})")
    print()
    print("| scenario | load average (1, 5, 15 min) before → after | requests | req/s | p50 ms | p95 ms | p99 ms "
          "| max ms | errors | worker RSS MB |")  # fmt: skip
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    failed = []
    for name, result in results.items():
        errors = result["not_200"] + result["socket_errors"]
        rss = ", ".join(f"{value:.0f}" for value in sorted(result["rss_mb"]))
        print(
            f"| {name} | {result['load']} | {result['requests']} | {result['rps']:.1f} | "
            f"{result['p50_us'] / 1000:.1f} | {result['p95_us'] / 1000:.1f} | {result['p99_us'] / 1000:.1f} | "
            f"{result['max_us'] / 1000:.1f} | "
            f"{errors} | {rss} |"
        )
        target = TARGETS.get(name, {})
        if errors:
            failed.append(f"{name}: {errors} errors")
        if result["p95_us"] / 1000 > target.get("p95_ms", float("inf")):
            failed.append(f"{name}: p95 above {target['p95_ms']} ms")
        if result["rps"] < target.get("rps", 0):
            failed.append(f"{name}: below {target['rps']} req/s")
        if max(result["rss_mb"], default=0) > TARGET_RSS_MB:
            failed.append(f"{name}: a worker above {TARGET_RSS_MB} MB")
    print()
    print(
        "Targets: 0 errors; mixed >= 200 req/s, p95 <= 100 ms; distinct searches >= 90 req/s, p95 <= 150 ms; "
        f"<= {TARGET_RSS_MB} MB per worker:"
    )
    print("  " + ("all met" if not failed else "NOT MET: " + "; ".join(failed)))


if __name__ == "__main__":
    main()
