"""People deactivated in admin before leaving set `deactivated_at` had no date, so anonymise_leavers
never found them, and their users stayed active. Their clock starts now; their logins end."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def start_the_clock(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    leavers = Person.objects.filter(is_active=False, anonymised_at__isnull=True)
    leavers.filter(deactivated_at__isnull=True).update(deactivated_at=timezone.now())
    User.objects.filter(is_active=True, pk__in=leavers.filter(user__isnull=False).values("user_id")).update(
        is_active=False
    )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_import_jobs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(start_the_clock, migrations.RunPython.noop)]
