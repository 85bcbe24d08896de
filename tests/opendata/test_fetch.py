"""Fetching other municipalities' feeds: what a good feed brings, and that a broken, huge, slow or
hostile one is refused with a logged and recorded reason, never half-imported."""

import gzip
import json
import logging
import socket

import pytest
from django.core.management import call_command

from opendata import fetching
from opendata.fetching import FeedRefused, Limits
from opendata.models import FetchStatus, SharedTryout, Subscription
from opendata.services import fetch_subscription
from search.engine import search
from tests.opendata.conftest import TEST_LIMITS, document, item, json_page, send, trickle


def fetch(subscription, limits=TEST_LIMITS):
    return fetch_subscription(Subscription.objects.get(pk=subscription.pk), limits)


def titles():
    return sorted(SharedTryout.objects.values_list("title", flat=True))


def test_a_good_feed_is_stored_read_only_with_its_origin_and_found_in_search(feed_server, subscription):
    feed_server.routes["/feed.json"] = json_page(document([item(1), item(2, title="Motion på recept")]))

    result = fetch(subscription)

    assert result.status == FetchStatus.OK and result.count == 2
    assert titles() == ["Madskoler for ældre 1", "Motion på recept"]
    shared = SharedTryout.objects.get(remote_id="2")
    assert shared.municipality == "Odense Kommune" and shared.unit_name == "Aktivitetscentret"
    assert shared.source_url == "http://127.0.0.1/aabne-data/proevehandlinger/2/"
    assert sorted(t.name for t in shared.topics.all()) == ["Fællesspisning", "ældrepleje"]
    [hit] = search("motion recept").hits
    assert hit.kind == "shared" and hit.place == "Fra Odense Kommune · Aktivitetscentret"
    subscription.refresh_from_db()
    assert subscription.last_status == FetchStatus.OK and subscription.item_count == 2


