"""The weekly digest, "Nyt i det, du følger": what is new in the topics, units, try-outs, KLE
subjects and focus areas a person follows, e-mailed at most once a week and only when something is new.

A run (`send_digests`, the `send_weekly_digest` command from cron) reads the news of the whole
window once (`News`: a handful of queries, however many people follow anything), then goes
through the people who are due in chunks: one query for a chunk's follows, one per kind for the
followed objects not seen yet, one to record whom it wrote to. Nothing is asked per person.

News in a digest:
- try-outs that are new or changed, with what they have learned;
- current tasks that are new (created, or started, in the window);
- colleagues who added a followed topic to their expertise.
A person's window starts at their last digest (their first: a week back; never more than four
weeks back), and for each followed thing no earlier than when they started following it.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Case, DateTimeField, Exists, F, OuterRef, Q, Subquery, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from taggit.models import TaggedItem

from core.text import danish_sort_key
from following.models import DigestSettings, ExpertiseAdded, Follow
from following.registry import Scope, follow_kinds
from following.services import unsubscribe_token
from people.models import Membership
from tryouts.models import Tryout
from units.models import MAX_DEPTH, Unit, UnitTask

logger = logging.getLogger("following.digest")

DIGEST_EVERY_DAYS = 7
FIRST_WINDOW = timedelta(days=7)
LONGEST_WINDOW = timedelta(days=28)
SHOWN_PER_SECTION = 10
CHUNK_SIZE = 1000
LEARNINGS_WORDS = 45


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def due_limit(now: datetime) -> datetime:
    """A digest sent before this moment is a week old: the start of the day six days ago (local
    time), so a daily or weekly cron job that drifts by minutes still writes once every 7 days."""
    day = timezone.localdate(now) - timedelta(days=DIGEST_EVERY_DAYS - 1)
    return timezone.make_aware(datetime.combine(day, time.min))


# --- the news of a window ----------------------------------------------------------------------


@dataclass
class TryoutNews:
    pk: int
    title: str
    url: str
    status: str
    status_label: str
    owner_name: str
    learnings: str
    created_at: datetime
    updated_at: datetime
    units: frozenset = frozenset()  # the owner, the units taking part, and the units above them
    topics: frozenset = frozenset()

    @property
    def at(self):
        return self.updated_at


@dataclass
class TaskNews:
    pk: int
    title: str
    url: str
    unit_name: str
    starts_on: date
    at: datetime  # when it became news: created, or its first day
    units: frozenset = frozenset()  # its unit and the units above it
    topics: frozenset = frozenset()


@dataclass
class ColleagueNews:
    pk: int
    name: str
    url: str
    job_title: str
    unit_name: str
    topic_id: int
    topic_name: str
    person_id: int
    at: datetime


class News:
    """Everything that happened in (start, now], loaded once and looked up by unit, topic and
    try-out. Seven queries, whatever the number of followers."""

    def __init__(self, start: datetime, now: datetime):
        self.start, self.now = start, now
        self.tryouts_by_unit, self.tryouts_by_topic, self.tryouts_by_id = defaultdict(list), defaultdict(list), {}
        self.tasks_by_unit, self.tasks_by_topic, self.tasks_by_id = defaultdict(list), defaultdict(list), {}
        self.colleagues_by_topic = defaultdict(list)
        tryouts = self._tryouts()
        tasks = self._tasks()
        chains = self._chains({u for t in tryouts for u in t.units} | {u for t in tasks for u in t.units})
        for tryout in tryouts:
            tryout.units = frozenset(a for u in tryout.units for a in chains.get(u, (u,)))
            self.tryouts_by_id[tryout.pk] = tryout
            for unit in tryout.units:
                self.tryouts_by_unit[unit].append(tryout)
            for topic in tryout.topics:
                self.tryouts_by_topic[topic].append(tryout)
        for task in tasks:
            task.units = frozenset(a for u in task.units for a in chains.get(u, (u,)))
            self.tasks_by_id[task.pk] = task
            for unit in task.units:
                self.tasks_by_unit[unit].append(task)
            for topic in task.topics:
                self.tasks_by_topic[topic].append(task)
        for colleague in self._colleagues():
            self.colleagues_by_topic[colleague.topic_id].append(colleague)

    def _tryouts(self) -> list[TryoutNews]:
        changed = Tryout.objects.filter(updated_at__gt=self.start, updated_at__lte=self.now)
        rows = changed.select_related("owner_unit").only(
            "pk", "title", "slug", "status", "learnings", "created_at", "updated_at", "owner_unit__name"
        )
        taking_part = defaultdict(set)
        through = Tryout.units.through.objects.filter(tryout__in=changed.values("pk"))
        for tryout_id, unit_id in through.values_list("tryout_id", "unit_id"):
            taking_part[tryout_id].add(unit_id)
        topics = _topics_of(Tryout, changed.values("pk"))
        return [
            TryoutNews(
                pk=tryout.pk,
                title=tryout.title,
                url=absolute(tryout.get_absolute_url()),
                status=tryout.status,
                status_label=tryout.get_status_display(),
                owner_name=tryout.owner_unit.name,
                learnings=tryout.learnings,
                created_at=tryout.created_at,
                updated_at=tryout.updated_at,
                units=frozenset({tryout.owner_unit_id, *taking_part[tryout.pk]}),
                topics=frozenset(topics[tryout.pk]),
            )
            for tryout in rows
        ]

    def _tasks(self) -> list[TaskNews]:
        """Current tasks created in the window (their first history row) or started in it."""
        first_day = timezone.localdate(self.start)
        created = UnitTask.history.filter(id=OuterRef("pk"), history_type="+").order_by("history_date")
        tasks = (
            UnitTask.objects.current(timezone.localdate(self.now))
            .filter(unit__is_active=True)
            .annotate(created_at=Subquery(created.values("history_date")[:1]))
            .filter(Q(created_at__gt=self.start, created_at__lte=self.now) | Q(starts_on__gt=first_day))
            .select_related("unit")
            .only("pk", "title", "starts_on", "unit__name", "unit__slug")
        )
        tasks = list(tasks)
        topics = _topics_of(UnitTask, [task.pk for task in tasks])
        news = []
        for task in tasks:
            started = timezone.make_aware(datetime.combine(task.starts_on, time.min))
            news.append(
                TaskNews(
                    pk=task.pk,
                    title=task.title,
                    url=absolute(f"{task.unit.get_absolute_url()}#tasks"),
                    unit_name=task.unit.name,
                    starts_on=task.starts_on,
                    at=max(d for d in (task.created_at, started) if d is not None),
                    units=frozenset([task.unit_id]),
                    topics=frozenset(topics[task.pk]),
                )
            )
        return news

    def _colleagues(self) -> list[ColleagueNews]:
        added = list(
            ExpertiseAdded.objects.filter(added_at__gt=self.start, added_at__lte=self.now, person__is_active=True)
            .select_related("person", "tag")
            .only("pk", "added_at", "tag__name", "person__first_name", "person__last_name", "person__title")
        )
        units = {}
        memberships = Membership.objects.filter(person_id__in={a.person_id for a in added}, unit__is_active=True)
        for person_id, unit_name in memberships.order_by("-is_primary", "pk").values_list("person_id", "unit__name"):
            units.setdefault(person_id, unit_name)
        return [
            ColleagueNews(
                pk=a.pk,
                name=a.person.full_name,
                url=absolute(a.person.get_absolute_url()),
                job_title=a.person.title,
                unit_name=units.get(a.person_id, ""),
                topic_id=a.tag_id,
                topic_name=a.tag.name,
                person_id=a.person_id,
                at=a.added_at,
            )
            for a in added
        ]

    @staticmethod
    def _chains(unit_ids) -> dict[int, tuple[int, ...]]:
        """Each unit with the units above it, so that news of a team reaches its centre's followers."""
        if not unit_ids:
            return {}
        paths = ["__".join(["parent"] * level) for level in range(1, MAX_DEPTH + 1)]
        chains = {}
        for row in Unit.objects.filter(pk__in=unit_ids).values_list("pk", *paths):
            chains[row[0]] = tuple(pk for pk in row if pk is not None)
        return chains

    def in_scope(self, scope: Scope):
        """The try-outs, tasks and colleagues a followed thing covers (any time in the window)."""
        tryouts = [self.tryouts_by_id[pk] for pk in scope.tryouts if pk in self.tryouts_by_id]
        tasks = [self.tasks_by_id[pk] for pk in scope.tasks if pk in self.tasks_by_id]
        colleagues = []
        for unit in scope.units:
            tryouts += self.tryouts_by_unit.get(unit, [])
            tasks += self.tasks_by_unit.get(unit, [])
        for topic in scope.topics:
            tryouts += self.tryouts_by_topic.get(topic, [])
            tasks += self.tasks_by_topic.get(topic, [])
            colleagues += self.colleagues_by_topic.get(topic, [])
        return tryouts, tasks, colleagues


