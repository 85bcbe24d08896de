"""The organisation import in Django admin: upload files, read the dry-run report, confirm.

Checking and importing 50,000 people takes longer than a request may, so both run in the
background worker (people/import_jobs.py). The upload answers at once with the job's page, which
refreshes itself (a meta refresh: no script) until the report is there. Only the uploader sees
and confirms their job.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from people.import_jobs import (
    RUNNING,
    WAITING,
    Report,
    cancel_import,
    confirm_import,
    preview_expired,
    start_import,
)
from people.models import ImportJob

# Largest upload accepted: 50,000 people are about 6 MB of CSV.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# Seconds between refreshes of a job's page while the worker is busy with it.
REFRESH_SECONDS = 3
RECENT_JOBS = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class OrgImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"),
        help_text=_("A JSON file, or CSV files of units and/or people (docs/import-format.md)."),
    )
    deactivate_missing = forms.BooleanField(
        label=_("Deactivate people missing from the file"),
        required=False,
        help_text=_("Use only with a complete list of all employees. Nobody is deleted."),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        for upload in files:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is larger than 50 MB."), code="too_large", params={"name": upload.name}
                )
        return files


class OrgImportAdminMixin:
    """Adds "Import organisation" (upload → dry-run report → confirm → report) to a ModelAdmin's
    change list."""

    change_list_template = "admin/people/person/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        urls = [
            path("import/", view(self.import_view), name="people_person_import"),
            path("import/<int:job_id>/", view(self.import_job_view), name="people_person_import_job"),
            path(
                "import/<int:job_id>/confirm/",
                view(require_POST(self.import_confirm_view)),
                name="people_person_import_confirm",
            ),
            path(
                "import/<int:job_id>/cancel/",
                view(require_POST(self.import_cancel_view)),
                name="people_person_import_cancel",
            ),
        ]
        return urls + super().get_urls()

    def _context(self, request, **extra):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import organisation"),
            **extra,
        }

    def _job(self, request, job_id):
        return get_object_or_404(ImportJob, pk=job_id, created_by=request.user)

    def import_view(self, request):
        context = self._context(request)
        form = OrgImportForm(request.POST, request.FILES) if request.method == "POST" else OrgImportForm()
        if request.method == "POST" and form.is_valid():
            uploads = [(upload.name, upload.read()) for upload in form.cleaned_data["files"]]
            job = start_import(request.user, uploads, deactivate_missing=form.cleaned_data["deactivate_missing"])
            return redirect(reverse("admin:people_person_import_job", args=[job.pk]))
        context.update(form=form, jobs=ImportJob.objects.filter(created_by=request.user)[:RECENT_JOBS])
        return TemplateResponse(request, "admin/people/person/import.html", context)

    def import_job_view(self, request, job_id):
        context = self._context(request)
        job = self._job(request, job_id)
        context.update(
            job=job,
            waiting=job.status in WAITING,
            running=job.status in RUNNING,
            expired=preview_expired(job),
            preview=Report.from_json(job.preview),
            report=Report.from_json(job.report),
            refresh_seconds=REFRESH_SECONDS,
        )
        return TemplateResponse(request, "admin/people/person/import_job.html", context)

    def import_confirm_view(self, request, job_id):
        self._context(request)
        job = self._job(request, job_id)
        if not confirm_import(job):
            messages.error(request, _("This import cannot be confirmed any more. Please upload the files again."))
        return redirect(reverse("admin:people_person_import_job", args=[job.pk]))

    def import_cancel_view(self, request, job_id):
        self._context(request)
        job = self._job(request, job_id)
        if cancel_import(job):
            messages.info(request, _("The import was cancelled; nothing was written."))
        return redirect(reverse("admin:people_person_import"))
