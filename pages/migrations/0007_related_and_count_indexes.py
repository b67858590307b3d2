"""Indexes that keep the topic detail and listing as fast at 10,000 pages as at 1,000.

- Related pages count the tags each page shares with this one on
  ``(tag_id, content_object_id)`` alone, without reading any row.
- The listing counts live topic pages on ``wagtailcore_page (content_type_id,
  live, path)``; ``path`` is there for the view-restriction filter.
"""

from django.db import migrations, models

PAGE_COUNT_INDEX = "topicdesk_page_type_live_path"


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0006_plain_text_fields"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="topicpagetag",
            index=models.Index(fields=["tag", "content_object"], name="topicpagetag_tag_page"),
        ),
        migrations.RunSQL(
            sql=(
                f"CREATE INDEX IF NOT EXISTS {PAGE_COUNT_INDEX} "
                "ON wagtailcore_page (content_type_id, live, path)"
            ),
            reverse_sql=f"DROP INDEX IF EXISTS {PAGE_COUNT_INDEX}",
        ),
    ]
