"""`manage.py eval_search`: how well search answers a judged set of queries, per backend.

Builds the judged municipality (default: tests/search/relevance, a hand-written set, not the
demo) in a throwaway test database, runs every query through `search()` and prints
success@1/@3/@10, MRR, zero-result and false-positive counts, and the queries that miss.
`--backend sqlite` or `postgresql` (or `both`) evaluates on that backend: the other one runs in
a child process with DATABASE_URL pointing at it (`--postgres-url`, or DATABASE_URL when it is
PostgreSQL). It prints figures; it asserts nothing (tests/search/test_relevance.py holds the floor).
"""

import importlib
import json
import os
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from search.evaluation import evaluate, format_outcome

FIGURES = ["queries", "success@1", "success@3", "success@10", "MRR", "zero results", "false positives", "order breaks"]


class Command(BaseCommand):
    help = "Measure search relevance on a judged set of queries (prints success@k, MRR, false positives)."

    def add_arguments(self, parser):
        parser.add_argument("--backend", choices=["current", "sqlite", "postgresql", "both"], default="current")
        parser.add_argument("--postgres-url", default="", help="PostgreSQL server for --backend postgresql/both.")
        parser.add_argument("--set", default="tests.search.relevance", help="Module whose judged_set() builds it.")
        parser.add_argument("--quiet", action="store_true", help="Figures only, not the queries that miss.")
        parser.add_argument("--misses-at", type=int, default=3, help="List queries without an answer in the top K.")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Figures as JSON (misses on stderr).")

    def handle(self, *args, backend, postgres_url, set, quiet, as_json, misses_at, **options):
        self.misses_at = misses_at
        wanted = [connection.vendor] if backend == "current" else (
            ["sqlite", "postgresql"] if backend == "both" else [backend]
        )  # fmt: skip
        rows = {}
        for vendor in wanted:
            if vendor == connection.vendor:
                rows[vendor] = self.evaluate_here(set, quiet, self.stderr if as_json else self.stdout)
            else:
                rows[vendor] = self.evaluate_in_child(vendor, postgres_url, set, quiet)
        if as_json:
            self.stdout.write(json.dumps(rows))
            return
        self.stdout.write("\n| backend | " + " | ".join(FIGURES) + " |")
        self.stdout.write("|---" * (len(FIGURES) + 1) + "|")
        for vendor, figures in rows.items():
            cells = [f"{figures[f]:.1%}" if f.startswith("success") else
                     f"{figures[f]:.3f}" if f == "MRR" else str(figures[f]) for f in FIGURES]  # fmt: skip
            self.stdout.write(f"| {vendor} | " + " | ".join(cells) + " |")

    def evaluate_here(self, module_name, quiet, out):
        """Build the set in a fresh test database of the current connection, judge, drop it."""
        judged_set = importlib.import_module(module_name).judged_set
        old_name = connection.settings_dict["NAME"]
        if connection.vendor != "sqlite":
            connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{old_name}_eval_search"
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            report = evaluate(judged_set())
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        if not quiet:
            failures = report.failures(self.misses_at)
            out.write(f"{connection.vendor}: {len(failures)} queries miss success@{self.misses_at}, "
                      "show a false friend or break the grade order:")  # fmt: skip
            for outcome in failures:
                out.write(f"  {format_outcome(outcome)}")
        return report.figures()

    def evaluate_in_child(self, vendor, postgres_url, module_name, quiet):
        env = dict(os.environ)
        if vendor == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{settings.BASE_DIR / 'eval_search.sqlite3'}"
        else:
            url = postgres_url or (
                env.get("DATABASE_URL", "") if env.get("DATABASE_URL", "").startswith("postgres") else ""
            )
            if not url:
                raise CommandError("--backend postgresql needs --postgres-url (or DATABASE_URL) naming a server.")
            env["DATABASE_URL"] = url
        command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "eval_search", "--set", module_name, "--json",
                   "--misses-at", str(self.misses_at)]  # fmt: skip
        result = subprocess.run([*command, *(["--quiet"] if quiet else [])], env=env, capture_output=True, text=True)
        if result.returncode:
            raise CommandError(f"eval_search on {vendor} failed:\n{result.stderr[-2000:]}")
        self.stdout.write(result.stderr)
        return json.loads(result.stdout.strip().splitlines()[-1])[vendor]
