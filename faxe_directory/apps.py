from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaxeDirectoryConfig(AppConfig):
    """The project's configuration (settings, urls, middleware, SSO glue); installed for its template tags."""

    name = "faxe_directory"
    verbose_name = _("Faxe Directory")
