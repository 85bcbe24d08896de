"""The site's URLs plus one page that refuses access, so the 403 page can be checked in a browser.

Nothing in the directory refuses a signed-in reader yet (editing pages come later), so the test
borrows Django's own PermissionDenied handling to render templates/403.html.
"""

from django.core.exceptions import PermissionDenied
from django.urls import path

from faxe_directory.urls import urlpatterns as site_urlpatterns


def refuse(request):
    raise PermissionDenied


urlpatterns = [*site_urlpatterns, path("test/nej/", refuse, name="test_forbidden")]
