"""Files to download from a visitkort."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from people.exports import members_csv as members_csv_text
from units.models import Unit


@require_GET
def members_csv(request, slug):
    """The unit's members as a CSV file Danish Excel opens directly."""
    unit = get_object_or_404(Unit.objects.active(), slug=slug)
    response = HttpResponse(members_csv_text(unit).encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{unit.slug}-medarbejdere.csv"'
    return response