def test_the_next_fetch_replaces_the_set_and_asks_whether_anything_changed(feed_server, subscription):
    feed_server.routes["/feed.json"] = json_page(
        document([item(1, title="Cykeltaxa"), item(2)]), headers={"ETag": '"v1"'}
    )
    fetch(subscription)
    assert search("cykeltaxa").hits

    def not_modified(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            handler.send_response(304)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        else:
            send(handler, json.dumps(document([item(2, title="Ny titel")])).encode(), headers={"ETag": '"v2"'})

    feed_server.routes["/feed.json"] = not_modified
    assert fetch(subscription).status == FetchStatus.UNCHANGED
    assert titles() == ["Cykeltaxa", "Madskoler for ældre 2"]

    Subscription.objects.filter(pk=subscription.pk).update(etag="")
    assert fetch(subscription).status == FetchStatus.OK
    assert titles() == ["Ny titel"]  # the first was unshared there: it goes here too, and from search
    assert not search("cykeltaxa").hits
    assert [hit.object.title for hit in search("titel").hits] == ["Ny titel"]


def test_a_fetch_keeps_the_rows_and_rewrites_only_what_changed(feed_server, subscription, monkeypatch):
    feed_server.routes["/feed.json"] = json_page(document([item(1), item(2), item(3)]))
    fetch(subscription)
    ids = dict(SharedTryout.objects.values_list("remote_id", "pk"))
    indexed = []
    monkeypatch.setattr("search.index.index_objects", lambda kind, pks: indexed.append((kind, sorted(pks))))
    changed = item(
        2, learnings="Nyt om det sociale.", topics=["Fællesspisning", "ældrepleje"]
    )  # same topics, reordered
    feed_server.routes["/feed.json"] = json_page(document([item(1), changed, item(3)]))

    fetch(subscription)

    assert dict(SharedTryout.objects.values_list("remote_id", "pk")) == ids
    assert indexed == [("shared", [ids["2"]])]
    assert SharedTryout.objects.get(remote_id="2").learnings == "Nyt om det sociale."


def test_pages_are_followed_and_stored_together(feed_server, subscription):
    feed_server.routes["/feed.json"] = json_page(
        document([item(1)], next_url=feed_server.url("/feed.json?page=2"), count=2, pages=2)
    )
    feed_server.routes["/feed.json?page=2"] = json_page(document([item(2)], count=2, page=2, pages=2))
    assert fetch(subscription).count == 2
    assert titles() == ["Madskoler for ældre 1", "Madskoler for ældre 2"]


def bad_feeds(server):
    """name → (routes, the reason's words). Each is refused after a good feed was stored."""
    good_first = document([item(1)], next_url=server.url("/feed.json?page=2"), count=2, pages=2)
    deep = b"[" * 100_000 + b"]" * 100_000
    return {
        "html instead of json": (
            {"/feed.json": json_page(b"<html>Login</html>", content_type="text/html")},
            "not JSON",
        ),
        "broken json": ({"/feed.json": json_page(b'{"format": "faxe-')}, "not valid JSON"),
        "nan": ({"/feed.json": json_page(json.dumps(document([item(1)]))[:-1].encode() + b', "x": NaN}')}, "NaN"),
        "not utf-8": ({"/feed.json": json_page('{"title": "æ"}'.encode("latin-1"))}, "UTF-8"),
        "deeply nested": ({"/feed.json": json_page(deep[:250_000])}, "JSON"),
        "another format": ({"/feed.json": json_page(document([item(1)], format="evil/format"))}, "format"),
        "a newer version": ({"/feed.json": json_page(document([item(1)], version=2))}, "version"),
        "unknown status": ({"/feed.json": json_page(document([item(1, status="hacked")]))}, "status"),
        "missing title": ({"/feed.json": json_page(document([{**item(1), "title": ""}]))}, "title"),
        "overlong text": ({"/feed.json": json_page(document([item(1, summary="x" * 20_001)]))}, "summary"),
        "impossible date": ({"/feed.json": json_page(document([item(1, started_on="2024-02-31")]))}, "date"),
        "javascript link": ({"/feed.json": json_page(document([item(1, url="javascript:alert(1)")]))}, "url"),
        "link to another site": (
            {"/feed.json": json_page(document([item(1, url="https://phish.example/x")]))},
            "links outside",
        ),
        "duplicate ids": ({"/feed.json": json_page(document([item(1), item(1)]))}, "twice"),
        "count that lies": ({"/feed.json": json_page(document([item(1)], count=5))}, "announced 5"),
        "server error": ({"/feed.json": json_page(b"oops", status=500)}, "HTTP 500"),
        "gzip bomb": (
            {"/feed.json": json_page(gzip.compress(b" " * 10_000_000), headers={"Content-Encoding": "gzip"})},
            "compressed",
        ),
        "huge page announced": ({"/feed.json": json_page(b" " * (TEST_LIMITS.page_bytes + 1))}, "larger than"),
        "broken second page": (
            {"/feed.json": json_page(good_first), "/feed.json?page=2": json_page(b"{}")},
            "does not follow the format",
        ),
        "pages that loop": (
            {
                "/feed.json": json_page(document([item(1)], next_url=server.url("/feed.json?page=2"), count=1)),
                "/feed.json?page=2": json_page(document([], next_url=server.url("/feed.json?page=2"), count=1)),
            },
            "loop",
        ),
        "next link to another host": (
            {"/feed.json": json_page(document([item(1)], next_url="http://169.254.169.254/latest/meta-data"))},
            "leaves the feed's site",
        ),
        "redirect to an internal address": (
            {"/feed.json": json_page(b"", status=302, headers={"Location": "http://10.0.0.1/feed.json"})},
            "internal address",
        ),
        "redirect to localhost by name": (
            {"/feed.json": json_page(b"", status=302, headers={"Location": "http://localhost:1/feed.json"})},
            "internal address",
        ),
    }


@pytest.mark.parametrize("case", list(bad_feeds(type("S", (), {"url": staticmethod(lambda p: p)})())))
def test_a_bad_feed_is_refused_with_a_reason_and_nothing_changes(case, feed_server, subscription, caplog):
    feed_server.routes["/feed.json"] = json_page(document([item(1, title="Det gode"), item(2, title="Det andet")]))
    assert fetch(subscription).status == FetchStatus.OK
    routes, reason = bad_feeds(feed_server)[case]
    feed_server.routes.clear()
    feed_server.routes.update(routes)

    with caplog.at_level(logging.WARNING, logger="opendata.fetch"):
        result = fetch(subscription)

    assert result.status == FetchStatus.REFUSED, case
    assert reason.lower() in result.reason.lower(), result.reason
    assert titles() == ["Det andet", "Det gode"]  # what the last good fetch brought stays, whole
    assert [hit.object.title for hit in search("gode").hits] == ["Det gode"]
    subscription.refresh_from_db()
    assert subscription.last_status == FetchStatus.REFUSED and subscription.last_error == result.reason
    assert subscription.item_count == 2
    assert "feed refused: Odense Kommune" in caplog.text


def test_a_huge_page_without_a_length_is_cut_off_while_reading(feed_server, subscription):
    def endless(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        chunk = b" " * 65536
        for _ in range(100):  # 6.5 MB at most, far past the limit
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))

    feed_server.routes["/feed.json"] = endless
    result = fetch(subscription)
    assert result.status == FetchStatus.REFUSED and "larger than the limit" in result.reason


