"""The documented production environment (docs/deploy.md), and settings.py read with it in a fresh
process, so tests check what the environment really produces rather than a hand-made copy."""

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

# The variables docs/deploy.md tells an administrator to set (values made up, secret long and random).
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k3v9-Qz8wL2pXr7tB1nY6mH4sD0fJ5cG8aE2uI9oP3lK7jR1xV6bN4qW0zT5yU",
    "ALLOWED_HOSTS": "katalog.faxekommune.dk",
    "CSRF_TRUSTED_ORIGINS": "https://katalog.faxekommune.dk",
    "DATABASE_URL": "postgres://faxe@db.internal:5432/faxe",
    "EMAIL_URL": "submission://katalog%40faxekommune.dk:hemmelig@smtp.faxekommune.dk",
    "MEDIA_ROOT": "/srv/faxe/media",
    "STATIC_ROOT": "/srv/faxe/static",
}


def run_python(args, extra_env=None, drop=()):
    """Run `python <args>` in the project with the production environment (plus `extra_env`)."""
    env = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV and key not in drop}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # Set by the browser tests in this process (tests/browser/conftest.py); never in production.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(PRODUCTION_ENV)
    env.update(extra_env or {})
    env = {key: value for key, value in env.items() if key not in drop}
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


DUMP = """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "faxe_directory.settings"
from django.conf import settings
names = json.loads(os.environ["SETTINGS_TO_DUMP"])
print(json.dumps({name: getattr(settings, name) for name in names}, default=str))
"""


def production_settings(*names, extra_env=None):
    """Values of the named settings as settings.py computes them in production."""
    return dict(_production_settings(tuple(names), tuple(sorted((extra_env or {}).items()))))


@cache
def _production_settings(names, extra_env):
    result = run_python(["-c", DUMP], {"SETTINGS_TO_DUMP": json.dumps(names), **dict(extra_env)})
    assert result.returncode == 0, result.stderr
    return tuple(json.loads(result.stdout.strip().splitlines()[-1]).items())
