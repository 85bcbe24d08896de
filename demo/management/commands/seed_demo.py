"""`manage.py seed_demo`: a deterministic, realistic demo organisation for Faxe Kommune.

Everything is planned in Python first and then written in bulk (demo/bulk_load.py: `bulk_create`
on SQLite, COPY on PostgreSQL), so that 50,000 people take well under a minute. That skips
`Model.save()`: the slugs, sort
keys and the denormalised `Unit.centre` are therefore computed here, the same way `save()` would.
"""

import random
import time
from bisect import bisect
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from io import StringIO
from itertools import accumulate

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from faker import Faker
from taggit.models import Tag, TaggedItem

from core.progress import ProgressBar
from core.text import danish_slugify, danish_sort_key
from demo import demo_data as data
from demo.bulk_load import insert, insert_rows
from demo.vocabulary_demo import delete_vocabulary_data, seed_vocabulary
from people.models import Membership, Person, Role
from search.index import suspended as index_suspended
from tryouts.models import PartnerKind, Status, Track, Tryout
from units.models import Collaboration, Suggestion, Unit, UnitEditor, UnitKind, UnitTask

DEFAULT_SEED = 2017
BASE_UNITS, BASE_PEOPLE, BASE_TRYOUTS = 80, 800, 120
DEMO_PASSWORD = "demo"
DEMO_USERNAMES = ("admin", "leder", "medarbejder")
TRACK_SLUGS = ("arbejdspladskulturen", "borgerperspektivet", "styring")
STATUSES = (Status.IDE, Status.I_GANG, Status.AFSLUTTET, Status.STOPPET)
TRYOUT_THROUGH_MODELS = (Tryout.units.through, Tryout.contacts.through, Tryout.partner_kinds.through)
# How many ordinary employees a unit of each kind gets, relatively.
STAFF_WEIGHT = {"kommune": 0, "direktion": 0.2, "center": 0.8, "afdeling": 2.5, "institution": 6, "team": 5}
SECOND_LEADER = {"kommune": 0, "direktion": 1, "center": 0.3, "afdeling": 0.3, "institution": 0.5, "team": 0.1}
TASK_CHANCE = {"kommune": 0, "direktion": 0.5, "center": 0.8, "afdeling": 0.7, "institution": 0.7, "team": 0.55}
TRYOUT_WEIGHT = {"kommune": 0, "direktion": 0.5, "center": 1, "afdeling": 3, "institution": 4, "team": 4}
VISIT_CHANCE = {"kommune": 0, "direktion": 0, "center": 0.2, "afdeling": 0.2, "institution": 0.3, "team": 0.1}
MOBILE_PREFIXES = ["20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "40", "41", "42"]
MOBILE_PREFIXES += ["50", "51", "52", "53", "60", "61", "71", "81", "91", "93"]
ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})


@dataclass(eq=False)
class PlannedUnit:
    name: str
    kind: str
    profile: str
    parent: "PlannedUnit | None"
    centre: "PlannedUnit | None"
    place: str
    address: str
    team_names: list = field(default_factory=list)
    people: list = field(default_factory=list)  # PlannedPerson with this as primary unit
    size: int = 0  # people in the unit and everything below it
    tags: list = field(default_factory=list)
    obj: Unit | None = None

    @property
    def depth(self):
        return 0 if self.parent is None else self.parent.depth + 1


@dataclass(eq=False)
class PlannedPerson:
    obj: Person
    unit: PlannedUnit
    role: str
    tags: list


