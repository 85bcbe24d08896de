"""Nothing personal ever reaches the public feed: every field of every person, every field of the
units but the owner's name, and every field of a try-out that is not published carries a marker;
no format of the feed, nor the public page, shows any marker. Fields added to the models later
are marked too (the fields are read from the models), so a new field cannot slip out unnoticed."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.urls import reverse

from people.models import Membership, Person
from tests.factories import SuggestionFactory, UnitTaskFactory
from tryouts.models import Track, Tryout
from units.models import Unit

MARKER = "zqxmarker"
# What the feed publishes of a try-out (docs/open-data.md); everything else of it is marked.
PUBLISHED_TRYOUT_FIELDS = {"title", "summary", "challenge", "approach", "learnings", "status"}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def marked(name, field, pk):
    """A value for the field carrying the marker, awkward characters included."""
    if isinstance(field, models.EmailField):
        return f"{MARKER}.{name}.{pk}@example.dk"
    if isinstance(field, models.URLField):
        return f"https://example.dk/{MARKER}/{name}"
    if isinstance(field, models.SlugField):
        return f"{MARKER}-{name}-{pk}"
    value = f'{MARKER}-{name}-{pk} "æ" <b>&; ;\n+45 12 34 56 78'
    return value[: field.max_length] if field.max_length else value


def mark(obj, skip=()):
    for field in obj._meta.concrete_fields:
        if field.name in skip or field.primary_key or not field.editable and field.name != "sort_key":
            continue
        if isinstance(field, models.CharField | models.TextField) and not field.choices:
            setattr(obj, field.name, marked(field.name, field, obj.pk))
    obj.save()


@pytest.fixture
def everything_marked(org, employee, leader, other_centre_person):
    tryout = org.tryouts.owned
    for person in Person.objects.all():
        mark(person)
        person.expertise.add(f"{MARKER}-expertise-{person.pk}")
    for user in get_user_model().objects.all():
        mark(user, skip={"password"})
    for unit in Unit.objects.all():
        mark(unit, skip={"name"} if unit == tryout.owner_unit else ())
    for membership in Membership.objects.all():
        mark(membership)
    for track in Track.objects.all():
        mark(track)
    mark(tryout, skip=PUBLISHED_TRYOUT_FIELDS)
    tryout.units.add(org.team)
    tryout.contacts.add(leader.person, other_centre_person)
    UnitTaskFactory(unit=tryout.owner_unit, title=f"{MARKER} task", contact=employee.person)
    SuggestionFactory(target=tryout, author=employee, text=f"{MARKER} suggestion")
    tryout.shared = True
    tryout.save()
    assert Tryout.objects.get(pk=tryout.pk).partners.startswith(MARKER)
    return tryout


def public_texts(tryout):
    public = Client()
    urls = [
        reverse("opendata:feed_json"),
        reverse("opendata:feed_csv"),
        reverse("opendata:feed_atom"),
        reverse("opendata:index"),
        reverse("opendata:public_tryout", kwargs={"pk": tryout.pk}),
    ]
    texts = {}
    for url in urls:
        response = public.get(url)
        assert response.status_code == 200, url
        texts[url] = response.content.decode("utf-8-sig")
    return texts


def test_no_personal_field_reaches_any_format_of_the_feed(everything_marked):
    for url, text in public_texts(everything_marked).items():
        assert MARKER not in text.lower(), f"{url}: {text[text.lower().find(MARKER) - 80 :][:200]}"
        assert not EMAIL.findall(text), url
    feed = public_texts(everything_marked)[reverse("opendata:feed_json")]
    assert "Morgenmad med borgerne" in feed and "Hjemmeplejen Syd" in feed  # the published fields are there


def test_the_published_fields_are_exactly_the_documented_ones(everything_marked):
    item = Client().get(reverse("opendata:feed_json")).json()["items"][0]
    assert set(item) == {
        "id", "url", "title", "summary", "challenge", "approach", "learnings", "status", "status_label",
        "started_on", "ended_on", "partner_kinds", "topics", "unit", "municipality", "updated_at",
    }  # fmt: skip
