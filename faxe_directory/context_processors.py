"""Template context shared by every page."""

from django.conf import settings
from django.templatetags.static import static


def site(request):
    match = getattr(request, "resolver_match", None)
    # The main menu marks the section of the current page (an app namespace or a page name).
    section = (match.namespace or match.url_name) if match else ""
    logo = settings.MUNICIPALITY_LOGO
    if logo and not logo.startswith(("https://", "http://", "/")):
        logo = static(logo)
    return {
        "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
        "MUNICIPALITY_LOGO": logo,
        "TEAMS_CHAT": settings.TEAMS_CHAT,
        "nav_section": section,
    }
