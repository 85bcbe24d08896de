from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0003_entry_place_and_registered_kinds")]

    operations = [
        migrations.AddField("searchentry", "name_keys", models.CharField(blank=True, default="", max_length=400)),
        migrations.AddField("searchentry", "name_size", models.PositiveSmallIntegerField(default=0)),
        migrations.AddField("searchentry", "has_names", models.BooleanField(default=False)),
        migrations.AddField("searchentry", "quality", models.FloatField(default=0.0)),
        migrations.AddField("searchtext", "mentions", models.TextField(blank=True, default="")),
        migrations.AddField("searchterm", "key", models.CharField(db_index=True, default="", max_length=100)),
        migrations.AddField("searchterm", "kinds", models.PositiveSmallIntegerField(default=1)),
        migrations.CreateModel(
            name="Synonym",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "terms",
                    models.TextField(
                        help_text="Separate them with commas, e.g. “SOSU-hjælper, social- og sundhedshjælper” or “UU, Ungdommens Uddannelsesvejledning”.",
                        verbose_name="words that mean the same",
                    ),
                ),
                ("match_text", models.TextField(default="", editable=False)),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
            ],
            options={
                "verbose_name": "synonym",
                "verbose_name_plural": "synonyms",
                "db_table": "search_synonym",
                "ordering": ["terms"],
            },
        ),
        migrations.CreateModel(
            name="SearchMiss",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField(verbose_name="month")),
                ("query", models.CharField(max_length=200, verbose_name="search")),
                ("count", models.PositiveIntegerField(default=0, verbose_name="searches")),
            ],
            options={
                "verbose_name": "search without results",
                "verbose_name_plural": "searches without results",
                "db_table": "search_miss",
                "ordering": ["-month", "-count", "query"],
                "constraints": [models.UniqueConstraint(fields=("month", "query"), name="unique_search_miss")],
            },
        ),
    ]
