"""A topic's related pages: pinned ones first, then those sharing the most tags."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.utils.dateparse import parse_datetime

from pages.models import TopicPage
from pages.richtext import frontend_path
from pages.selectors.visibility import restricted_paths

RELATED_LIMIT = 6


@dataclass(frozen=True)
class RelatedTopic:
    id: int
    title: str
    path: str
    summary: str
    pinned: bool
    shared_tags: int
    #: Its ranking key beside ``shared_tags``: not part of the API's ``related``.
    published: datetime | None = None

    @property
    def url(self) -> str:
        return self.path


def related_topics(*, page: TopicPage) -> list[RelatedTopic]:
    """Up to six live related topics for ``page``, as the API's ``related`` lists them."""
    return ranked_related(page, restricted_paths())


# Pinned pages first, in the editor's order; then pages ranked by the number of tags
# they share with this page, then by recency. One query, shaped so that its cost
# follows the number of tagged pages and not the size of their rows: shared tags are
# counted on the tag table alone (a covering index on ``(tag_id, content_object_id)``),
# the counts are ranked against the page table's ``live`` and ``last_published_at``,
# and only the few pages kept have their titles and summaries read. Django's ORM
# cannot join a grouped subquery, hence the SQL. Table names are fixed by migrations.
_RELATED_SQL = """
SELECT page.id, page.title, page.url_path, topic.summary, ranked.pinned, ranked.shared,
       ranked.published
FROM (
    SELECT * FROM (
        SELECT candidate.id, 1 AS pinned, MIN(pin.sort_order) AS position,
               0 AS shared, candidate.last_published_at AS published
        FROM pages_topicpagerelatedpin AS pin
        JOIN wagtailcore_page AS candidate ON candidate.id = pin.related_page_id
        WHERE pin.page_id = %(page)s AND pin.related_page_id <> %(page)s
          AND candidate.live = %(live)s {public}
        GROUP BY candidate.id
        ORDER BY position NULLS LAST
        LIMIT %(limit)s
    ) AS pinned
    UNION ALL
    SELECT * FROM (
        SELECT tagged.id, 0 AS pinned, 0 AS position, tagged.shared,
               candidate.last_published_at AS published
        FROM (
            SELECT content_object_id AS id, COUNT(*) AS shared
            FROM pages_topicpagetag
            WHERE tag_id IN (
                SELECT tag_id FROM pages_topicpagetag WHERE content_object_id = %(page)s
            )
            AND content_object_id <> %(page)s
            AND content_object_id NOT IN (
                SELECT related_page_id FROM pages_topicpagerelatedpin WHERE page_id = %(page)s
            )
            GROUP BY content_object_id
        ) AS tagged
        JOIN wagtailcore_page AS candidate ON candidate.id = tagged.id
        WHERE candidate.live = %(live)s {public}
        ORDER BY tagged.shared DESC, candidate.last_published_at DESC NULLS LAST, tagged.id
        LIMIT %(limit)s
    ) AS by_tags
) AS ranked
JOIN wagtailcore_page AS page ON page.id = ranked.id
JOIN pages_topicpage AS topic ON topic.page_ptr_id = ranked.id
ORDER BY ranked.pinned DESC, ranked.position NULLS LAST, ranked.shared DESC,
         ranked.published DESC NULLS LAST, ranked.id
LIMIT %(limit)s
"""


def ranked_related(page: TopicPage, restricted: list[str]) -> list[RelatedTopic]:
    params: dict[str, Any] = {"page": page.pk, "live": True, "limit": RELATED_LIMIT}
    # Tree paths are [0-9A-Z] only, so they need no LIKE escaping.
    params |= {f"restricted_{number}": f"{path}%" for number, path in enumerate(restricted)}
    public = "".join(
        f" AND candidate.path NOT LIKE %(restricted_{number})s" for number in range(len(restricted))
    )
    with connection.cursor() as cursor:
        cursor.execute(_RELATED_SQL.format(public=public), params)
        rows = cursor.fetchall()
    return [
        RelatedTopic(
            id=pk,
            title=title,
            path=path,
            summary=summary,
            pinned=bool(pinned),
            shared_tags=shared,
            published=as_datetime(published),
        )
        for pk, title, url_path, summary, pinned, shared, published in rows
        if (path := frontend_path(url_path)) is not None
    ]


def as_datetime(value) -> datetime | None:
    """A timestamp from raw SQL as an aware datetime: SQLite returns text or a naive
    datetime (in UTC), PostgreSQL an aware one."""
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else parse_datetime(value)
    return parsed.replace(tzinfo=UTC) if parsed and parsed.tzinfo is None else parsed
