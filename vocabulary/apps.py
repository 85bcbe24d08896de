from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VocabularyConfig(AppConfig):
    """The shared vocabulary: KLE subjects and units' responsibilities for them, topics kept tidy
    (synonyms, KLE ties, merges), and the municipality's strategy as data."""

    name = "vocabulary"
    verbose_name = _("Shared vocabulary")

    def ready(self):
        from vocabulary.importing import register_import_column
        from vocabulary.search import register_search
        from vocabulary.signals import connect_signals
        from vocabulary.topics import register_topic_normaliser

        register_search()
        register_import_column()
        register_topic_normaliser()
        connect_signals()
