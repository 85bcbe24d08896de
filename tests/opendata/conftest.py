"""A stand-in for another municipality's directory: a small HTTP server on this machine whose
answers each test decides (a good feed, a broken one, a slow one, a huge one …)."""

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from opendata.fetching import Limits
from opendata.models import Subscription
from opendata.schema import FORMAT, LICENSE, VERSION

TEST_LIMITS = Limits(connect_timeout=1, read_timeout=1, feed_seconds=3, page_bytes=300_000, pages=20, items=5000)


def item(number, **fields):
    """One try-out as another municipality's feed publishes it."""
    return {
        "id": str(number),
        "url": f"http://127.0.0.1/aabne-data/proevehandlinger/{number}/",
        "title": f"Madskoler for ældre {number}",
        "summary": "Ældre lærer at lave mad sammen.",
        "challenge": "Ensomhed og underernæring.",
        "approach": "Fællesspisning og madskole hver tirsdag.",
        "learnings": "Det sociale betyder mere end opskrifterne.",
        "status": "i_gang",
        "status_label": "I gang",
        "started_on": "2024-02-01",
        "ended_on": None,
        "partner_kinds": ["Frivillige"],
        "topics": ["ældrepleje", "Fællesspisning"],
        "unit": "Aktivitetscentret",
        "municipality": "Odense Kommune",
        "updated_at": "2025-01-15T10:00:00+01:00",
        **fields,
    }


def document(items, next_url=None, count=None, page=1, pages=1, **fields):
    return {
        "format": FORMAT,
        "version": VERSION,
        "license": LICENSE,
        "publisher": {"municipality": "Odense Kommune", "url": "http://127.0.0.1/"},
        "generated_at": "2025-01-15T10:00:00+01:00",
        "count": len(items) if count is None else count,
        "page": page,
        "pages": pages,
        "next": next_url,
        "items": items,
        **fields,
    }


class FeedServer:
    """routes: path (with query) → handler(request_handler); `json_page` and friends make handlers."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the fetch gave up
                    route(self)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def send(handler, body: bytes, status=200, content_type="application/json", headers=None):
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def json_page(body, **kwargs):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return lambda handler: send(handler, data, **kwargs)


def trickle(body: bytes, pause: float):
    """Sends the headers at once, then the body a byte at a time, `pause` seconds apart."""

    def handle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        for byte in body:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(pause)

    return handle


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.close()


@pytest.fixture
def subscription(db, feed_server):
    return Subscription.objects.create(
        municipality="Odense Kommune", feed_url=feed_server.url("/feed.json"), allow_internal_address=True
    )
