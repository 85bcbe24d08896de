"""Template context shared by every page."""

from django.conf import settings


def site(request):
    match = getattr(request, "resolver_match", None)
    # The main menu marks the section of the current page (an app namespace or a page name).
    section = (match.namespace or match.url_name) if match else ""
    return {"MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME, "nav_section": section}
