from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The search engine. It imports no app: the apps register what they hand it (registry.py)."""

    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from taggit.models import Tag

        from search.cache import bump_on_change
        from search.models import Synonym
        from search.registry import Facet, register_facet

        # The synonyms change what a query matches: cached results must not outlive an edit.
        bump_on_change(Synonym)

        # The one topic vocabulary (taggit) that people, units and try-outs share.
        register_facet(Facet("topic", _("Topic"), label_model=Tag))
