"""Uploaded files (photos) served by Django where no web server stands in front (SERVE_MEDIA).

Production normally lets nginx serve MEDIA_ROOT with the same headers (docs/deploy.md). Either way an
upload is only ever delivered as data: images inline with their own type, anything else as a
download, never sniffed into HTML and never able to run script, even if someone manages to upload
an HTML or SVG file.
"""

from django.conf import settings
from django.views.static import serve

# Types a browser may show inline; SVG is left out because it can carry script.
INLINE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"}
SANDBOX_POLICY = "sandbox; default-src 'none'; img-src 'self'; style-src 'none'; script-src 'none'"


def serve_media(request, path):
    """django.views.static.serve with headers that keep an uploaded file from being run as a page."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    if content_type not in INLINE_TYPES:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    return response