def test_a_slow_feed_is_given_up_on_at_the_deadline(feed_server, subscription):
    feed_server.routes["/feed.json"] = trickle(json.dumps(document([item(1)])).encode(), pause=0.2)
    result = fetch(subscription, Limits(connect_timeout=1, read_timeout=1, feed_seconds=1.5))
    assert result.status == FetchStatus.REFUSED and "longer than 1.5 seconds" in result.reason
    assert result.seconds < 4


def test_a_feed_that_never_answers_times_out(feed_server, subscription):
    feed_server.routes["/feed.json"] = lambda handler: __import__("time").sleep(3)
    result = fetch(subscription, Limits(connect_timeout=1, read_timeout=0.5, feed_seconds=5))
    assert result.status == FetchStatus.REFUSED and "did not answer in time" in result.reason


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/feed.json",
        "http://localhost/feed.json",
        "http://10.1.2.3/feed.json",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/feed.json",
        "http://[::ffff:127.0.0.1]/feed.json",
        "http://0.0.0.0/feed.json",
        "http://100.64.0.1/feed.json",
        "file:///etc/passwd",
        "gopher://127.0.0.1/",
        "http://user:secret@example.invalid/feed.json",
    ],
)
def test_internal_addresses_are_refused_before_any_connection(url, db, monkeypatch):
    def no_connection(*args, **kwargs):
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket, "create_connection", no_connection)
    subscription = Subscription.objects.create(municipality="Indenfor", feed_url=url)
    result = fetch(subscription)
    assert result.status == FetchStatus.REFUSED
    assert result.reason


def test_allowing_an_internal_host_allows_only_that_host(db):
    assert fetching.resolve("http://127.0.0.1:8000/x", allowed_internal_host="127.0.0.1").address == "127.0.0.1"
    with pytest.raises(FeedRefused, match="internal address"):
        fetching.resolve("http://10.0.0.1/x", allowed_internal_host="127.0.0.1")


def test_markup_in_a_feed_is_stored_as_text_and_shown_escaped(feed_server, subscription, client):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    feed_server.routes["/feed.json"] = json_page(document([item(1, title=f"Ond {evil}", summary=evil)]))
    fetch(subscription)
    shared = SharedTryout.objects.get()
    for url in ("/andre-kommuner/", shared.get_absolute_url(), "/soeg/?q=ond"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;" in html, url


def test_the_command_fetches_every_active_feed_and_reports_refusals(feed_server, subscription, capsys):
    feed_server.routes["/feed.json"] = json_page(document([item(1)]))
    Subscription.objects.create(municipality="Lejre Kommune", feed_url="http://10.9.9.9/feed.json")
    Subscription.objects.create(municipality="Slukket", feed_url="http://10.9.9.8/feed.json", is_active=False)

    call_command("fetch_shared_tryouts", timeout=1, feed_seconds=3)

    out, err = capsys.readouterr()
    assert "Odense Kommune: ok, 1 try-outs" in out
    assert "Lejre Kommune: refused" in err and "Slukket" not in out + err
    assert Subscription.objects.get(municipality="Slukket").last_status == FetchStatus.NEVER