def _topics_of(model, ids) -> dict[int, list[int]]:
    """{object id: its topic ids} for objects of `model` (ids: a list or a subquery)."""
    found = defaultdict(list)
    items = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    for object_id, tag_id in items.values_list("object_id", "tag_id"):
        found[object_id].append(tag_id)
    return found


# --- whom to write to ----------------------------------------------------------------------------


@dataclass
class Recipient:
    user_id: int
    email: str
    first_name: str
    person_id: int | None
    last_sent_at: datetime | None

    def since(self, now: datetime) -> datetime:
        start = self.last_sent_at or now - FIRST_WINDOW
        return max(start, now - LONGEST_WINDOW)


def due_recipients(now: datetime) -> list[Recipient]:
    """Active users who follow something, want the digest, have an address, and were not written
    to in the last seven days; one query."""
    limit = due_limit(now)
    wants = Q(digest_settings__isnull=True) | Q(
        Q(digest_settings__last_sent_at__isnull=True) | Q(digest_settings__last_sent_at__lt=limit),
        digest_settings__weekly_digest=True,
    )
    rows = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Exists(Follow.objects.filter(user=OuterRef("pk"))))
        .filter(wants)
        .filter(Q(person__isnull=True) | Q(person__is_active=True))
        .order_by("pk")
        .values_list(
            "pk", "email", "first_name", "person__pk", "person__email", "person__first_name",
            "digest_settings__last_sent_at",
        )
    )  # fmt: skip
    recipients = []
    for pk, email, first_name, person_pk, person_email, person_first_name, last_sent_at in rows:
        address = person_email or email
        if address:
            recipients.append(Recipient(pk, address, person_first_name or first_name, person_pk, last_sent_at))
    return recipients


