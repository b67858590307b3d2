"""Indexes for the topic listing's two orderings over live pages.

The listing filters on ``live`` and sorts by ``title`` or ``last_published_at``,
both columns of Wagtail's page table; without these indexes every request sorts
every live page, and the listing slows as the site grows.
"""

from django.db import migrations

INDEXES = {
    "topicdesk_page_live_title": "live, title",
    "topicdesk_page_live_published": "live, last_published_at",
}


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0004_review_groups_and_workflow"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON wagtailcore_page ({columns})",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]
