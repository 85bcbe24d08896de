"""Topics: the one tag vocabulary shared by people (expertise), units and try-outs."""

from collections import defaultdict

from django.db.models import Count, F
from taggit.models import Tag

from core.text import danish_sort_key
from people.models import Person
from tryouts.models import Tryout
from units.models import Unit


def topic_counts():
    """How many active people, units and try-outs carry each topic, keyed by tag id.

    Three grouped queries, whatever the number of topics.
    """
    counts = defaultdict(lambda: {"people": 0, "units": 0, "tryouts": 0})
    sources = [
        ("people", Person.objects.active(), "expertise"),
        ("units", Unit.objects.active(), "tags"),
        ("tryouts", Tryout.objects.all(), "tags"),
    ]
    for key, queryset, field in sources:
        rows = queryset.filter(**{f"{field}__isnull": False}).values(tag_id=F(f"{field}__id")).annotate(n=Count("pk"))
        for row in rows:
            counts[row["tag_id"]][key] = row["n"]
    return counts


def topics_with_counts():
    """All topics in use, alphabetically, each with .people, .units, .tryouts and .total."""
    counts = topic_counts()
    topics = []
    for tag in Tag.objects.filter(pk__in=list(counts)):
        tag.people, tag.units, tag.tryouts = (counts[tag.pk][k] for k in ("people", "units", "tryouts"))
        tag.total = tag.people + tag.units + tag.tryouts
        topics.append(tag)
    return sorted(topics, key=lambda tag: danish_sort_key(tag.name))


def popular_topics(limit=20):
    """The most used topics, most used first."""
    return sorted(topics_with_counts(), key=lambda tag: (-tag.total, tag.name))[:limit]
