"""Files to download: a person's vCard, a unit's member list, "Hent mine data" and the whole
directory for staff."""

import json

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from people.exports import directory_data, members_csv, vcard
from people.gdpr import personal_data
from people.models import Person
from units.models import Unit


def attachment(content, content_type, filename):
    """A response the browser saves as `filename` instead of showing it."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_attachment(data, filename):
    content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return attachment(content.encode(), "application/json; charset=utf-8", filename)


@require_GET
def person_vcard(request, pk):
    """The person as a vCard 3.0 file for Outlook and phones."""
    person = get_object_or_404(Person.objects.active().with_units(), pk=pk)
    return attachment(vcard(person).encode(), "text/vcard; charset=utf-8", f"{person.pk}.vcf")


@require_GET
@never_cache
def my_data(request):
    """ "Hent mine data": everything stored about the signed-in user, as JSON."""
    today = timezone.localdate().isoformat()
    return json_attachment(personal_data(request.user), f"mine-data-{today}.json")


@require_GET
@never_cache
def directory_json(request):
    """The whole directory (active units and people) as JSON, for staff only."""
    if not request.user.is_staff:
        raise PermissionDenied
    today = timezone.localdate().isoformat()
    return json_attachment(directory_data(), f"faxe-directory-{today}.json")


@require_GET
def unit_members_csv(request, slug):
    """A unit's members as a CSV file Danish Excel opens directly (linked from the visitkort)."""
    unit = get_object_or_404(Unit.objects.active(), slug=slug)
    return attachment(members_csv(unit).encode(), "text/csv; charset=utf-8", f"{unit.slug}-medarbejdere.csv")
