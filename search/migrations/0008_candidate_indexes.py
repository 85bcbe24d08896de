"""Indexes for common words (search/engine.py `_matches`), PostgreSQL only:

- the sample index: the vectors of the entries whose id is a multiple of 16 (a sixteenth of the
  index, drawn evenly from every kind), from which a common word's matches are counted;
- the head and name vectors, from which its best candidates are read (Backend.best).

The GIN indexes take new entries into a pending list that every search reads through until it is
merged; a small list (256 kB instead of 4 MB) keeps that read short between merges.
"""

from django.db import migrations

INDEXES = {
    "search_entry_sample_gin": "CREATE INDEX search_entry_sample_gin ON search_entry USING gin (vector) "
    "WITH (gin_pending_list_limit = 256) WHERE id %% 16 = 0",
    "search_entry_head_gin": "CREATE INDEX search_entry_head_gin ON search_entry USING gin (head_vector) "
    "WITH (gin_pending_list_limit = 256)",
    "search_entry_name_gin": "CREATE INDEX search_entry_name_gin ON search_entry USING gin (name_vector) "
    "WITH (gin_pending_list_limit = 256)",
}


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER INDEX search_entry_vector_gin SET (gin_pending_list_limit = 256)")
    for statement in INDEXES.values():
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER INDEX search_entry_vector_gin RESET (gin_pending_list_limit)")
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0007_index_generation")]

    operations = [migrations.RunPython(forward, backward)]