# --- one person's digest ----------------------------------------------------------------------


@dataclass
class Item:
    """A piece of news with the followed things it came through ("because you follow …"); `text`
    and `html` are filled when the e-mail is written."""

    news: object
    because: list = field(default_factory=list)
    is_new: bool = False
    text: str = ""
    html: str = ""
    because_text: str = ""
    because_html: str = ""


@dataclass
class Digest:
    recipient: Recipient
    tryouts: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    colleagues: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not (self.tryouts or self.tasks or self.colleagues)


class Followed:
    """The followed objects seen so far in a run: their scope and name, loaded once per kind for
    the ids not seen yet (one query per kind and chunk)."""

    def __init__(self):
        self.scopes, self.labels, self.found = {}, {}, {}

    def news_of(self, key: tuple[str, int], news: "News"):
        """The news a followed thing covers, gathered once for all its followers."""
        if key not in self.found:
            self.found[key] = news.in_scope(self.scopes[key])
        return self.found[key]

    def load(self, keys: Iterable[tuple[str, int]]):
        missing = defaultdict(list)
        for kind, pk in keys:
            if (kind, pk) not in self.scopes:
                missing[kind].append(pk)
        kinds = follow_kinds()
        for kind_name, ids in missing.items():
            kind = kinds.get(kind_name)
            objects = kind.objects(ids) if kind else {}
            scopes = kind.scope(list(objects)) if objects else {}
            for pk in ids:
                self.scopes[(kind_name, pk)] = scopes.get(pk)  # None: gone, hidden or unknown kind
                if pk in objects:
                    self.labels[(kind_name, pk)] = (str(kind.label), str(objects[pk]), absolute(kind.url(objects[pk])))


