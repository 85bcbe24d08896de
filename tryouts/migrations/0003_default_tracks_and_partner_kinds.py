"""The municipality's three strategic tracks and the usual kinds of outside partners.

Both stay editable in admin; this only gives a fresh installation a useful start.
"""

from django.db import migrations

TRACKS = [
    ("Arbejdspladskulturen", "arbejdspladskulturen", "Tillid, stolthed og fællesskab på arbejdspladsen."),
    ("Borgerperspektivet", "borgerperspektivet", "Borgeres og virksomheders oplevelse af mødet med kommunen."),
    ("Styring", "styring", "Mål, rammer og strukturer der understøtter ledelse."),
]
PARTNER_KINDS = [
    "Borgere",
    "Pårørende",
    "Virksomheder",
    "Foreninger",
    "Frivillige",
    "Andre kommuner",
    "Regionen",
    "Uddannelsesinstitutioner",
]


def create(apps, schema_editor):
    Track = apps.get_model("tryouts", "Track")
    PartnerKind = apps.get_model("tryouts", "PartnerKind")
    for position, (name, slug, description) in enumerate(TRACKS):
        Track.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
    for position, name in enumerate(PARTNER_KINDS):
        PartnerKind.objects.get_or_create(name=name, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("tryouts", "0002_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
