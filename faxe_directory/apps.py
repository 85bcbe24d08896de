from axes import apps as axes_apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class FaxeDirectoryConfig(AppConfig):
    """The project's configuration (settings, urls, middleware, SSO glue); installed for its template tags."""

    # The configuration of "faxe_directory" in INSTALLED_APPS (this module holds another).
    default = True
    name = "faxe_directory"
    verbose_name = _("Faxe Directory")


class LoginProtectionConfig(axes_apps.AppConfig):
    """django-axes (the login guard) under the name administrators know it by in admin."""

    default = False
    verbose_name = _("Login protection")


# django-axes ships no Danish: its names in admin, listed here so that `make messages` keeps their
# translations in locale/da (the project's catalogue comes before the package's).
AXES_ADMIN_NAMES = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
    gettext_noop("Access lock out"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Attempt Time"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Expires At"),
    gettext_noop("Failed Logins"),
    gettext_noop("Form Data"),
    gettext_noop("GET Data"),
    gettext_noop("HTTP Accept"),
    gettext_noop("IP Address"),
    gettext_noop("Locked Out"),
    gettext_noop("Logout Time"),
    gettext_noop("Meta Data"),
    gettext_noop("Not set"),
    gettext_noop("POST Data"),
    gettext_noop("Path"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("User Agent"),
    gettext_noop("Username"),
)
