"""The application in a process of its own, configured like a server with a read replica
(DATABASE_URL = the primary, DATABASE_REPLICA_URL = the standby), driven by the tests in
test_replica.py one JSON line at a time on stdin; each answer is one JSON line on stdout.

Requests go through Django's test client: the whole middleware stack, sessions and cookies, as a
browser meets them. Commands:
  {"op": "employee", "username": …, "first_name": …, "last_name": …, "title": …} → {"pk": …}
  {"op": "profile_data", "pk": …}                                     → the profile form's fields
  {"op": "login", "browser": …, "username": …}                       → {}
  {"op": "get" | "post", "browser": …, "path": …, "data": {…}}       → status, content, cookies
"""

import json
import os
import sys
import traceback

import django

# Answers go to the original stdout; everything else written there (the logs) goes to stderr.
answers = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faxe_directory.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from people.models import Person, Role  # noqa: E402
from tests.factories import MembershipFactory, PersonFactory, UnitFactory  # noqa: E402

browsers: dict[str, Client] = {}


def employee(username, **fields):
    user = get_user_model().objects.create_user(username=username, password="demo")
    person = PersonFactory(user=user, **fields)
    MembershipFactory(person=person, unit=UnitFactory(), role=Role.MEDARBEJDER, is_primary=True)
    return {"pk": person.pk}


def profile_data(pk):
    person = Person.objects.get(pk=pk)
    fields = ("version", "title", "about", "ask_me_about", "languages", "phone", "mobile", "location")
    return {**{name: getattr(person, name) for name in fields}, "expertise": ", ".join(person.expertise.names())}


def login(browser, username):
    browsers[browser] = Client()
    browsers[browser].force_login(get_user_model().objects.get(username=username))
    return {}


def request(op, browser, path, data=None):
    client = browsers.setdefault(browser, Client())
    # What a server does before each request (the test client leaves it out, for test transactions):
    # with CONN_MAX_AGE=0, every request opens its connections afresh.
    close_old_connections()
    response = getattr(client, op)(path, data or {})
    return {
        "status": response.status_code,
        "location": response.get("Location", ""),
        "content": response.content.decode(),
        "set_cookies": {name: {"value": c.value, "max_age": c["max-age"]} for name, c in response.cookies.items()},
    }


def main():
    setup_test_environment()  # the test client's host name, mail kept in memory
    for line in sys.stdin:
        command = json.loads(line)
        op = command.pop("op")
        handler = {"employee": employee, "profile_data": profile_data, "login": login}.get(op)
        try:
            answer = handler(**command) if handler else request(op, **command)
        except Exception:  # the test shows it
            answer = {"error": traceback.format_exc()}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
