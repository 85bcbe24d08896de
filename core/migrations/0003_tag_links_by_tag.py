from django.db import migrations


class Migration(migrations.Migration):
    """An index on taggit's tag links by tag, holding the content type and object too: "Relaterede"
    (portal/related.py) counts the objects sharing a set of topics from the index alone, without
    reading a table row for each of the thousands of links a common topic has (a profile's
    shared topics 8.7 → 5.8 ms at 50,000 people). taggit's own index on the tag alone stays."""

    dependencies = [
        ("core", "0002_drop_old_form_submission_table"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS core_tag_links_by_tag ON taggit_taggeditem (tag_id, content_type_id, object_id)",
            "DROP INDEX IF EXISTS core_tag_links_by_tag",
        )
    ]
