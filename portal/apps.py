from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The pages that join the apps: forside, search page, topics, "mine sider", related."""

    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from portal.follow_kinds import register_follow_kinds

        register_follow_kinds()
