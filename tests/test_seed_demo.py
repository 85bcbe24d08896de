"""`manage.py seed_demo`: a deterministic, realistic demo organisation, bulk inserted."""

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Q
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from core.text import danish_sort_key
from demo import demo_data
from demo.management.commands.seed_demo import TRACK_SLUGS
from demo.vocabulary_demo import DRIFT
from people.models import Membership, Person, Role
from tests.factories import PersonFactory, UnitFactory
from tryouts.models import PartnerKind, Status, Tryout
from units.models import Collaboration, Unit, UnitKind, UnitTask

SMALL = 0.1  # ≈80 people, 27 units, 12 try-outs: every feature, a fraction of a second


@pytest.fixture(autouse=True)
def debug_on(settings):
    """seed_demo refuses to run with DEBUG off, which is how pytest-django runs tests."""
    settings.DEBUG = True


def seed(**options):
    """Run seed_demo small; the search index (tested once below) only when asked for."""
    out = StringIO()
    options.setdefault("scale", SMALL)
    options.setdefault("search_index", False)
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    return seed()


def snapshot():
    return {
        "units": list(Unit.objects.order_by("pk").values_list("name", "slug", "kind", "parent__name")),
        "people": list(Person.objects.order_by("pk").values_list("first_name", "last_name", "email", "title")),
        "tryouts": list(Tryout.objects.order_by("pk").values_list("title", "slug", "status", "owner_unit__name")),
        "expertise": sorted(
            TaggedItem.objects.filter(content_type__model="person").values_list("tag__name", flat=True)
        ),
    }


def test_seeds_a_small_organisation_and_prints_a_summary(seeded):
    assert Unit.objects.filter(kind=UnitKind.KOMMUNE).get().name == "Faxe Kommune"
    assert set(Unit.objects.values_list("kind", flat=True)) == set(UnitKind.values)
    assert Unit.objects.filter(name="Center for Familie, Social & Beskæftigelse", kind=UnitKind.CENTER).exists()
    assert Unit.objects.filter(name="Jobcenter Faxe", kind=UnitKind.AFDELING).exists()
    assert Person.objects.count() >= 80
    assert UnitTask.objects.exists() and Collaboration.objects.exists() and Tryout.objects.count() >= 12
    assert "Demo logins" in seeded and 'password "demo"' in seeded
    for username in ("admin", "leder", "medarbejder"):
        assert re.search(rf"^\s+{username}\s", seeded, re.MULTILINE)
    assert re.search(r"people\s+\d+/\d+\s+\[#+\]", seeded)  # the progress bar's final line


def test_demo_logins_authenticate_and_are_who_they_say(seeded):
    users = {name: authenticate(username=name, password="demo") for name in ("admin", "leder", "medarbejder")}
    assert all(users.values()), users
    assert users["admin"].is_staff and users["admin"].is_superuser

    leader = users["leder"].person
    membership = leader.memberships.get(is_primary=True)
    assert membership.role == Role.LEDER and membership.unit.name == "Team Ungeindsats"
    assert leader.about and leader.ask_me_about and leader.phone and leader.expertise.count() >= 3
    unit = membership.unit
    assert unit.tasks.current().count() >= 2
    assert unit.owned_tryouts.count() >= 3 and unit.owned_tryouts.filter(contacts=leader).exists()

    employee = users["medarbejder"].person.memberships.get(is_primary=True)
    assert employee.role == Role.MEDARBEJDER and employee.unit.centre_id == unit.centre_id
    assert not users["medarbejder"].is_staff


def test_same_seed_gives_the_same_organisation(db):
    seed()
    first = snapshot()
    seed(reset=True)
    assert snapshot() == first
    seed(reset=True, seed=7)
    assert snapshot()["people"] != first["people"]


def test_refuses_a_database_that_already_has_units_or_people(db):
    UnitFactory(name="Rigtig enhed")
    with pytest.raises(CommandError, match="--reset"):
        seed()
    Unit.objects.all().delete()
    PersonFactory()
    with pytest.raises(CommandError, match="not empty"):
        seed()


def test_reset_replaces_existing_directory_data(db):
    UnitFactory(name="Gammel enhed", tags=["gammelt emne"])
    PersonFactory(first_name="Gammel", last_name="Person")
    seed(reset=True)
    assert not Unit.objects.filter(name="Gammel enhed").exists()
    assert not Person.objects.filter(first_name="Gammel").exists()
    assert not Tag.objects.filter(name="gammelt emne").exists()
    assert get_user_model().objects.filter(username__in=["admin", "leder", "medarbejder"]).count() == 3


def test_if_empty_leaves_existing_data_alone(seeded):
    before = snapshot()
    out = seed(if_empty=True, scale=1)
    assert "nothing seeded" in out
    assert snapshot() == before


def test_if_empty_seeds_an_empty_database(db):
    seed(if_empty=True)
    assert Unit.objects.exists()


def test_refuses_with_debug_off_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        seed()
    assert not Unit.objects.exists()
    seed(force=True)
    assert Unit.objects.exists()


@pytest.mark.parametrize("scale", [0, -1, 5000])
def test_refuses_a_nonsensical_scale(db, scale):
    with pytest.raises(CommandError, match="--scale"):
        seed(scale=scale)


