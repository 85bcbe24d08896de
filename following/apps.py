from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowingConfig(AppConfig):
    """Following topics, units and try-outs, and the weekly digest about them."""

    name = "following"
    verbose_name = _("Follow and weekly e-mail")

    def ready(self):
        from following.kinds import register_kinds

        register_kinds()
