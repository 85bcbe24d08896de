"""Fetching other municipalities' feeds into SharedTryout: all of a feed or nothing.

`fetch_subscription` reads every page of a feed (opendata/fetching.py keeps the network side
safe), validates each against the schema (opendata/schema.py), and only when the whole feed is
good replaces the subscription's try-outs in one transaction, search index included. A refused
feed changes nothing but the subscription's record of why.
"""

import logging
import time
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from opendata import fetching
from opendata.feed import clean
from opendata.fetching import FeedRefused, Limits
from opendata.models import FetchStatus, SharedTopic, SharedTryout, Subscription, topic_key
from opendata.schema import SCHEMA
from search import index

logger = logging.getLogger("opendata.fetch")
VALIDATOR = Draft202012Validator(SCHEMA)
TEXT_FIELDS = ("title", "summary", "challenge", "approach", "learnings")


@dataclass
class FetchResult:
    subscription: Subscription
    status: str
    count: int = 0
    reason: str = ""
    seconds: float = 0.0


def fetch_subscription(subscription: Subscription, limits: Limits | None = None) -> FetchResult:
    """Fetch one feed and store it whole, or refuse it and record why. Never raises FeedRefused."""
    limits = limits or Limits()
    started = time.monotonic()
    try:
        outcome = read_feed(subscription, limits)
        if outcome is None:
            result = FetchResult(subscription, FetchStatus.UNCHANGED, subscription.item_count)
        else:
            items, etag, last_modified = outcome
            store_feed(subscription, items, etag, last_modified)
            result = FetchResult(subscription, FetchStatus.OK, len(items))
    except FeedRefused as refusal:
        result = FetchResult(subscription, FetchStatus.REFUSED, reason=str(refusal))
        logger.warning("feed refused: %s (%s): %s", subscription.municipality, subscription.feed_url, refusal)
    result.seconds = time.monotonic() - started
    record(subscription, result)
    return result


def record(subscription: Subscription, result: FetchResult) -> None:
    now = timezone.now()
    subscription.last_fetched_at = now
    subscription.last_status = result.status
    subscription.last_error = result.reason
    fields = ["last_fetched_at", "last_status", "last_error"]
    if result.status != FetchStatus.REFUSED:
        subscription.last_success_at = now
        fields.append("last_success_at")
    Subscription.objects.filter(pk=subscription.pk).update(**{name: getattr(subscription, name) for name in fields})


def read_feed(subscription: Subscription, limits: Limits):
    """All the feed's items, checked, with the first page's validators; None when the feed says
    it has not changed since the last fetch (a 304 on the first page: its ETag covers every page)."""
    deadline = time.monotonic() + limits.feed_seconds
    allowed = urlsplit(subscription.feed_url).hostname if subscription.allow_internal_address else None
    allowed = allowed.lower() if allowed else None
    url, seen, items, first = subscription.feed_url, set(), [], None
    conditional = {}
    if subscription.etag:
        conditional["If-None-Match"] = subscription.etag
    if subscription.last_modified:
        conditional["If-Modified-Since"] = subscription.last_modified
    while url:
        if url in seen:
            raise FeedRefused(f"the feed's pages loop back to {url[:200]}")
        if len(seen) >= limits.pages:
            raise FeedRefused(f"more than {limits.pages} pages")
        seen.add(url)
        page = fetching.get(url, limits, deadline, allowed, conditional if first is None else None)
        if page.status == 304:
            if first is None and subscription.last_status in (FetchStatus.OK, FetchStatus.UNCHANGED):
                return None
            raise FeedRefused("the feed answered 304 Not Modified to a request that asked for no validator")
        body = validated(fetching.parse_json(page.body), url)
        if first is None:
            first = (body, page)
        elif body["count"] != first[0]["count"]:
            raise FeedRefused("the feed changed while it was read; it is read again next time")
        items += body["items"]
        if len(items) > limits.items:
            raise FeedRefused(f"more than {limits.items} try-outs")
        url = body["next"]
        if url and not fetching.same_origin(subscription.feed_url, url):
            raise FeedRefused(f"a next link leaves the feed's site: {url[:200]}")
    body, page = first
    if len(items) != body["count"]:
        raise FeedRefused(f"the feed announced {body['count']} try-outs but its pages held {len(items)}")
    ids = [item["id"] for item in items]
    if len(set(ids)) != len(ids):
        raise FeedRefused("the same try-out id appears twice")
    for item in items:
        if urlsplit(item["url"]).hostname != urlsplit(subscription.feed_url).hostname:
            raise FeedRefused(f"try-out {item['id'][:100]} links outside the feed's site: {item['url'][:200]}")
    return items, page.etag, page.last_modified


