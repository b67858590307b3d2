from django.db import migrations, models


def fill_keys(apps, schema_editor):
    """Give every stored document its keys: its own page and the pages it shows."""
    PageDocument = apps.get_model("api", "PageDocument")
    DocumentDependency = apps.get_model("api", "DocumentDependency")
    shows: dict[int, list[int]] = {}
    for document_id, page_id in DocumentDependency.objects.values_list("document_id", "page_id"):
        shows.setdefault(document_id, []).append(page_id)
    documents = list(PageDocument.objects.only("pk"))
    for document in documents:
        ids = sorted(set(shows.get(document.pk, ())))
        document.surrogate_keys = " ".join(
            [f"td-page-{document.pk}", *(f"td-shows-{pk}" for pk in ids)]
        )
    PageDocument.objects.bulk_update(documents, ["surrogate_keys"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("api", "0005_dependency_cards_only")]

    operations = [
        migrations.AddField(
            model_name="pagedocument",
            name="surrogate_keys",
            field=models.TextField(default=""),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