def _follows_of(chunk: list[Recipient], start: datetime) -> dict[int, list]:
    """{user id: [(kind, object id, followed since)]} for a chunk of recipients (in id order), by a
    range of ids rather than a list of them. A follow older than the earliest window (most are)
    comes without its date: it is older than any window, and reading 250,000 dates costs."""
    wanted = {r.user_id for r in chunk}
    recent = Case(When(created_at__gt=start, then=F("created_at")), default=Value(None), output_field=DateTimeField())
    rows = (
        Follow.objects.filter(user_id__gte=chunk[0].user_id, user_id__lte=chunk[-1].user_id)
        .annotate(recent=recent)
        .values_list("user_id", "kind", "object_id", "recent")
    )
    follows = defaultdict(list)
    for user_id, kind, object_id, created_at in rows:
        if user_id in wanted:
            follows[user_id].append((kind, object_id, created_at))
    return follows


def compose(recipient: Recipient, follows, news: News, followed: Followed, now: datetime) -> Digest:
    """The digest of one person from their follows [(kind, object id, followed since or None)]."""
    since = recipient.since(now)
    digest = Digest(recipient)
    tryouts, tasks, colleagues = {}, {}, {}
    for kind, object_id, created_at in follows:
        scope = followed.scopes.get((kind, object_id))
        if scope is None:
            continue
        after = max(since, created_at) if created_at else since
        reason = followed.labels[(kind, object_id)]
        found_tryouts, found_tasks, found_colleagues = followed.news_of((kind, object_id), news)
        for tryout in found_tryouts:
            if tryout.at > after:
                item = tryouts.setdefault(tryout.pk, Item(tryout, is_new=tryout.created_at > since))
                if reason not in item.because:
                    item.because.append(reason)
        for task in found_tasks:
            if task.at > after:
                item = tasks.setdefault(task.pk, Item(task, is_new=True))
                if reason not in item.because:
                    item.because.append(reason)
        for colleague in found_colleagues:
            if colleague.at > after and colleague.person_id != recipient.person_id:
                item = colleagues.setdefault(colleague.pk, Item(colleague, is_new=True))
                if reason not in item.because:
                    item.because.append(reason)
    for item in (*tryouts.values(), *tasks.values(), *colleagues.values()):
        if len(item.because) > 1:
            item.because.sort(key=lambda reason: danish_sort_key(reason[1]))
    digest.tryouts = sorted(tryouts.values(), key=lambda i: (not i.is_new, -i.news.at.timestamp(), i.news.pk))
    digest.tasks = sorted(tasks.values(), key=lambda i: (-i.news.at.timestamp(), i.news.pk))
    digest.colleagues = sorted(colleagues.values(), key=lambda i: (i.news.topic_name, i.news.name, i.news.pk))
    return digest


ITEM_TEMPLATES = {
    TryoutNews: "emails/digest_tryout",
    TaskNews: "emails/digest_task",
    ColleagueNews: "emails/digest_colleague",
}


class Blocks:
    """Each piece of news rendered once, as text and as HTML, for every digest that tells it:
    rendering the same try-out again for thousands of people was most of a run's time."""

    def __init__(self):
        self.rendered = {}

    def of(self, news, is_new: bool) -> tuple[str, str]:
        key = (type(news), news.pk, is_new, translation.get_language())
        if key not in self.rendered:
            name = ITEM_TEMPLATES[type(news)]
            context = {"news": news, "is_new": is_new, "learnings_words": LEARNINGS_WORDS}
            text = render_to_string(f"{name}.txt", context).strip("\n")
            self.rendered[key] = (text, mark_safe(render_to_string(f"{name}.html", context).strip("\n")))
        return self.rendered[key]


