"""This instance's public feed of shared try-outs: only their non-personal fields.

`feed_items` is the one place that decides what leaves the directory (docs/open-data.md): the
try-out's title, summary, challenge, approach, learnings, status, period, partner kinds, topics,
its owner unit's name and the municipality. Never contacts, participating units, the free-text
partners, outcome or next steps, nor anything of a person.
"""

import csv
import hashlib
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from opendata.models import FeedStamp
from opendata.schema import FORMAT, LICENSE, VERSION
from people.exports import csv_safe
from search.documents import tags_by_object
from tryouts.models import Status, Tryout

PAGE_SIZE = 100
CSV_COLUMNS = [
    "id",
    "url",
    "title",
    "summary",
    "challenge",
    "approach",
    "learnings",
    "status",
    "status_label",
    "started_on",
    "ended_on",
    "partner_kinds",
    "topics",
    "unit",
    "municipality",
    "updated_at",
]
# Characters XML 1.0 cannot carry (Atom) and no reader wants: removed from every format alike.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text or "")


@dataclass(frozen=True)
class FeedState:
    """What decides every page of the feed: a change to any of it changes each page's ETag."""

    count: int
    last_modified: datetime | None
    etag_source: str

    def etag(self, *parts: object) -> str:
        digest = hashlib.sha256("|".join(map(str, (self.etag_source, *parts))).encode()).hexdigest()[:32]
        return f'"{digest}"'


def feed_state() -> FeedState:
    """Two small queries, cheap enough for every conditional request."""
    shared = Tryout.objects.shared().aggregate(count=Count("pk"), updated=Max("updated_at"))
    stamp = FeedStamp.objects.values_list("changed_at", flat=True).first()
    moments = [moment for moment in (shared["updated"], stamp) if moment]
    source = f"{FORMAT}/{VERSION}|{settings.MUNICIPALITY_NAME}|{shared['count']}|{shared['updated']}|{stamp}"
    return FeedState(shared["count"], max(moments) if moments else None, source)


def shared_page(number: int, per_page: int = PAGE_SIZE, newest_first: bool = False):
    """A Page of shared try-outs (raises EmptyPage/PageNotAnInteger), with `.items`: their feed
    items, built with one query for all their topics and one for all their partner kinds."""
    tryouts = (
        Tryout.objects.shared()
        .select_related("owner_unit")
        .order_by(*(("-updated_at", "-pk") if newest_first else ("pk",)))
    )
    page = Paginator(tryouts, per_page).page(number)
    page.tryouts = list(page.object_list)
    ids = [tryout.pk for tryout in page.tryouts]
    topics = tags_by_object(Tryout, ids)
    kinds = defaultdict(list)
    for tryout_id, name in Tryout.partner_kinds.through.objects.filter(tryout_id__in=ids).values_list(
        "tryout_id", "partnerkind__name"
    ):
        kinds[tryout_id].append(name)
    page.items = [(tryout, [t.name for t in topics[tryout.pk]], kinds[tryout.pk]) for tryout in page.tryouts]
    return page


def status_labels() -> dict[str, str]:
    with translation.override("da"):
        return {value: str(label) for value, label in Status.choices}


def feed_item(tryout: Tryout, base_url: str, topics: list[str], partner_kinds: list[str], labels=None) -> dict:
    """The published fields of one shared try-out, Danish values."""
    labels = labels or status_labels()
    return {
        "id": str(tryout.pk),
        "url": base_url + reverse("opendata:public_tryout", kwargs={"pk": tryout.pk}),
        "title": clean(tryout.title),
        "summary": clean(tryout.summary),
        "challenge": clean(tryout.challenge),
        "approach": clean(tryout.approach),
        "learnings": clean(tryout.learnings),
        "status": tryout.status,
        "status_label": labels.get(tryout.status, ""),
        "started_on": tryout.started_on.isoformat() if tryout.started_on else None,
        "ended_on": tryout.ended_on.isoformat() if tryout.ended_on else None,
        "partner_kinds": sorted(clean(name) for name in partner_kinds),
        "topics": sorted(clean(name) for name in topics),
        "unit": clean(tryout.owner_unit.name),
        "municipality": settings.MUNICIPALITY_NAME,
        "updated_at": timezone.localtime(tryout.updated_at).isoformat(timespec="seconds"),
    }


def page_items(page, base_url: str) -> list[dict]:
    labels = status_labels()
    return [feed_item(tryout, base_url, topics, kinds, labels) for tryout, topics, kinds in page.items]


def public_item(tryout: Tryout, base_url: str) -> dict:
    """One shared try-out's item, for its public page."""
    kinds = list(tryout.partner_kinds.values_list("name", flat=True))
    return feed_item(tryout, base_url, list(tryout.tags.names()), kinds)


def page_url(base_url: str, name: str, number: int) -> str:
    return f"{base_url}{reverse(name)}?page={number}"


def feed_json(page, base_url: str) -> bytes:
    """One page of the JSON feed (format in opendata/schema.py)."""
    body = {
        "format": FORMAT,
        "version": VERSION,
        "license": LICENSE,
        "publisher": {"municipality": settings.MUNICIPALITY_NAME, "url": base_url + "/"},
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "next": page_url(base_url, "opendata:feed_json", page.number + 1) if page.has_next() else None,
        "items": page_items(page, base_url),
    }
    return json.dumps(body, ensure_ascii=False, indent=1).encode()


def feed_csv(page, base_url: str) -> bytes:
    """One page as CSV for Excel (UTF-8 with BOM, semicolons, lists joined by "; ")."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(CSV_COLUMNS)
    for item in page_items(page, base_url):
        row = ["; ".join(item[c]) if isinstance(item[c], list) else item[c] for c in CSV_COLUMNS]
        writer.writerow([csv_safe(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode()


class PagedAtomFeed(Atom1Feed):
    """Atom with the licence and paging links of RFC 5005 (first, next, previous)."""

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.addQuickElement("link", "", {"rel": "license", "href": LICENSE["url"]})
        for rel in ("first", "previous", "next"):
            if self.feed.get(rel):
                handler.addQuickElement("link", "", {"rel": rel, "href": self.feed[rel]})


def feed_atom(page, base_url: str) -> bytes:
    """One page of new and changed shared try-outs, newest first."""
    name = "opendata:feed_atom"
    feed = PagedAtomFeed(
        title=f"Prøvehandlinger fra {settings.MUNICIPALITY_NAME}",
        link=base_url + reverse("opendata:index"),
        description="Nye og ændrede prøvehandlinger, som kommunen deler med andre kommuner.",
        language="da",
        feed_url=page_url(base_url, name, page.number),
        author_name=settings.MUNICIPALITY_NAME,
        feed_copyright=f"{LICENSE['name']}: {LICENSE['url']}",
        feed_guid=base_url + reverse(name),
        first=page_url(base_url, name, 1),
        previous=page_url(base_url, name, page.number - 1) if page.has_previous() else None,
        next=page_url(base_url, name, page.number + 1) if page.has_next() else None,
    )
    for (tryout, _topics, _kinds), item in zip(page.items, page_items(page, base_url), strict=True):
        feed.add_item(
            title=item["title"],
            link=item["url"],
            # Atom's summary is HTML (type="html"): the plain text is escaped so no reader runs it as markup.
            description=escape(item["summary"] or item["challenge"]),
            unique_id=item["url"],
            updateddate=tryout.updated_at,
            pubdate=tryout.created_at,
            author_name=f"{item['unit']}, {item['municipality']}" if item["unit"] else item["municipality"],
            categories=item["topics"],
        )
    return feed.writeString("utf-8").encode()
