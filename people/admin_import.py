"""The organisation import in Django admin: upload files, see a dry-run preview, then confirm.

The uploaded bytes wait between preview and confirmation in a private temporary folder, under a
random token kept in the uploader's session, so only they can confirm that exact upload.
"""

import secrets
import shutil
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from people.importing import ImportFailed, Source, plan_import, read_source, run_import

UPLOAD_ROOT = Path(tempfile.gettempdir()) / "faxe-directory-imports"
SESSION_KEY = "org_import"
# Largest upload accepted: 50,000 people are about 6 MB of CSV.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
PREVIEW_CHANGES = 200


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
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
    """Adds "Import organisation" (upload → preview → confirm) to a ModelAdmin's change list."""

    change_list_template = "admin/people/person/change_list.html"

    def get_urls(self):
        urls = [path("import/", self.admin_site.admin_view(self.import_view), name="people_person_import")]
        return urls + super().get_urls()

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": _("Import organisation")}
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm(request, context)
        form = OrgImportForm(request.POST, request.FILES) if request.method == "POST" else OrgImportForm()
        if request.method == "POST" and form.is_valid():
            uploads = [(upload.name, upload.read()) for upload in form.cleaned_data["files"]]
            deactivate = form.cleaned_data["deactivate_missing"]
            try:
                result = run_import(_plan(uploads), dry_run=True, deactivate_missing=deactivate)
            except ImportFailed as failure:
                context["problems"] = failure.lines()
            else:
                token = _store(uploads)
                request.session[SESSION_KEY] = {"token": token, "deactivate_missing": deactivate}
                context.update(result=result, changes=result.changes[:PREVIEW_CHANGES], token=token)
                return TemplateResponse(request, "admin/people/person/import_preview.html", context)
        context["form"] = form
        return TemplateResponse(request, "admin/people/person/import.html", context)

    def _confirm(self, request, context):
        pending = request.session.get(SESSION_KEY) or {}
        token = request.POST.get("token", "")
        start_again = reverse("admin:people_person_import")
        if not token or token != pending.get("token") or not _folder(token).is_dir():
            messages.error(request, _("That upload has expired. Please upload the files again."))
            return redirect(start_again)
        uploads = _load(token)
        try:
            result = run_import(_plan(uploads), deactivate_missing=pending["deactivate_missing"], user=request.user)
        except ImportFailed as failure:
            # The directory changed since the preview in a way that makes the file invalid now.
            context.update(problems=failure.lines(), form=OrgImportForm())
            return TemplateResponse(request, "admin/people/person/import.html", context)
        finally:
            shutil.rmtree(_folder(token), ignore_errors=True)
            request.session.pop(SESSION_KEY, None)
        messages.success(request, _("Import done. %(summary)s") % {"summary": result.summary()})
        return redirect(reverse("admin:people_person_changelist"))


def _plan(uploads):
    source = Source()
    for name, data in uploads:
        source.add(read_source(name, data))
    return plan_import(source)


def _folder(token):
    return UPLOAD_ROOT / token


def _store(uploads):
    token = secrets.token_hex(16)
    folder = _folder(token)
    folder.mkdir(parents=True, mode=0o700)
    for number, (name, data) in enumerate(uploads):
        # The number keeps the order; the name (without any folder part) is shown in error reports.
        (folder / f"{number:03d}-{Path(name).name}").write_bytes(data)
    return token


def _load(token):
    if not token.isalnum():
        return []
    return [(file.name[4:], file.read_bytes()) for file in sorted(_folder(token).iterdir())]
