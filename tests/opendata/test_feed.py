"""The public feed of shared try-outs: marking a try-out shared, the JSON, CSV and Atom pages,
conditional GET, paging, caching and the headers a public page keeps."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.http import http_date
from jsonschema import Draft202012Validator

from opendata.schema import SCHEMA
from tests.conftest import da, page_of
from tests.factories import TryoutFactory
from tests.tryouts.test_tryout_editing import edit_url, tryout_data
from tryouts.models import Tryout

JSON_URL = reverse("opendata:feed_json")
CSV_URL = reverse("opendata:feed_csv")
ATOM_URL = reverse("opendata:feed_atom")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def public(db):
    """Someone outside the municipality: no login."""
    return Client()


def items(response):
    return json.loads(response.content)["items"]


def share(tryout):
    tryout.shared = True
    tryout.save()
    return tryout


def test_an_editor_shares_a_try_out_from_its_edit_form_and_the_history_says_so(org, leader_client, public):
    tryout = org.tryouts.owned
    assert items(public.get(JSON_URL)) == []
    form = page_of(leader_client.get(edit_url(tryout)))
    assert form.select_one("label[for=id_shared]").text == da("Share with other municipalities")

    response = leader_client.post(edit_url(tryout), tryout_data(tryout, shared="on"))

    assert response.status_code == 302
    assert Tryout.objects.get(pk=tryout.pk).shared
    [item] = items(public.get(JSON_URL))
    assert item["title"] == "Morgenmad med borgerne"
    assert item["unit"] == "Hjemmeplejen Syd"
    assert item["municipality"] == "Faxe Kommune"
    history = page_of(leader_client.get(reverse("tryouts:history", kwargs={"slug": tryout.slug})))
    assert da("Share with other municipalities") in history.text
    detail = page_of(leader_client.get(tryout.get_absolute_url()))
    assert da("Shared with other municipalities") in detail.text


def test_only_shared_try_outs_and_only_their_published_fields_are_in_the_feed(org, public):
    share(org.tryouts.owned)
    body = json.loads(public.get(JSON_URL).content)

    assert not list(Draft202012Validator(SCHEMA).iter_errors(body))
    assert body["license"]["id"] == "CC0-1.0"
    assert body["count"] == 1 and body["next"] is None
    [item] = body["items"]
    assert set(item) == {
        "id", "url", "title", "summary", "challenge", "approach", "learnings", "status", "status_label",
        "started_on", "ended_on", "partner_kinds", "topics", "unit", "municipality", "updated_at",
    }  # fmt: skip
    assert item["status"] == "i_gang" and item["status_label"] == "I gang"
    assert item["partner_kinds"] == ["Borgere", "Frivillige"]
    assert item["topics"] == ["ældrepleje"]
    assert item["learnings"] == "Fællesskab giver appetit."
    assert public.get(item["url"]).status_code == 200


def test_csv_and_atom_carry_the_same_try_outs(org, public):
    share(org.tryouts.owned)
    csv_response = public.get(CSV_URL)
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(csv_response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row["title"] for row in rows] == ["Morgenmad med borgerne"]
    assert rows[0]["partner_kinds"] == "Borgere; Frivillige"

    atom = public.get(ATOM_URL)
    assert atom["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(atom.content)
    assert [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")] == ["Morgenmad med borgerne"]
    assert "CC0" in root.findtext(f"{ATOM}rights")
    assert {link.get("rel") for link in root.iter(f"{ATOM}link")} >= {"license", "first", "self"}


def test_text_that_looks_like_markup_or_formulas_stays_text(org, public):
    TryoutFactory(
        owner_unit=org.afdeling, shared=True, title='=HYPERLINK("x")', summary="<script>alert(1)</script>\x0b"
    )
    row = next(csv.DictReader(io.StringIO(public.get(CSV_URL).content.decode("utf-8-sig")), delimiter=";"))
    assert row["title"] == '\'=HYPERLINK("x")'
    root = ET.fromstring(public.get(ATOM_URL).content)
    summary = next(root.iter(f"{ATOM}summary"))
    assert summary.get("type") == "html" and summary.text == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_unsharing_or_deleting_takes_a_try_out_out_and_changes_the_validators(org, public):
    first = share(org.tryouts.owned)
    second = share(org.tryouts.idea)
    before = public.get(JSON_URL)
    assert len(items(before)) == 2

    first.shared = False
    first.save()
    after_unsharing = public.get(JSON_URL, headers={"If-None-Match": before["ETag"]})
    assert after_unsharing.status_code == 200
    assert [item["title"] for item in items(after_unsharing)] == ["Digital vagtplan"]
    assert after_unsharing["Last-Modified"] != before["Last-Modified"] or after_unsharing["ETag"] != before["ETag"]

    second.delete()
    assert items(public.get(JSON_URL, headers={"If-None-Match": after_unsharing["ETag"]})) == []


def test_conditional_requests_get_304_until_something_changes(org, public):
    tryout = share(org.tryouts.owned)
    for url in (JSON_URL, CSV_URL, ATOM_URL):
        first = public.get(url)
        assert first["Cache-Control"] == "public, max-age=300"
        assert first["Access-Control-Allow-Origin"] == "*"
        assert public.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
        assert public.get(url, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304
    first = public.get(JSON_URL)

    tryout.tags.add("samskabelse")  # no save: the stamp notices

    assert public.get(JSON_URL, headers={"If-None-Match": first["ETag"]}).status_code == 200
    renamed = public.get(JSON_URL)
    org.afdeling.name = "Hjemmeplejen Nord"
    org.afdeling.save()
    again = public.get(JSON_URL, headers={"If-None-Match": renamed["ETag"]})
    assert again.status_code == 200 and items(again)[0]["unit"] == "Hjemmeplejen Nord"
    assert public.get(JSON_URL, headers={"If-Modified-Since": http_date(0)}).status_code == 200


def test_pages_link_to_the_next_and_odd_pages_are_not_found(org, public, without_search_index):
    TryoutFactory.create_batch(101, owner_unit=org.afdeling, shared=True)
    first = public.get(JSON_URL)
    body = json.loads(first.content)
    assert body["count"] == 101 and body["pages"] == 2 and len(body["items"]) == 100
    assert body["next"] == f"http://testserver{JSON_URL}?page=2"
    assert first["Link"] == f'<{body["next"]}>; rel="next"'
    second = json.loads(public.get(body["next"]).content)
    assert len(second["items"]) == 1 and second["next"] is None
    assert {i["id"] for i in body["items"]}.isdisjoint({i["id"] for i in second["items"]})
    for odd in ("3", "0", "abc", "-1", "99999999999999999999"):
        assert public.get(JSON_URL, {"page": odd}).status_code == 404, odd
    assert public.post(JSON_URL).status_code == 405


def test_a_page_is_built_once_and_then_served_from_the_cache(org, public, django_assert_num_queries):
    share(org.tryouts.owned)
    etag = public.get(JSON_URL)["ETag"]
    with django_assert_num_queries(2):  # the feed's state; the body comes from the cache
        assert public.get(JSON_URL).status_code == 200
    with django_assert_num_queries(2):
        assert public.get(JSON_URL, headers={"If-None-Match": etag}).status_code == 304


def test_building_a_page_costs_the_same_queries_for_one_or_a_hundred(org, public, without_search_index, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert public.get(JSON_URL).status_code == 200
        return len(context.captured_queries)

    share(org.tryouts.owned)
    one = queries()
    TryoutFactory.create_batch(60, owner_unit=org.team, shared=True, tags=["a", "b"])
    assert queries() == one


def test_the_feed_is_public_but_keeps_the_security_headers(org, public):
    share(org.tryouts.owned)
    for url in (reverse("opendata:index"), JSON_URL, CSV_URL, ATOM_URL, reverse("opendata:schema")):
        response = public.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
    assert public.get(reverse("opendata:received_list")).status_code == 302  # other municipalities' try-outs: login


def test_the_public_page_of_a_try_out_shows_only_published_fields(org, employee, public):
    tryout = org.tryouts.owned
    url = reverse("opendata:public_tryout", kwargs={"pk": tryout.pk})
    assert public.get(url).status_code == 404
    share(tryout)
    page = page_of(public.get(url))
    assert page.select_one("h1").text == "Morgenmad med borgerne"
    assert "Mette" not in page.text and "Faxe Madklub" not in page.text and "udbreder" not in page.text
    assert "CC0" in page.text