def validated(body, url: str) -> dict:
    """The page if it follows the schema and its dates are real dates; else FeedRefused."""
    error = best_match(VALIDATOR.iter_errors(body))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "(top)"
        raise FeedRefused(f"{url[:200]} does not follow the format at {where}: {error.message[:300]}")
    for item in body["items"]:
        try:
            for name in ("started_on", "ended_on"):
                if item[name] is not None:
                    date.fromisoformat(item[name])
            datetime.fromisoformat(item["updated_at"])
        except ValueError as error:
            raise FeedRefused(f"try-out {item['id'][:100]} has an impossible date: {error}") from error
    return body


def parse_moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, timezone.get_default_timezone())


def stored_values(item: dict) -> dict:
    """The SharedTryout fields of a validated feed item."""
    values = {name: clean(item[name]) for name in TEXT_FIELDS}
    values.update(
        source_url=item["url"],
        status=item["status"],
        started_on=date.fromisoformat(item["started_on"]) if item["started_on"] else None,
        ended_on=date.fromisoformat(item["ended_on"]) if item["ended_on"] else None,
        partner_kinds=[clean(name) for name in item["partner_kinds"]],
        unit_name=clean(item["unit"]),
        claimed_municipality=clean(item["municipality"]),
        remote_updated_at=parse_moment(item["updated_at"]),
    )
    return values


def topic_names(item: dict) -> list[str]:
    return list(dict.fromkeys(filter(None, (clean(name).strip() for name in item["topics"]))))


@transaction.atomic
def store_feed(subscription: Subscription, items: list[dict], etag: str = "", last_modified: str = "") -> None:
    """Replace the subscription's try-outs with `items` (validated), search index included. Rows
    keep their ids (and addresses); only new and changed ones are written and indexed, so a
    large feed that barely changed costs little."""
    now = timezone.now()
    existing = {t.remote_id: t for t in SharedTryout.objects.filter(subscription=subscription)}
    old_topics = {}
    for tryout_id, name in SharedTopic.objects.filter(tryout__subscription=subscription).values_list("tryout", "name"):
        old_topics.setdefault(tryout_id, []).append(name)
    wanted = {item["id"] for item in items}
    gone = [t.pk for remote_id, t in existing.items() if remote_id not in wanted]
    with index.deferred():
        if gone:
            SharedTryout.objects.filter(pk__in=gone).delete()
            index.remove_objects("shared", gone)
        SharedTryout.objects.filter(subscription=subscription).update(fetched_at=now)
        created, changed, topics = [], [], {}
        for item in items:
            values, names = stored_values(item), topic_names(item)
            tryout = existing.get(item["id"])
            if tryout is None:
                tryout = SharedTryout(subscription=subscription, remote_id=item["id"], fetched_at=now, **values)
                created.append(tryout)
            elif sorted(names) != sorted(old_topics.get(tryout.pk, [])) or any(
                getattr(tryout, k) != v for k, v in values.items()
            ):
                # One UPDATE per changed row: bulk_update's CASE per field grows too slow at thousands.
                SharedTryout.objects.filter(pk=tryout.pk).update(**values)
                changed.append(tryout)
            else:
                continue
            topics[item["id"]] = names
        SharedTryout.objects.bulk_create(created, batch_size=500)
        if created and not all(t.pk for t in created):  # backends that return no ids from bulk_create
            ids = dict(SharedTryout.objects.filter(subscription=subscription).values_list("remote_id", "pk"))
            for tryout in created:
                tryout.pk = ids[tryout.remote_id]
        written = {t.remote_id: t for t in [*created, *changed]}
        SharedTopic.objects.filter(tryout__in=[t.pk for t in changed]).delete()
        SharedTopic.objects.bulk_create(
            [
                SharedTopic(tryout=written[remote_id], name=name, key=topic_key(name))
                for remote_id, names in topics.items()
                for name in names
            ],
            batch_size=2000,
        )
        index.index_objects("shared", [t.pk for t in written.values()])
    subscription.item_count = len(items)
    subscription.etag, subscription.last_modified = etag, last_modified
    Subscription.objects.filter(pk=subscription.pk).update(
        item_count=len(items), etag=etag, last_modified=last_modified
    )
