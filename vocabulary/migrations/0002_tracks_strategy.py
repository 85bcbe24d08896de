"""The try-out tracks (Arbejdspladskulturen, Borgerperspektivet, Styring in Faxe) become the focus
areas of the first strategy. The tracks stay as they are: try-outs keep pointing at them, and each
focus area points at its track (vocabulary/signals.py keeps new tracks in step)."""

from django.db import migrations

NAME = "Strategiske spor"
DESCRIPTION = "Kommunens strategiske spor. Prøvehandlinger på et spor hører til sporets fokusområde."


def tracks_to_focus_areas(apps, schema_editor):
    Track = apps.get_model("tryouts", "Track")
    Strategy = apps.get_model("vocabulary", "Strategy")
    FocusArea = apps.get_model("vocabulary", "FocusArea")
    tracks = list(Track.objects.order_by("position", "name"))
    if not tracks:
        return
    strategy, _created = Strategy.objects.get_or_create(
        slug="spor", defaults={"name": NAME, "description": DESCRIPTION, "is_current": True}
    )
    for track in tracks:
        if not FocusArea.objects.filter(track=track).exists():
            FocusArea.objects.create(
                strategy=strategy,
                track=track,
                title=track.name,
                slug=track.slug,
                text=track.description,
                position=track.position,
            )


def remove(apps, schema_editor):
    apps.get_model("vocabulary", "Strategy").objects.filter(slug="spor").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("vocabulary", "0001_initial"),
        ("tryouts", "0003_default_tracks_and_partner_kinds"),
    ]

    operations = [migrations.RunPython(tracks_to_focus_areas, remove)]
