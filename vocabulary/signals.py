"""The try-out tracks (tryouts.Track) as the focus areas of the first strategy.

Tracks stay what try-outs point at and what admins manage; each track has a focus area in the
strategy "Strategiske spor" (made by migration 0002 for the tracks that existed then), kept in
step here when a track is added or renamed.
"""

from django.db.models.signals import post_save

from core.text import danish_slugify
from tryouts.models import Track
from vocabulary.models import FocusArea, Strategy

# Data, not UI text: the strategy's name as stored (an administrator may rename it).
TRACKS_STRATEGY = {
    "slug": "spor",
    "name": "Strategiske spor",
    "description": "Kommunens strategiske spor. Prøvehandlinger på et spor hører til sporets fokusområde.",
}


def tracks_strategy():
    strategy, _created = Strategy.objects.get_or_create(
        slug=TRACKS_STRATEGY["slug"],
        defaults={"name": TRACKS_STRATEGY["name"], "description": TRACKS_STRATEGY["description"]},
    )
    return strategy


def track_saved(sender, instance, raw=False, **kwargs):
    """A new track gets its focus area; a renamed track's focus area follows its name."""
    if raw:
        return
    area = FocusArea.objects.filter(track=instance).first()
    if area is None:
        strategy = tracks_strategy()
        slug, number = danish_slugify(instance.slug or instance.name)[:100] or "spor", 1
        while FocusArea.objects.filter(strategy=strategy, slug=slug).exists():
            number += 1
            slug = f"{danish_slugify(instance.name)[:90]}-{number}"
        FocusArea.objects.create(
            strategy=strategy,
            track=instance,
            title=instance.name,
            slug=slug,
            text=instance.description,
            position=instance.position,
        )
        return
    changed = area.title != instance.name or (not area.text and instance.description)
    if changed:
        area.title = instance.name
        area.text = area.text or instance.description
        area.save()


def connect_signals():
    post_save.connect(track_saved, sender=Track, dispatch_uid="vocabulary-track-focus-area")
