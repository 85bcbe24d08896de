"""The search index: one row per person, unit and try-out, plus a lexicon of indexed words.

The rows are derived data, rebuilt by `manage.py rebuild_search_index` and kept in step by
the apps' signals (each app's search.py, see registry.py). PostgreSQL keeps weighted tsvectors
on the entry; SQLite keeps an FTS5 table `search_fts` with the same rowids (created by
migration 0002). The entry table is kept narrow (the texts live in SearchText) because every
search scans its matching rows.
"""

import json

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from search.text import words


class IdListField(models.Field):
    """A short list of ids (here: the entry's topics) inside the row, so counting topics over
    thousands of matches needs no join: integer[] on PostgreSQL, JSON text on SQLite."""

    def db_type(self, connection):
        return "integer[]" if connection.vendor == "postgresql" else "text"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return []
        return value if isinstance(value, list) else json.loads(value)

    def get_db_prep_value(self, value, connection, prepared=False):
        ids = [int(pk) for pk in value or []]
        return ids if connection.vendor == "postgresql" else json.dumps(ids)


class SearchEntry(models.Model):
    """What the search engine knows about one registered object (a person, unit, try-out …)."""

    # The registered kind of object (search/registry.py): "person", "unit", "tryout" …
    kind = models.CharField(max_length=10)
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=300)
    # Weighted like the title: a person's job title, a unit's kind.
    subtitle = models.CharField(max_length=300, blank=True)
    # The line shown under the title: a person's unit, a unit's parent, a try-out's owner.
    place = models.CharField(max_length=300, blank=True, default="")
    # Facets and filters.
    centre_id = models.BigIntegerField(null=True, db_index=True)
    status = models.CharField(max_length=20, blank=True)
    track_id = models.BigIntegerField(null=True)
    topic_ids = IdListField(default=list)
    # Active people and units, try-outs in progress or planned rank before ended ones.
    is_current = models.BooleanField(default=True)
    # Ranking by name (search/backends/base.py, name_sql): the keys (text.name_key) of the
    # person's names or else of the title's words, space-padded (" mette hansen "), how many
    # different keys, and whether they are a person's names (exact names outrank prefixes).
    name_keys = models.CharField(max_length=400, blank=True, default="")
    name_size = models.PositiveSmallIntegerField(default=0)
    has_names = models.BooleanField(default=False)
    # How complete and fresh the card is, 0–1: a tie-breaker between equal matches.
    quality = models.FloatField(default=0.0)
    # PostgreSQL only (unused columns on SQLite): everything (matching), the title, names and
    # topics alone (ranking: small, so cheap to rank thousands of matches), and the names. Only
    # head_vector keeps positions (its weights); the others are stripped, a smaller table to scan.
    vector = SearchVectorField(null=True)
    head_vector = SearchVectorField(null=True)
    name_vector = SearchVectorField(null=True)

    class Meta:
        db_table = "search_entry"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_entry")]
        indexes = [models.Index(fields=["kind", "centre_id"])]

    def __str__(self):
        return f"{self.kind}:{self.object_id} {self.title}"


class SearchText(models.Model):
    """The searchable texts of an entry: for building vectors and snippets."""

    entry = models.OneToOneField(SearchEntry, primary_key=True, on_delete=models.CASCADE, related_name="text")
    # Exact forms matched without stemming: names, initials, email prefix.
    names = models.TextField(blank=True)
    keywords = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # The names the body mentions (text.mentions), matched unstemmed like names.
    mentions = models.TextField(blank=True, default="")
    # {field key: text} of the document's labelled fields (registry.Field): read with the hits
    # of the shown page to say why each matched ("Spørg mig om: …"), never searched.
    sections = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "search_text"

    def __str__(self):
        return f"text of {self.entry_id}"


class SearchTerm(models.Model):
    """A distinct word of the index: the lexicon for compound parts, spellings and typo correction."""

    # What the word is in some document (bits, or-ed together as documents add them).
    TEXT, NAME, CODE = 1, 2, 4

    word = models.CharField(max_length=100, unique=True)
    key = models.CharField(max_length=100, db_index=True, default="")  # text.name_key(word)
    kinds = models.PositiveSmallIntegerField(default=TEXT)

    class Meta:
        db_table = "search_term"

    def __str__(self):
        return self.word


class Synonym(models.Model):
    """Words and phrases that mean the same in the municipality ("SOSU-hjælper, social- og
    sundhedshjælper"); a search for one also finds the others. Administrators edit them."""

    terms = models.TextField(
        _("words that mean the same"),
        help_text=_(
            "Separate them with commas, e.g. “SOSU-hjælper, social- og sundhedshjælper” or "
            "“UU, Ungdommens Uddannelsesvejledning”."
        ),
    )
    # The terms as the search reads them: lower-case words, " | " between terms (see save()).
    match_text = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        db_table = "search_synonym"
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    def save(self, *args, **kwargs):
        self.match_text = synonym_match_text(self.terms)
        super().save(*args, **kwargs)

    @property
    def phrases(self) -> list[list[str]]:
        return phrases_of(self.match_text)


def synonym_match_text(terms: str) -> str:
    """ " | sosu hjælper | social og sundhedshjælper | ": every term's words, so a search finds
    the groups holding a word of the query with one test (" sosu " in match_text)."""
    phrases = [" ".join(words(term)) for term in terms.split(",")]
    return " | " + " | ".join(p for p in dict.fromkeys(phrases) if p) + " | "


def phrases_of(match_text: str) -> list[list[str]]:
    return [phrase.split() for phrase in match_text.split("|") if phrase.strip()]


class SearchMiss(models.Model):
    """A search that found nothing, counted per month: which words colleagues look for in vain
    ("Søgninger uden resultat"). Only the words and a count: never who searched."""

    month = models.DateField(_("month"))
    query = models.CharField(_("search"), max_length=200)
    count = models.PositiveIntegerField(_("searches"), default=0)

    class Meta:
        db_table = "search_miss"
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")
        ordering = ["-month", "-count", "query"]
        constraints = [models.UniqueConstraint(fields=["month", "query"], name="unique_search_miss")]

    def __str__(self):
        return self.query


class IndexGeneration(models.Model):
    """One row: a token that changes, in the same transaction, with every write to the index
    (search/cache.py). Search results cached under one token are never served under another, so
    an edit is visible on the very next search. A random token, not a counter: a rolled-back
    write leaves the old token, and a token a rolled-back transaction used never comes back."""

    token = models.BigIntegerField(default=0)

    class Meta:
        db_table = "search_generation"

    def __str__(self):
        return str(self.token)
