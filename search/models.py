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

    class Meta:
        db_table = "search_text"

    def __str__(self):
        return f"text of {self.entry_id}"


class SearchTerm(models.Model):
    """A distinct word of the index: the lexicon for compound parts and typo correction."""

    word = models.CharField(max_length=100, unique=True)

    class Meta:
        db_table = "search_term"

    def __str__(self):
        return self.word
