from django.db import migrations, models


class Migration(migrations.Migration):
    """Existing rows are False (rebuilt whole, as before) until `rebuild_documents` runs."""

    dependencies = [("api", "0004_frontend_labels_optional_webhook")]

    operations = [
        migrations.AddField(
            model_name="documentdependency",
            name="cards_only",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="documentdependency",
            name="linked",
            field=models.BooleanField(default=False),
        ),
    ]
