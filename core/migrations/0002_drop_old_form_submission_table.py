from django.db import migrations


class Migration(migrations.Migration):
    """FormSubmission moved from the project package to core; its old table held only short-lived
    double-submit tokens, so it is dropped rather than copied."""

    dependencies = [("core", "0001_form_submission")]

    operations = [migrations.RunSQL("DROP TABLE IF EXISTS faxe_directory_formsubmission", migrations.RunSQL.noop)]
