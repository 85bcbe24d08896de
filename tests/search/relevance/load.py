"""Build the judged municipality (municipality.py) in the current database and index it.

`load()` returns a `Directory`: which object each key of the data is, so judgements can name
the hits they expect. Saves run with the search signals muted; one rebuild indexes everything.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import timezone

from people.models import Membership, Person, Role
from tests.search.relevance import municipality
from tryouts.models import Track, Tryout
from units.models import Unit

CONFIRMED_DAYS_AGO = 40


@dataclass(frozen=True)
class PersonRecord:
    key: str
    first_name: str
    last_name: str
    title: str


@dataclass
class Directory:
    """{(kind, key): object id} and back, and the people's names for judgements by rule."""

    ids: dict = field(default_factory=dict)
    keys: dict = field(default_factory=dict)
    people: list = field(default_factory=list)

    def add(self, kind: str, key: str, object_id: int) -> None:
        self.ids[(kind, key)] = object_id
        self.keys[(kind, object_id)] = key


def rows(table: str, width: int) -> list[list[str]]:
    found = []
    for line in table.strip().splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        assert len(cells) == width, line
        found.append(cells)
    return found


def items(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(",") if item.strip()]


class _Muted:
    """No indexing on each save (the rebuild at the end indexes everything once)."""

    SIGNALS = (pre_delete, post_save, post_delete, m2m_changed)

    def __enter__(self):
        self.saved = [(signal, signal.receivers, signal.sender_receivers_cache.copy()) for signal in self.SIGNALS]
        for signal in self.SIGNALS:
            signal.receivers = []
            signal.sender_receivers_cache.clear()

    def __exit__(self, *exc):
        for signal, receivers, cache in self.saved:
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()
            signal.sender_receivers_cache.update(cache)


def load() -> Directory:
    directory = Directory()
    confirmed = timezone.now() - timedelta(days=CONFIRMED_DAYS_AGO)
    with _Muted():
        units = {}
        for key, name, kind, parent, about, core_tasks, can_help_with, topics in rows(municipality.UNITS, 8):
            unit = Unit.objects.create(
                name=name,
                kind=kind,
                parent=units[parent] if parent else None,
                about=about,
                core_tasks=core_tasks,
                can_help_with=can_help_with,
                last_confirmed_at=confirmed,
            )
            if topics:
                unit.tags.add(*items(topics))
            units[key] = unit
            directory.add("unit", key, unit.pk)
        people = {}
        for key, first, last, unit_key, title, code, expertise, about in rows(municipality.PEOPLE, 8):
            person = Person.objects.create(
                first_name=first,
                last_name=last,
                title=title,
                email=f"{code}@faxekommune.dk",
                about=about,
                # A card nobody has filled in (no job title) has never been confirmed either.
                last_confirmed_at=confirmed if title else None,
            )
            Membership.objects.create(
                person=person,
                unit=units[unit_key],
                role=Role.LEDER if "leder" in title.lower() or "chef" in title.lower() else Role.MEDARBEJDER,
                job_title=title,
                is_primary=True,
            )
            if expertise:
                person.expertise.add(*items(expertise))
            people[key] = person
            directory.add("person", key, person.pk)
            directory.people.append(PersonRecord(key, first, last, title))
        tracks = {track.slug: track for track in Track.objects.all()}
        for key, title, owner, status, track, topics, summary, challenge, approach, learnings, contacts in rows(
            municipality.TRYOUTS, 11
        ):
            tryout = Tryout.objects.create(
                title=title,
                owner_unit=units[owner],
                status=status if status != "idé" else "ide",
                track=tracks.get(track),
                summary=summary,
                challenge=challenge,
                approach=approach,
                learnings=learnings,
                started_on=timezone.localdate() - timedelta(days=90) if status != "idé" else None,
                ended_on=timezone.localdate() - timedelta(days=10) if status in ("afsluttet", "stoppet") else None,
            )
            if topics:
                tryout.tags.add(*items(topics))
            if contacts:
                tryout.contacts.add(*(people[contact] for contact in items(contacts)))
            directory.add("tryout", key, tryout.pk)
    call_command("rebuild_search_index", stdout=StringIO())
    return directory
