"""The sparse sample index, PostgreSQL only (search/engine.py `_matches`): the vectors of the
entries whose id is a multiple of 128, from which the commonest words' matches are counted
(a word in tens of thousands of entries would hold thousands of rows of the sample index)."""

from django.db import migrations

CREATE = (
    "CREATE INDEX search_entry_sparse_gin ON search_entry USING gin (vector) "
    "WITH (gin_pending_list_limit = 256) WHERE id %% 128 = 0"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_sparse_gin")


class Migration(migrations.Migration):
    dependencies = [("search", "0008_candidate_indexes")]

    operations = [migrations.RunPython(forward, backward)]