def analyse_tables():
    """Fresh planner statistics after a bulk load (PostgreSQL would otherwise plan with the
    numbers of an empty database until autovacuum comes by)."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class Command(BaseCommand):
    help = (
        "Fill an empty database with a realistic, deterministic demo of Faxe Kommune: units with visitkort, "
        "people, current tasks, collaborations, try-outs, topics and three demo logins (password 'demo')."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiply the default size (≈800 people, 80 units, 120 try-outs); 62.5 gives ≈50,000 people.",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Random seed (same seed, same data).")
        parser.add_argument(
            "--reset", action="store_true", help="Delete units, people, try-outs, topics and demo users first."
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing (and succeed) if directory data already exists."
        )
        parser.add_argument("--force", action="store_true", help="Run even though settings.DEBUG is off.")
        parser.add_argument(
            "--no-search-index",
            action="store_false",
            dest="search_index",
            help="Skip rebuilding the search index afterwards (then run rebuild_search_index yourself).",
        )

    def handle(self, *args, scale, seed, reset, if_empty, force, search_index=True, **options):
        if not 0 < scale <= 1000:
            raise CommandError("--scale must be a number above 0 and at most 1000.")
        if reset and if_empty:
            raise CommandError("--reset and --if-empty cannot be used together.")
        if not settings.DEBUG and not force:
            raise CommandError(
                "settings.DEBUG is off, so this looks like a production database. seed_demo fills it with "
                "made-up people; pass --force if you really mean it."
            )
        started = time.monotonic()
        units, people = Unit.objects.count(), Person.objects.count()
        if (units or people) and if_empty:
            self.stdout.write(f"The directory already has data ({units} units, {people} people); nothing seeded.")
            return
        if (units or people) and not reset:
            raise CommandError(
                f"The database is not empty ({units} units, {people} people). Use --reset to delete the directory "
                "data (units, people, try-outs, topics, demo users) and seed again, or --if-empty to skip quietly."
            )
        verbosity = options.get("verbosity", 1)
        # Deleting and saving topics and the like would reindex their objects one by one; one
        # rebuild at the end indexes everything at once (without it, run rebuild_search_index).
        with transaction.atomic(), index_suspended():
            if reset:
                delete_directory_data()
            builder = DemoBuilder(seed, scale, ProgressBar(self.stdout, enabled=verbosity > 0))
            builder.build()
            builder.vocabulary_lines = seed_vocabulary(builder, builder.progress)
        analyse_tables()  # before the rebuild, which reads the new rows with these statistics
        seeded = time.monotonic()
        if search_index:
            # bulk_create sends no signals: the search index learns about the new rows this way.
            # After the data is committed: outside a transaction the rebuild builds its batches
            # in other processes, each on its own connection (search/builders.py), which see
            # only committed rows.
            out = self.stdout if verbosity > 0 else StringIO()
            call_command("rebuild_search_index", stdout=out, verbosity=verbosity)
        if verbosity > 0:
            timing = f"{seeded - started:.1f} s"
            if search_index:
                timing += f" + {time.monotonic() - seeded:.1f} s for the search index"
            else:
                timing += " (search index not rebuilt: run rebuild_search_index)"
            self.print_summary(builder, seed, scale, timing)

    def print_summary(self, builder, seed, scale, timing):
        inactive = Person.objects.filter(is_active=False).count()
        statuses = {status.value: Tryout.objects.filter(status=status).count() for status in Status}
        lines = [
            "",
            self.style.SUCCESS(f"Seeded the {data.MUNICIPALITY} demo (seed {seed}, scale {scale:g}) in {timing}:"),
            f"  units           {Unit.objects.count():>7}",
            f"  people          {Person.objects.count():>7}  ({inactive} inactive)",
            f"  memberships     {Membership.objects.count():>7}",
            f"  current tasks   {UnitTask.objects.count():>7}",
            f"  collaborations  {Collaboration.objects.count():>7}",
            f"  try-outs        {Tryout.objects.count():>7}  ("
            + ", ".join(f"{count} {status}" for status, count in statuses.items())
            + ")",
            f"  topics          {Tag.objects.count():>7}  ({TaggedItem.objects.count()} taggings)",
            *builder.vocabulary_lines,
            "",
            f'Demo logins (password "{DEMO_PASSWORD}"):',
        ]
        for username, description in builder.login_descriptions:
            lines.append(f"  {username:<12} {description}")
        self.stdout.write("\n".join(lines))


def delete_directory_data():
    """Delete units, people, try-outs, topics and the demo users (the parts seed_demo creates).

    The big tables are emptied with one DELETE each: Django's deletion would send a signal per row
    (the search index listens), which at 50,000 people takes many minutes. Everything that points
    at those rows is deleted first; the search index is rebuilt after seeding.
    """
    delete_vocabulary_data()
    content_types = ContentType.objects.get_for_models(Unit, UnitTask, Person, Tryout).values()
    TaggedItem.objects.filter(content_type__in=content_types).delete()
    for model in (Suggestion, UnitEditor, Collaboration, *TRYOUT_THROUGH_MODELS):
        model.objects.all().delete()
    with connection.cursor() as cursor:
        for model in (Tryout, UnitTask, Membership, Person, Unit):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    Tag.objects.all().delete()
    get_user_model().objects.filter(username__in=DEMO_USERNAMES).delete()


@contextmanager
def explicit_timestamps(*models):
    """Let bulk_create keep the created_at/updated_at we set instead of stamping "now" on every row."""
    fields = [f for model in models for f in model._meta.concrete_fields if getattr(f, "auto_now_add", False)]
    fields += [f for model in models for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def lower_title(title):
    """A job title inside a sentence: pædagog, but SOSU-assistent and IT-supporter keep their capitals."""
    return title if len(title) > 1 and title[1].isupper() else title[:1].lower() + title[1:]


class DemoBuilder:
    """Plans the whole organisation with one seeded random generator, then bulk inserts it."""

    def __init__(self, seed, scale, progress):
        self.rng = random.Random(seed)
        self.fake = Faker("da_DK")
        self.fake.seed_instance(seed)
        self.progress = progress
        self.n_units = max(round(BASE_UNITS * scale), 2 + 3 * len(data.CENTRES))
        self.n_people = max(round(BASE_PEOPLE * scale), 2 * self.n_units)
        self.n_tryouts = max(round(BASE_TRYOUTS * scale), 12)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.tz = timezone.get_current_timezone()
        self.units, self.people = [], []
        self.unit_names, self.unit_slugs, self.emails = set(), set(), set()
        self.tagged = []  # (content type, saved object, tag names), inserted last
        self.login_descriptions = []
        self.places = [name for name, _code, _weight in data.PLACES]
        self.place_cum = list(accumulate(weight for _name, _code, weight in data.PLACES))
        self.postcodes = {name: code for name, code, _weight in data.PLACES}
        self.title_choices = {
            key: ([title for title, _w in p.titles], list(accumulate(w for _t, w in p.titles)))
            for key, p in data.PROFILES.items()
        }

    # Small random helpers -------------------------------------------------------------------

    def chance(self, probability):
        return self.rng.random() < probability

    def some(self, items, low, high):
        """Between low and high distinct items, in a random order."""
        return self.rng.sample(items, min(len(items), self.rng.randint(low, high)))

    def place(self):
        return self.places[bisect(self.place_cum, self.rng.random() * self.place_cum[-1])]

    def street_address(self, place):
        return f"{self.rng.choice(data.STREETS)} {self.rng.randint(1, 120)}, {self.postcodes[place]} {place}"

    def landline(self):
        return f"56 20 {self.rng.randint(10, 99)} {self.rng.randint(10, 99)}"

    def mobile(self):
        pairs = " ".join(f"{self.rng.randint(0, 99):02d}" for _ in range(3))
        return f"{self.rng.choice(MOBILE_PREFIXES)} {pairs}"

    def days_ago(self, low, high):
        return self.now - timedelta(days=self.rng.randint(low, high), seconds=self.rng.randint(0, 86399))

    def confirmed_at(self):
        """Mostly recent, with a long tail back two years: about a third is older than 12 months."""
        return self.now - timedelta(days=int(self.rng.random() ** 1.6 * 730), seconds=self.rng.randint(0, 86399))

    def at(self, day, hour=None):
        hour = self.rng.randint(8, 15) if hour is None else hour
        return min(datetime.combine(day, datetime.min.time(), tzinfo=self.tz) + timedelta(hours=hour), self.now)

    # The whole run -------------------------------------------------------------------------

    def build(self):
        self.tags = self.create_tags()
        self.plan_units()
        self.plan_people()
        self.create_users()
        self.insert_units()
        self.insert_people()
        self.create_tasks()
        self.create_collaborations()
        self.create_tryouts()
        self.insert_tagged_items()

    def bulk(self, label, model, objects):
        insert(model, objects, progress=lambda done, total: self.progress(label, done, total))
        if not objects:
            self.progress(label, 0, 0)
        if objects and objects[0].pk is None:
            raise CommandError("This database cannot return ids from bulk inserts; seed_demo needs that.")
        return objects

    def create_tags(self):
        # Tag.slugify is what Tag.save() would use (the project installs a Danish-aware one).
        tags = [Tag(name=name, slug=Tag().slugify(name)) for name in data.TOPICS]
        return {tag.name: tag for tag in self.bulk("topics", Tag, tags)}

    def tag_later(self, content_type, obj, names):
        if names:
            self.tagged.append((content_type, obj, names))

    # Units -----------------------------------------------------------------------------------

    def add_unit(self, name, kind, profile, parent, place, address):
        centre = parent.centre if parent is not None else None
        unit = PlannedUnit(name, kind, profile, parent, centre, place, address)
        if kind == UnitKind.CENTER:
            unit.centre = unit
        self.units.append(unit)
        self.unit_names.add(name)
        return unit

    def plan_units(self):
        kommune = self.add_unit(data.MUNICIPALITY, UnitKind.KOMMUNE, "ledelse", None, "Haslev", data.TOWN_HALL_HASLEV)
        direktion = self.add_unit(
            "Direktionen", UnitKind.DIREKTION, "ledelse", kommune, "Haslev", data.TOWN_HALL_HASLEV
        )
        centres = []
        for number, spec in enumerate(data.CENTRES):
            place, address = ("Haslev", data.TOWN_HALL_HASLEV) if number % 2 == 0 else ("Faxe", data.TOWN_HALL_FAXE)
            centres.append(self.add_unit(spec["name"], UnitKind.CENTER, "ledelse", direktion, place, address))
        budget = self.n_units - len(self.units)
        weights = [spec["weight"] for spec in data.CENTRES]
        shares = [max(2, round(budget * weight / sum(weights))) for weight in weights]
        first_teams = [
            self.plan_centre(centre, spec, share)
            for centre, spec, share in zip(centres, data.CENTRES, shares, strict=True)
        ]
        self.demo_unit = first_teams[0]  # Team Ungeindsats in Jobcenter Faxe
        self.by_centre = {}
        for unit in self.units:
            if unit.centre is not None:
                self.by_centre.setdefault(unit.centre.name, []).append(unit)

    def plan_centre(self, centre, spec, budget):
        afdelinger = list(spec["afdelinger"])
        streams = [
            (template, profile, teams, self.institution_names(template))
            for template, profile, teams in spec["institutions"]
        ]
        holders = []  # afdelinger and institutions that can have teams

        def add_afdeling():
            name, profile, teams = afdelinger.pop(0)
            unit = self.add_unit(name, UnitKind.AFDELING, profile, centre, centre.place, centre.address)
            unit.team_names = list(teams)
            holders.append(unit)

        def add_institution():
            template, profile, teams, names = self.rng.choice(streams)
            name, place = next(names)
            unit = self.add_unit(name, UnitKind.INSTITUTION, profile, centre, place, self.street_address(place))
            unit.team_names = [f"{team}, {name}" for team in teams]
            holders.append(unit)

        def add_team():
            open_holders = [holder for holder in holders if holder.team_names]
            if open_holders:
                parent = self.rng.choice(open_holders)
                name = parent.team_names.pop(0)
            else:  # Every planned team exists: split one into districts.
                parent = self.rng.choice(holders)
                name = self.numbered(f"Team {self.rng.choice(data.DISTRICTS)}, {parent.name}")
            return self.add_unit(name, UnitKind.TEAM, parent.profile, parent, parent.place, parent.address)

        add_afdeling()
        first_team = add_team()
        for _ in range(budget - 2):
            roll = self.rng.random()
            if afdelinger and roll < 0.3:
                add_afdeling()
            elif streams and roll < 0.62:
                add_institution()
            else:
                add_team()
        return first_team

    def numbered(self, name):
        candidate, number = name, 1
        while candidate in self.unit_names:
            number += 1
            candidate = f"{name} {number}"
        return candidate

    def institution_names(self, template):
        """Endless (name, place) pairs for a template: every fill-in once, then by district, then numbered."""
        fills = {
            "place": self.places,
            "nature": data.NATURE_NAMES,
            "school": data.SCHOOL_NAMES,
            "care_home": data.CARE_HOME_NAMES,
        }
        key = next(key for key in fills if "{" + key + "}" in template)
        values = list(fills[key])
        self.rng.shuffle(values)
        pairs = [(template.format(**{key: value}), value if key == "place" else self.place()) for value in values]
        for suffix in ["", *(f", afd. {district}" for district in data.DISTRICTS)]:
            for name, place in pairs:
                if name + suffix not in self.unit_names:
                    yield name + suffix, place
        while True:
            name, place = self.rng.choice(pairs)
            yield self.numbered(name), place

    # People ----------------------------------------------------------------------------------

    def plan_people(self):
        slots = []  # (unit, role, leader number)
        for unit in self.units:
            leaders = 1 if unit is self.demo_unit else 1 + self.chance(SECOND_LEADER[unit.kind])
            slots += [(unit, Role.LEDER, number) for number in range(leaders)]
        slots.append((self.demo_unit, Role.MEDARBEJDER, None))
        staffed = [unit for unit in self.units if STAFF_WEIGHT[unit.kind]]
        cum = list(accumulate(STAFF_WEIGHT[unit.kind] for unit in staffed))
        staff = self.rng.choices(staffed, cum_weights=cum, k=max(0, self.n_people - len(slots)))
        slots += [(unit, Role.MEDARBEJDER, None) for unit in staff]

        self.emails.update({data.DEMO_LEADER["email"], data.DEMO_EMPLOYEE["email"]})
        for unit, role, number in slots:
            person = self.plan_person(unit, role, number)
            unit.people.append(person)
            self.people.append(person)
        self.demo_leader, self.demo_employee = self.demo_unit.people[0], self.demo_unit.people[1]
        for planned, fixed in ((self.demo_leader, data.DEMO_LEADER), (self.demo_employee, data.DEMO_EMPLOYEE)):
            for name, value in fixed.items():
                if name != "expertise":
                    setattr(planned.obj, name, value)
            planned.obj.sort_key = planned.obj.compute_sort_key()
            planned.obj.last_confirmed_at = planned.obj.updated_at = self.days_ago(3, 40)
            planned.obj.is_active = True
            planned.tags = list(fixed["expertise"])
        self.demo_employee.role = Role.MEDARBEJDER
        for unit in reversed(self.units):  # children come after their parents
            unit.size += len(unit.people)
            if unit.parent is not None:
                unit.parent.size += unit.size

    def plan_person(self, unit, role, leader_number):
        profile = data.PROFILES[unit.profile]
        first, last = self.fake.first_name(), self.fake.last_name()
        if self.chance(0.15):
            last = f"{self.fake.last_name()} {last}"
        if role == Role.LEDER:
            title = profile.leaders.get(unit.kind, data.DEFAULT_LEADERS[unit.kind])[leader_number]
        else:
            titles, cum = self.title_choices[unit.profile]
            title = self.rng.choices(titles, cum_weights=cum)[0]
            if unit.kind in (UnitKind.TEAM, UnitKind.AFDELING) and self.chance(0.03):
                role = Role.KOORDINATOR
        tags = self.some(profile.tags, 1, 5)
        if len(tags) < 5 and self.chance(0.2):
            extra = self.rng.choice(data.TOPICS)
            tags += [extra] if extra not in tags else []
        confirmed = None if self.chance(0.15) else self.confirmed_at()
        created = self.days_ago(400, 4000)
        if confirmed is not None:
            created = min(created, confirmed)
        words = {
            "title": lower_title(title),
            "unit": unit.name,
            "years": self.rng.randint(1, 30),
            "topic": tags[0],
            "previously": self.rng.choice(data.PREVIOUSLY),
            "place": self.place(),
        }
        about = ""
        if self.chance(0.7):
            sentences = [self.rng.choice(data.PERSON_ABOUT_OPENINGS), *self.some(data.PERSON_ABOUT, 0, 2)]
            about = " ".join(sentence.format(**words) for sentence in sentences)
        ask_me = ""
        if self.chance(0.6):
            topics = [*tags[:2], self.rng.choice(data.ASK_ME_EXTRAS)]
            ask_me = ", ".join(topics[:-1]) + " og " + topics[-1]
            ask_me = ask_me[:1].upper() + ask_me[1:]
        languages = ["Dansk", "engelsk"] + ([self.rng.choice(data.LANGUAGES)] if self.chance(0.25) else [])
        person = Person(
            first_name=first,
            last_name=last,
            title=title,
            email=self.email(first, last),
            phone=self.landline() if self.chance(0.7) else "",
            mobile=self.mobile() if self.chance(0.8) else "",
            location=self.location(unit),
            about=about,
            ask_me_about=ask_me,
            languages=", ".join(languages),
            is_active=role == Role.LEDER or not self.chance(0.015),
            last_confirmed_at=confirmed,
            created_at=created,
            updated_at=confirmed or created,
            sort_key=danish_sort_key(last, first),
        )
        return PlannedPerson(person, unit, role, tags)

    def location(self, unit):
        node = unit
        while node.parent is not None and node.kind != UnitKind.INSTITUTION:
            node = node.parent
        if node.kind == UnitKind.INSTITUTION:
            return f"{node.name}, {node.place}"
        return f"Rådhuset, {unit.place}"

    def email(self, first, last):
        first_part = "".join(c for c in first.lower().translate(ASCII) if c.isalpha())
        last_part = "".join(c for c in last.split()[-1].lower().translate(ASCII) if c.isalpha())
        candidates = [first_part[:2] + last_part[:2], first_part[:2] + last_part[:3], f"{first_part}.{last_part}"]
        number = 1
        while True:
            for candidate in candidates:
                address = f"{candidate}@{data.EMAIL_DOMAIN}"
                if address not in self.emails:
                    self.emails.add(address)
                    return address
            number += 1
            candidates = [f"{first_part}.{last_part}{number}"]

    def create_users(self):
        user_model = get_user_model()
        password = make_password(DEMO_PASSWORD)  # hashed once: the slow part of creating a user
        leader, employee = self.demo_leader.obj, self.demo_employee.obj
        specs = [
            ("admin", {"is_staff": True, "is_superuser": True, "email": f"admin@{data.EMAIL_DOMAIN}"}, None),
            ("leder", {"first_name": leader.first_name, "last_name": leader.last_name, "email": leader.email}, leader),
            (
                "medarbejder",
                {"first_name": employee.first_name, "last_name": employee.last_name, "email": employee.email},
                employee,
            ),
        ]
        for username, fields, person in specs:
            user = user_model.objects.filter(username=username).first()
            kept = user is not None
            if user is None:
                user = user_model.objects.create(username=username, password=password, **fields)
            if person is not None:
                person.user = user
            note = " (existing user kept, password unchanged)" if kept else ""
            if person is None:
                self.login_descriptions.append((username, f"administrator: staff and superuser, Django admin{note}"))
            else:
                unit = self.demo_unit
                what = "leader of" if person is leader else "employee in"
                self.login_descriptions.append(
                    (username, f"{person.first_name} {person.last_name}, {what} {unit.name} ({unit.parent.name}){note}")
                )

    # Inserting units and people --------------------------------------------------------------

    def insert_units(self):
        for unit in self.units:
            unit.obj = self.unit_object(unit)
        with explicit_timestamps(Unit):
            for depth in sorted({unit.depth for unit in self.units}):
                level = [unit.obj for unit in self.units if unit.depth == depth]
                self.bulk(f"units, level {depth}", Unit, level)
                if depth == 2:  # the centres: each one is its own centre
                    Unit.objects.filter(kind=UnitKind.CENTER).update(centre=F("pk"))
        unit_type = ContentType.objects.get_for_model(Unit)
        for unit in self.units:
            self.tag_later(unit_type, unit.obj, unit.tags)

    def unit_slug(self, name):
        base = danish_slugify(name)[:80] or "x"
        slug, number = base, 1
        while slug in self.unit_slugs:
            number += 1
            suffix = f"-{number}"
            slug = base[: 80 - len(suffix)] + suffix
        self.unit_slugs.add(slug)
        return slug

    def unit_object(self, unit):
        profile = data.PROFILES[unit.profile]
        demo = unit is self.demo_unit
        slug = self.unit_slug(unit.name)
        about, core_tasks, can_help_with, looking_for = self.visitkort(unit, profile)
        if not demo and self.chance(0.12):
            can_help_with = ""
        if not demo and self.chance(0.15):
            looking_for = ""
        unit.tags = self.some(profile.tags, 2, 6)
        confirmed = self.days_ago(5, 30) if demo else (None if self.chance(0.05) else self.confirmed_at())
        created = self.days_ago(700, 3000)
        if confirmed is not None:
            created = min(created, confirmed)
        has_own_contact = demo or unit.kind != UnitKind.TEAM or self.chance(0.4)
        website = ""
        if unit.kind in (UnitKind.KOMMUNE, UnitKind.DIREKTION):
            website = data.WEBSITE
        elif unit.kind in (UnitKind.INSTITUTION, UnitKind.CENTER) or (
            unit.kind == UnitKind.AFDELING and self.chance(0.5)
        ):
            website = f"{data.WEBSITE}/{slug}/"
        return Unit(
            name=unit.name,
            slug=slug,
            kind=unit.kind,
            parent=unit.parent.obj if unit.parent else None,
            centre=unit.centre.obj if unit.centre and unit.centre is not unit else None,
            about=about,
            core_tasks=core_tasks,
            can_help_with=can_help_with,
            looking_for=looking_for,
            email=f"{slug[:40].rstrip('-')}@{data.EMAIL_DOMAIN}" if has_own_contact else "",
            phone=(data.MAIN_PHONE if unit.depth < 2 else self.landline()) if has_own_contact else "",
            address=unit.address,
            website=website,
            opening_hours=profile.opening_hours if demo or unit.kind != UnitKind.TEAM or self.chance(0.3) else "",
            open_for_visits=demo or self.chance(VISIT_CHANCE[unit.kind]),
            last_confirmed_at=confirmed,
            created_at=created,
            updated_at=confirmed or created,
            sort_key=danish_sort_key(unit.name),
        )

    def visitkort(self, unit, profile):
        """The four visitkort texts, from the unit kind's intros and its profile's fragments."""
        if unit.kind == UnitKind.KOMMUNE:
            about = data.KOMMUNE_ABOUT
        elif unit.kind == UnitKind.DIREKTION:
            about = data.DIREKTION_ABOUT
        else:
            size = round(unit.size, -1) if unit.kind == UnitKind.CENTER else unit.size
            intros = [intro for intro in data.UNIT_INTROS[unit.kind] if size >= 3 or "{size}" not in intro]
            words = {
                "name": unit.name,
                "parent": unit.parent.name,
                "centre": unit.centre.name,
                "place": unit.place,
                "size": size,
            }
            sentences = [self.rng.choice(intros).format(**words)]
            if unit.kind == UnitKind.CENTER:
                sentences.append(next(spec["about"] for spec in data.CENTRES if spec["name"] == unit.name))
            else:
                sentences += self.some(profile.about, 1, 2)
            if self.chance(0.5):
                sentences.append(self.rng.choice(data.CULTURE_SENTENCES))
            about = " ".join(sentences)
        return (
            about,
            "\n".join(self.some(profile.core_tasks, 3, 5)),
            "\n".join(self.some(profile.can_help_with, 2, 3)),
            " ".join(self.some(profile.looking_for, 1, 2)),
        )

    def insert_people(self):
        with explicit_timestamps(Person):
            self.bulk("people", Person, [person.obj for person in self.people])
        person_type = ContentType.objects.get_for_model(Person)
        memberships = []
        for person in self.people:
            self.tag_later(person_type, person.obj, person.tags)
            memberships.append(
                Membership(
                    person=person.obj,
                    unit=person.unit.obj,
                    role=person.role,
                    job_title=person.obj.title,
                    is_primary=True,
                )
            )
            if person.role == Role.MEDARBEJDER and self.chance(0.08):
                centre = person.unit.centre
                pool = self.by_centre[centre.name] if centre and self.chance(0.7) else self.units
                other = self.rng.choice(pool)
                if other is not person.unit and other.kind not in (UnitKind.KOMMUNE, UnitKind.DIREKTION):
                    job_title = self.rng.choice(data.SECOND_MEMBERSHIP_TITLES).format(topic=person.tags[0])
                    role = Role.KOORDINATOR if job_title.startswith("Tovholder") else Role.MEDARBEJDER
                    memberships.append(
                        Membership(person=person.obj, unit=other.obj, role=role, job_title=job_title, is_primary=False)
                    )
        self.bulk("memberships", Membership, memberships)

    # Tasks, collaborations and try-outs ----------------------------------------------------------

    def contacts_in(self, unit, count):
        active = [person for person in unit.people if person.obj.is_active]
        return self.rng.sample(active, min(count, len(active)))

    def create_tasks(self):
        tasks = []
        for unit in self.units:
            demo = unit is self.demo_unit
            if not demo and not self.chance(TASK_CHANCE[unit.kind]):
                continue
            profile = data.PROFILES[unit.profile]
            pool = profile.tasks + data.GENERAL_TASKS
            for number, (title, description) in enumerate(self.some(pool, 3 if demo else 1, 3)):
                starts_on, ends_on = self.task_dates(current=demo and number < 2)
                contact = self.contacts_in(unit, 1) if self.chance(0.85) or demo else []
                task = UnitTask(
                    unit=unit.obj,
                    title=title,
                    description=description,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    contact=contact[0].obj if contact else None,
                )
                tasks.append((task, self.some(profile.tags, 1, 3)))
        self.bulk("current tasks", UnitTask, [task for task, _tags in tasks])
        task_type = ContentType.objects.get_for_model(UnitTask)
        for task, tags in tasks:
            self.tag_later(task_type, task, tags)

    def task_dates(self, current=False):
        roll = self.rng.random() * (0.65 if current else 1)
        today, days = self.today, timedelta
        if roll < 0.45:  # ongoing, no end date
            return today - days(self.rng.randint(14, 500)), None
        if roll < 0.65:  # current, with an end date ahead
            return today - days(self.rng.randint(14, 300)), today + days(self.rng.randint(14, 300))
        if roll < 0.88:  # ended
            ends_on = today - days(self.rng.randint(1, 400))
            return ends_on - days(self.rng.randint(30, 400)), ends_on
        starts_on = today + days(self.rng.randint(7, 120))  # starts later
        return starts_on, (starts_on + days(self.rng.randint(60, 365)) if self.chance(0.5) else None)

    def create_collaborations(self):
        pool = [unit for unit in self.units if unit.depth >= 2]
        firsts = [next((u for u in pool if u.profile == profile), None) for profile in ("skole", "familie", "kultur")]
        demo_partners = [unit for unit in firsts if unit is not None]
        wanted = round(len(self.units) * 1.1)
        pairs, collaborations = set(), []
        for attempt in range(wanted * 3):
            if len(collaborations) >= wanted:
                break
            if attempt < len(demo_partners):
                source, target = self.demo_unit, demo_partners[attempt]
            else:
                source = self.rng.choice(pool)
                target = self.rng.choice(self.by_centre[source.centre.name] if self.chance(0.55) else pool)
            if (source, target) in pairs or self.related(source, target):
                continue
            pairs.add((source, target))
            target_tags = data.PROFILES[target.profile].tags
            shared = [tag for tag in data.PROFILES[source.profile].tags if tag in target_tags]
            templates = [t for t in data.COLLABORATION_TEMPLATES if shared or "{topic}" not in t]
            description = self.rng.choice(templates).format(to=target.name, topic=self.rng.choice(shared or ["-"]))
            collaborations.append(Collaboration(from_unit=source.obj, to_unit=target.obj, description=description))
        self.bulk("collaborations", Collaboration, collaborations)

    @staticmethod
    def related(one, other):
        """The same unit, or one above the other in the tree (they work together anyway)."""
        for below, above in ((one, other), (other, one)):
            node = below
            while node is not None:
                if node is above:
                    return True
                node = node.parent
        return False

    def create_tryouts(self):
        tracks = {track.slug: track for track in Track.objects.filter(slug__in=TRACK_SLUGS)}
        missing = [slug for slug in TRACK_SLUGS if slug not in tracks]
        if missing:
            raise CommandError(f"Tracks missing (run migrate): {', '.join(missing)}")
        self.partner_kinds = {kind.name: kind for kind in PartnerKind.objects.all()}
        owners_pool = [unit for unit in self.units if TRYOUT_WEIGHT[unit.kind]]
        owners = self.rng.choices(
            owners_pool, cum_weights=list(accumulate(TRYOUT_WEIGHT[u.kind] for u in owners_pool)), k=self.n_tryouts
        )
        titles, slugs, planned = {}, set(), []
        for number in range(self.n_tryouts):
            owner = self.demo_unit if number < 3 else owners[number]
            if number < 12:  # every status on every track, whatever the scale
                status, track = STATUSES[number % 4], TRACK_SLUGS[number % 3]
            else:
                status = self.rng.choices(STATUSES, weights=[18, 37, 33, 12])[0]
                track = None if self.chance(0.08) else self.rng.choice(TRACK_SLUGS)
            idea = self.pick_idea(owner.profile, track)
            planned.append(self.plan_tryout(owner, status, tracks[track] if track else None, idea, titles, slugs))
        with explicit_timestamps(Tryout):
            self.bulk("try-outs", Tryout, [tryout for tryout, *_rest in planned])
        through_units, through_contacts, through_kinds = [], [], []
        tryout_type = ContentType.objects.get_for_model(Tryout)
        for tryout, units, contacts, kinds, tags in planned:
            through_units += [Tryout.units.through(tryout_id=tryout.pk, unit_id=u.obj.pk) for u in units]
            through_contacts += [Tryout.contacts.through(tryout_id=tryout.pk, person_id=p.obj.pk) for p in contacts]
            through_kinds += [
                Tryout.partner_kinds.through(tryout_id=tryout.pk, partnerkind_id=self.partner_kinds[name].pk)
                for name in kinds
                if name in self.partner_kinds
            ]
            self.tag_later(tryout_type, tryout, tags)
        self.bulk("try-out units", Tryout.units.through, through_units)
        self.bulk("try-out contacts", Tryout.contacts.through, through_contacts)
        self.bulk("try-out partners", Tryout.partner_kinds.through, through_kinds)

    def pick_idea(self, profile, track):
        own = [idea for idea in data.TRYOUT_IDEAS.get(profile, []) if track is None or idea.track == track]
        general = [idea for idea in data.GENERAL_IDEAS if track is None or idea.track == track]
        return self.rng.choice(own if own and self.chance(0.75) else general)

    def plan_tryout(self, owner, status, track, idea, titles, slugs):
        seen = titles.get(idea.title, 0)
        titles[idea.title] = seen + 1
        title = idea.title if not seen else f"{idea.title} – {owner.name}"
        base = danish_slugify(title)[:80] or "x"
        slug, number = base, 1
        while slug in slugs:
            number += 1
            slug = base[: 80 - len(f"-{number}")] + f"-{number}"
        slugs.add(slug)

        started_on = ended_on = None
        today, days = self.today, timedelta
        if status == Status.I_GANG:
            started_on = today - days(self.rng.randint(7, 400))
        elif status == Status.AFSLUTTET:
            started_on = today - days(self.rng.randint(90, 900))
            ended_on = min(today, started_on + days(self.rng.randint(30, 365)))
        elif status == Status.STOPPET:
            started_on = today - days(self.rng.randint(30, 900))
            ended_on = min(today, started_on + days(self.rng.randint(14, 200)))
        created = self.at(started_on - days(self.rng.randint(5, 60))) if started_on else self.days_ago(5, 400)
        if ended_on:
            updated = max(created, self.at(min(today, ended_on + days(self.rng.randint(0, 20)))))
        else:
            updated = max(created, self.days_ago(0, 120))

        words = {
            "unit": owner.name,
            "months": self.rng.choice([3, 6, 9, 12]),
            "count": self.rng.randint(8, 140),
            "pct": self.rng.randint(55, 92),
            "before": self.rng.randint(6, 14),
            "after": self.rng.randint(2, 5),
        }
        learnings = ""
        if status in (Status.AFSLUTTET, Status.STOPPET) or (status == Status.I_GANG and self.chance(0.5)):
            learnings = " ".join(self.some(data.LEARNINGS, 1 if status == Status.I_GANG else 2, 3))
        outcome = self.rng.choice(data.OUTCOMES[status]).format(**words) if status in data.OUTCOMES else ""
        partners, kinds = idea.partners, list(idea.partner_kinds)
        if not partners and self.chance(0.35):
            partners, kind = self.rng.choice(data.PARTNER_TEXTS)
            kinds += [kind] if kind not in kinds else []

        neighbours = self.by_centre[owner.centre.name] if owner.centre else self.units
        units = []
        for _ in range(self.rng.choice([0, 0, 1, 1, 2, 3])):
            other = self.rng.choice(neighbours if self.chance(0.6) else self.units)
            if other is not owner and other not in units and other.depth >= 2:
                units.append(other)
        contacts = self.contacts_in(owner, self.rng.randint(1, 3))
        if owner is self.demo_unit and self.demo_leader not in contacts:
            contacts.insert(0, self.demo_leader)
        if units and self.chance(0.3):
            contacts += [c for c in self.contacts_in(units[0], 1) if c not in contacts]
        tags = list(idea.tags)
        for tag in self.some(data.PROFILES[owner.profile].tags, 0, 2):
            if tag not in tags and len(tags) < 5:
                tags.append(tag)

        tryout = Tryout(
            title=title,
            slug=slug,
            summary=idea.summary,
            challenge=idea.challenge,
            approach=idea.approach,
            status=status,
            started_on=started_on,
            ended_on=ended_on,
            owner_unit=owner.obj,
            partners=partners.format(place=owner.place),
            track=track,
            learnings=learnings,
            outcome=outcome,
            next_steps=self.rng.choice(data.NEXT_STEPS[status]),
            created_at=created,
            updated_at=updated,
        )
        return tryout, units, contacts, kinds, tags

    def insert_tagged_items(self):
        rows = [
            (content_type.pk, obj.pk, self.tags[name].pk) for content_type, obj, names in self.tagged for name in names
        ]
        insert_rows(
            TaggedItem,
            ["content_type_id", "object_id", "tag_id"],
            rows,
            progress=lambda done, total: self.progress("taggings", done, total),
        )