def _shown(items: list[Item], blocks: Blocks) -> list[Item]:
    """The first items of a section, with their blocks and the followed things they came through."""
    shown = items[:SHOWN_PER_SECTION]
    for item in shown:
        item.text, item.html = blocks.of(item.news, item.is_new)
        item.because_text = ", ".join(name for _kind, name, _url in item.because)
        item.because_html = format_html_join(
            ", ", '<a href="{}" style="color:#0059b3;">{}</a>', ((url, name) for _kind, name, url in item.because)
        )
    return shown


def digest_email(digest: Digest, blocks: Blocks | None = None) -> EmailMultiAlternatives:
    """The digest as an e-mail in the site's language: plain text and HTML, with an unsubscribe
    link that needs no login (also as List-Unsubscribe headers for one-click, RFC 8058)."""
    blocks = blocks or Blocks()
    unsubscribe_url = absolute(reverse("following:unsubscribe", args=[unsubscribe_token(digest.recipient.user_id)]))
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "digest": digest,
            "tryouts": _shown(digest.tryouts, blocks),
            "tryouts_more": max(len(digest.tryouts) - SHOWN_PER_SECTION, 0),
            "tasks": _shown(digest.tasks, blocks),
            "tasks_more": max(len(digest.tasks) - SHOWN_PER_SECTION, 0),
            "colleagues": _shown(digest.colleagues, blocks),
            "colleagues_more": max(len(digest.colleagues) - SHOWN_PER_SECTION, 0),
            "because_label": _("Because you follow:"),
            "mine_url": absolute(f"{reverse('mine')}#following"),
            "unsubscribe_url": unsubscribe_url,
            "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
            "LANGUAGE_CODE": translation.get_language(),
        }
        subject = _("News in what you follow")
        text = render_to_string("emails/digest.txt", context)
        html = render_to_string("emails/digest.html", context)
    headers = {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    message = EmailMultiAlternatives(subject, text, to=[digest.recipient.email], headers=headers)
    message.attach_alternative(html, "text/html")
    return message


# --- a run ----------------------------------------------------------------------------------------


@dataclass
class DigestRun:
    """What a run did (or, dry, would do)."""

    due: int = 0
    sent: int = 0
    nothing_new: int = 0
    failed: list = field(default_factory=list)
    dry_run: bool = False

    @property
    def summary(self):
        verb = "would send" if self.dry_run else "sent"
        return (
            f"people due a digest: {self.due}; {verb}: {self.sent}; nothing new: {self.nothing_new}; "
            f"failed: {len(self.failed)}"
        )


def send_digests(now: datetime | None = None, dry_run: bool = False) -> DigestRun:
    """Write the weekly digest to everyone due one who has news; record whom it reached, so that
    nobody gets two in a week, even when a run stops halfway and is started again."""
    now = now or timezone.now()
    run = DigestRun(dry_run=dry_run)
    recipients = due_recipients(now)
    run.due = len(recipients)
    if not recipients:
        return run
    start = min(r.since(now) for r in recipients)
    news = News(start, now)
    followed, blocks = Followed(), Blocks()
    connection = None if dry_run else get_connection()
    for first in range(0, len(recipients), CHUNK_SIZE):
        chunk = recipients[first : first + CHUNK_SIZE]
        follows = _follows_of(chunk, start)
        followed.load((kind, pk) for found in follows.values() for kind, pk, _at in found)
        reached = []
        for recipient in chunk:
            digest = compose(recipient, follows[recipient.user_id], news, followed, now)
            if digest.is_empty:
                run.nothing_new += 1
                continue
            if dry_run:
                run.sent += 1
                continue
            try:
                connection.send_messages([digest_email(digest, blocks)])
            except Exception:
                logger.exception("digest to user %s failed", recipient.user_id)
                run.failed.append(recipient.user_id)
                continue
            run.sent += 1
            reached.append(recipient.user_id)
        if reached:
            DigestSettings.objects.bulk_create(
                [DigestSettings(user_id=pk, last_sent_at=now) for pk in reached],
                update_conflicts=True,
                unique_fields=["user"],
                update_fields=["last_sent_at"],
                batch_size=500,
            )
    logger.info("weekly digest: %s", run.summary)
    return run
