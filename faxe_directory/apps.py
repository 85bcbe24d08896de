from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaxeDirectoryConfig(AppConfig):
    name = "faxe_directory"
    verbose_name = _("Faxe Directory")

    def ready(self):
        from taggit.models import Tag

        from faxe_directory.text import tag_slugify

        # Topic URLs (/emner/<slug>/) use Danish transliteration (ældrepleje → aeldrepleje)
        # instead of taggit's default, which keeps unicode or drops æ/ø/å.
        Tag.slugify = tag_slugify
