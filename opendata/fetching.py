"""Reading another instance's feed over HTTP without trusting it.

Standard library only (http.client), so every limit is ours: a connect and a read timeout, a
deadline for the whole feed that a server trickling bytes cannot stretch, a byte limit per page
counted while reading (no compressed bodies are accepted, so none can unpack into more), a page
and an item limit, at most three redirects, and no request to an internal address: each host
is resolved once, every address it resolves to must be public, and the connection goes to that
checked address (no second lookup an attacker could answer differently). An admin may allow
the subscription's own host to be internal (`Subscription.allow_internal_address`); redirects and
next links to any other internal address stay refused.
"""

import http.client
import ipaddress
import json
import socket
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

USER_AGENT = "FaxeDirectory-opendata/1"
REDIRECTS = {301, 302, 303, 307, 308}


class FeedRefused(Exception):
    """The feed was not read: the reason is logged and recorded on the subscription."""


@dataclass(frozen=True)
class Limits:
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    feed_seconds: float = 120.0  # the whole feed, all pages
    page_bytes: int = 5 * 1024 * 1024
    pages: int = 200
    items: int = 20_000
    redirects: int = 3


@dataclass
class Page:
    url: str
    status: int
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""


@dataclass
class Target:
    scheme: str
    host: str
    port: int
    address: str
    path: str = "/"
    headers: dict = field(default_factory=dict)


def resolve(url: str, allowed_internal_host: str | None = None) -> Target:
    """The checked target of `url`: http(s), no credentials, and only public addresses (or the
    host an admin allowed). Raises FeedRefused."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise FeedRefused(f"not a valid address: {url[:200]}") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedRefused(f"only http and https addresses are fetched: {url[:200]}")
    if parts.username or parts.password:
        raise FeedRefused("addresses with a user name or password are not fetched")
    host = parts.hostname.lower()
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise FeedRefused(f"the host {host} cannot be resolved ({error})") from error
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        addresses.append(address)
    internal = [a for a in addresses if not a.is_global or a.is_multicast]
    if not addresses or (internal and host != allowed_internal_host):
        shown = ", ".join(sorted({str(a) for a in internal})) or "none"
        raise FeedRefused(f"the host {host} resolves to an internal address ({shown}); not allowed for this feed")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, host, port, str(addresses[0]), path)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, limits: Limits):
        super().__init__(target.host, target.port, timeout=limits.connect_timeout)
        self._address, self._read_timeout = target.address, limits.read_timeout

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock.settimeout(self._read_timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, limits: Limits):
        super().__init__(target.host, target.port, timeout=limits.connect_timeout, context=ssl.create_default_context())
        self._address, self._read_timeout = target.address, limits.read_timeout

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        sock.settimeout(self._read_timeout)
        # The certificate is checked against the host name, not the address connected to.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def get(url: str, limits: Limits, deadline: float, allowed_internal_host: str | None, headers=None) -> Page:
    """GET one page, following up to `limits.redirects` redirects (each target checked)."""
    for _hop in range(limits.redirects + 1):
        target = resolve(url, allowed_internal_host)
        page = _get_once(target, url, limits, deadline, headers or {})
        if page.status not in REDIRECTS:
            return page
        url = urljoin(url, page.body.decode("latin-1"))
    raise FeedRefused(f"more than {limits.redirects} redirects")


def _get_once(target: Target, url: str, limits: Limits, deadline: float, headers: dict) -> Page:
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target, limits)
    request_headers = {
        "User-Agent": USER_AGENT,
        "Accept": "application/json",
        "Accept-Encoding": "identity",
        **headers,
    }
    try:
        connection.request("GET", target.path, headers=request_headers)
        response = connection.getresponse()
        if response.status in REDIRECTS:
            location = response.getheader("Location", "")
            if not location:
                raise FeedRefused(f"redirect without a Location from {url[:200]}")
            return Page(url, response.status, location.encode("latin-1", "replace"))
        if response.status == 304:
            return Page(url, 304)
        if response.status != 200:
            raise FeedRefused(f"{url[:200]} answered HTTP {response.status}")
        encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
        if encoding != "identity":
            raise FeedRefused(f"compressed answer ({encoding[:40]}) refused; asked for identity")
        content_type = (response.getheader("Content-Type") or "").lower()
        if "json" not in content_type:
            raise FeedRefused(f"not JSON: Content-Type {content_type[:80] or 'missing'}")
        length = response.getheader("Content-Length")
        if length and length.strip().isdigit() and int(length) > limits.page_bytes:
            raise FeedRefused(f"page of {int(length)} bytes is larger than the limit of {limits.page_bytes}")
        body = _read_limited(response, limits, deadline)
        return Page(url, 200, body, response.getheader("ETag", "")[:200], response.getheader("Last-Modified", "")[:100])
    except FeedRefused:
        raise
    except TimeoutError as error:
        raise FeedRefused(f"{url[:200]} did not answer in time") from error
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise FeedRefused(f"{url[:200]} could not be read: {type(error).__name__}: {str(error)[:200]}") from error
    finally:
        connection.close()


def _read_limited(response, limits: Limits, deadline: float) -> bytes:
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise FeedRefused(f"the feed took longer than {limits.feed_seconds:g} seconds")
        # read1: at most one read from the socket, so the deadline is checked between slow bytes.
        chunk = response.read1(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limits.page_bytes:
            raise FeedRefused(f"page larger than the limit of {limits.page_bytes} bytes")
        chunks.append(chunk)


def parse_json(body: bytes):
    """The page's JSON; refuses what Python's parser would choke on or silently accept."""

    def refuse_constant(name):
        raise ValueError(f"{name} is not JSON")

    try:
        return json.loads(body.decode("utf-8"), parse_constant=refuse_constant)
    except UnicodeDecodeError as error:
        raise FeedRefused("not UTF-8") from error
    except RecursionError as error:
        raise FeedRefused("JSON nested too deeply") from error
    except ValueError as error:
        raise FeedRefused(f"not valid JSON: {str(error)[:200]}") from error


def same_origin(first: str, other: str) -> bool:
    a, b = urlsplit(first), urlsplit(other)
    try:
        return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port)
    except ValueError:
        return False
