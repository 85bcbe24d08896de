from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "faxe_directory.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from faxe_directory.search import signals

        signals.connect()