def test_tree_centres_and_sort_keys_are_what_save_would_store(seeded):
    units = {unit.pk: unit for unit in Unit.objects.all()}
    roots = [unit for unit in units.values() if unit.parent_id is None]
    assert [root.kind for root in roots] == [UnitKind.KOMMUNE]
    for unit in units.values():
        node = unit
        while node is not None and node.kind != UnitKind.CENTER:
            node = units.get(node.parent_id)
        assert unit.centre_id == (node.pk if node else None), unit
        assert unit.sort_key == danish_sort_key(unit.name)
        assert len(unit.ancestors()) <= 6
    assert all(person.sort_key == person.compute_sort_key() for person in Person.objects.all())

    team = Unit.objects.filter(kind=UnitKind.TEAM).first()
    saved = Unit.objects.create(name="Ny enhed", kind=UnitKind.TEAM, parent=team)
    saved.refresh_from_db()
    assert saved.centre_id == team.centre_id


def test_every_unit_has_one_or_two_leaders_and_every_person_one_primary_unit(seeded):
    leaders = Unit.objects.annotate(n=Count("memberships", filter=Q(memberships__role=Role.LEDER)))
    assert sorted(set(leaders.values_list("n", flat=True))) in ([1], [1, 2])
    primaries = Person.objects.annotate(n=Count("memberships", filter=Q(memberships__is_primary=True)))
    assert set(primaries.values_list("n", flat=True)) == {1}
    assert Membership.objects.filter(is_primary=False).exists()


def test_tryouts_cover_every_status_and_track_with_consistent_dates(seeded):
    assert set(Tryout.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Tryout.objects.values_list("track__slug", flat=True)) >= set(TRACK_SLUGS)
    today = timezone.localdate()
    for tryout in Tryout.objects.all():
        if tryout.status == Status.IDE:
            assert tryout.started_on is None and tryout.ended_on is None
        elif tryout.status == Status.I_GANG:
            assert tryout.started_on <= today and tryout.ended_on is None
        else:
            assert tryout.started_on <= tryout.ended_on <= today
        assert tryout.summary and tryout.challenge and tryout.approach and tryout.contacts.exists()
    assert PartnerKind.objects.filter(tryouts__isnull=False).exists()


def test_tasks_and_collaborations(db):
    seed(scale=0.5)
    today = timezone.localdate()
    assert UnitTask.objects.filter(ends_on__isnull=True, starts_on__lte=today).exists()
    assert UnitTask.objects.filter(ends_on__lt=today).exists()
    assert UnitTask.objects.filter(starts_on__gt=today).exists()
    for task in UnitTask.objects.exclude(contact=None).select_related("contact"):
        assert task.contact.memberships.filter(unit_id=task.unit_id).exists()
    assert Collaboration.objects.exclude(from_unit__centre=F("to_unit__centre")).exists()  # across centres


def test_slugs_and_emails_are_unique(seeded):
    slug = re.compile(r"^[-a-z0-9_]+$")  # what the <slug:...> URL converter accepts
    for model in (Unit, Tryout, Tag):
        slugs = list(model.objects.values_list("slug", flat=True))
        assert len(slugs) == len(set(slugs)) and all(slug.match(s) for s in slugs), model
    emails = list(Person.objects.values_list("email", flat=True))
    assert len(emails) == len(set(emails)) and all(e.endswith("@faxekommune.dk") for e in emails)


def test_topics_come_from_the_vocabulary(seeded):
    names = set(Tag.objects.values_list("name", flat=True))
    drifted = {variant for variant, _topic, _uses in DRIFT}  # other spellings, for the merge review
    assert set(demo_data.TOPICS) <= names <= set(demo_data.TOPICS) | drifted
    expertise = Person.objects.annotate(n=Count("expertise"))
    assert set(expertise.values_list("n", flat=True)) <= {1, 2, 3, 4, 5}
    team = Unit.objects.get(name="Team Ungeindsats")
    topics = list(team.tags.names())
    assert len(topics) >= 2 and Unit.objects.filter(tags__name=topics[0], pk=team.pk).exists()
    assert Person.objects.filter(is_active=False).count() < Person.objects.count() / 10


def test_some_visitkort_are_stale_and_some_fresh(db):
    seed(scale=0.5)
    units = list(Unit.objects.exclude(last_confirmed_at=None))
    assert any(unit.is_stale for unit in units) and any(not unit.is_stale for unit in units)
    assert len({unit.updated_at for unit in units}) > len(units) / 2


def test_search_index_is_rebuilt_after_seeding_and_after_a_reset(db):
    search = pytest.importorskip("search.models")
    entries = search.SearchEntry.objects
    seed(search_index=True)
    assert entries.filter(kind="unit").count() == Unit.objects.count()
    assert entries.filter(kind="tryout").count() == Tryout.objects.count()
    seed(search_index=True, reset=True, seed=7)
    assert entries.filter(kind="unit").count() == Unit.objects.count()
    assert not entries.filter(kind="person").exclude(object_id__in=Person.objects.values("pk")).exists()


def test_vocabulary_is_consistent(db):
    assert len({topic.lower() for topic in demo_data.TOPICS}) == len(demo_data.TOPICS)
    assert len({Tag().slugify(topic) for topic in demo_data.TOPICS}) == len(demo_data.TOPICS)
    topics = set(demo_data.TOPICS)
    for key, profile in demo_data.PROFILES.items():
        assert set(profile.tags) <= topics, key
    partner_kinds = set(PartnerKind.objects.values_list("name", flat=True))
    ideas = [idea for ideas in demo_data.TRYOUT_IDEAS.values() for idea in ideas] + demo_data.GENERAL_IDEAS
    for idea in ideas:
        assert set(idea.tags) <= topics and idea.track in TRACK_SLUGS and set(idea.partner_kinds) <= partner_kinds
    assert {kind for _text, kind in demo_data.PARTNER_TEXTS} <= partner_kinds
    for centre in demo_data.CENTRES:
        profiles = [profile for _name, profile, _teams in centre["afdelinger"] + centre["institutions"]]
        assert set(profiles) <= set(demo_data.PROFILES), centre["name"]
