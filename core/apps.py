from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Helpers that know no app of the project: Danish text, versioned saves, one-time
    submissions, history, paging and form widgets."""

    name = "core"
    verbose_name = _("Directory core")

    def ready(self):
        from taggit.models import Tag

        from core import lookups  # noqa: F401 (registers field__any)
        from core.text import tag_slugify

        # Topic URLs (/emner/<slug>/) use Danish transliteration (ældrepleje → aeldrepleje)
        # instead of taggit's default, which keeps unicode or drops æ/ø/å.
        Tag.slugify = tag_slugify
