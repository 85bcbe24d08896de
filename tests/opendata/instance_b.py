"""Instance B of the two-instance test (tests/opendata/test_two_instances.py), run in its own
process with its own database: subscribe to A's feed, fetch it with the real command, and read
B's pages as a logged-in employee of B would. Prints what it saw as JSON.

    python tests/opendata/instance_b.py <A's feed URL>
"""

import json
import os
import sys
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faxe_directory.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from taggit.models import Tag  # noqa: E402

from opendata.models import SharedTryout, Subscription  # noqa: E402
from tests.conftest import page_of  # noqa: E402


def main(feed_url):
    Subscription.objects.create(municipality="Faxe Kommune", feed_url=feed_url, allow_internal_address=True)
    Tag.objects.get_or_create(name="ældrepleje", defaults={"slug": "aeldrepleje"})
    out, err = StringIO(), StringIO()
    call_command("fetch_shared_tryouts", stdout=out, stderr=err)
    browser = Client()
    browser.force_login(get_user_model().objects.create_user("odense-medarbejder"))
    search = page_of(browser.get("/soeg/", {"q": "morgenmad"}))
    hits = [
        {"title": hit.select_one("h3").text, "href": hit.select_one("h3 a").attrs["href"], "text": hit.text}
        for hit in search.select("li.search-hit")
    ]
    facets = search.select_one(".search-facets").text if search.select(".search-facets") else ""
    shared = SharedTryout.objects.first()
    detail = page_of(browser.get(shared.get_absolute_url())) if shared else None
    topic = page_of(browser.get("/emner/aeldrepleje/"))
    print(
        json.dumps(
            {
                "command_out": out.getvalue(),
                "command_err": err.getvalue(),
                "hits": hits,
                "facets": facets,
                "detail": detail.text if detail else "",
                "back_links": detail.hrefs("a[rel]") if detail else [],
                "topic": topic.text,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
