"""Danish-aware text helpers: slugs and sort keys that treat æ, ø and å as letters."""

import unicodedata

from django.db import IntegrityError, transaction
from django.utils.text import slugify

_TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})

# Danish alphabetical order: a–z, then æ, ø, å. Each letter becomes two digits so that the key
# sorts the same under every database collation (SQLite binary, PostgreSQL's locale rules).
_ALPHABET = "abcdefghijklmnopqrstuvwxyzæøå"
_CODES = {letter: f"{index + 20:02d}" for index, letter in enumerate(_ALPHABET)}
_CODES.update({str(digit): f"{digit + 10:02d}" for digit in range(10)})
_FOLD = {"ä": "æ", "ö": "ø", "ü": "y", "aa": "å"}


def fold(text: str) -> str:
    """æ, ø, å written as ae, oe, aa, as in e-mail addresses, URLs and old spellings (Kjærgaard).
    The one place the project folds them: slugs here, spelling variants in search/text.py."""
    return text.translate(_TRANSLITERATION)


def single_line(value: object) -> str:
    """The text as one line: each run of whitespace, line breaks (also NEL, U+2028) and control
    characters becomes one space, and the ends are trimmed ("Team\nØst" → "Team Øst")."""
    text = "".join(" " if unicodedata.category(char) == "Cc" else char for char in str(value))
    return " ".join(text.split())


def danish_slugify(value: object) -> str:
    """Slug for URLs: "Center for Sundhed & Ældre" → "center-for-sundhed-aeldre"."""
    return slugify(fold(str(value)))


def danish_sort_key(*parts: str | None) -> str:
    """A digits-only key giving Danish order (Æ Ø Å last, "Aa" as Å) for the given parts."""
    keys = []
    for part in parts:
        text = (part or "").lower()
        for source, target in _FOLD.items():
            text = text.replace(source, target)
        letters = []
        for char in text:
            if char not in _CODES:
                # é → e, ñ → n; anything else (spaces, punctuation) is ignored.
                char = unicodedata.normalize("NFKD", char)[0]
            if char in _CODES:
                letters.append(_CODES[char])
        keys.append("".join(letters))
    return "00".join(keys)[:250]


def unique_slug(model, value: str, instance_pk=None, max_length: int = 80, reserved=()) -> str:
    """A slug for `value` not used by another row of `model` ("-2", "-3" … on clashes), nor one
    of the `reserved` words that name pages beside the detail pages (e.g. "ny")."""
    base = danish_slugify(value)[:max_length] or "x"
    slug, counter = base, 1
    others = model._default_manager.exclude(pk=instance_pk) if instance_pk else model._default_manager
    while slug in reserved or others.filter(slug=slug).exists():
        counter += 1
        suffix = f"-{counter}"
        slug = base[: max_length - len(suffix)] + suffix
    return slug


# Enough for dozens of people creating the same name at the same moment: each failed attempt means
# another save took the slug meanwhile.
SLUG_ATTEMPTS = 50


def save_with_unique_slug(instance, value: str, save, reserved=()):
    """Give the new `instance` a unique slug made from `value` and `save()` it. When a concurrent
    save took the same slug between our check and our insert (the unique index refuses it), take
    the next free slug and try again; the savepoint keeps a surrounding transaction usable."""
    model = type(instance)
    for attempt in range(SLUG_ATTEMPTS):
        instance.slug = unique_slug(model, value, instance.pk, reserved=reserved)
        try:
            with transaction.atomic():
                return save()
        except IntegrityError:
            taken = model._default_manager.filter(slug=instance.slug).exclude(pk=instance.pk).exists()
            if not taken or attempt == SLUG_ATTEMPTS - 1:
                raise


def tag_slugify(tag, name: str, i: int | None = None) -> str:
    """Slug for a taggit Tag (installed as `Tag.slugify`), "_2" etc. on clashes like taggit."""
    slug = danish_slugify(name)[:95] or "emne"
    return f"{slug}_{i}" if i is not None else slug
