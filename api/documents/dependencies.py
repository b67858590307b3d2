"""What shows a page: the documents a change to it must rebuild.

Each document stores the ids of the pages it shows (`DocumentDependency`) and
the ranking key of its last tag-ranked related topic (``related_floor``): a page
only enters a full related list by ranking ahead of it (`would_rank`).
"""

from collections.abc import Iterable
from datetime import UTC, datetime

from django.db import connection
from django.db.models import Count, Q
from wagtail.models import Page, Site

from api.models import DocumentDependency, PageDocument
from pages.models import TopicPage, TopicPageTag
from pages.trust import PublisherSettings


def subtree_ids(page: Page) -> list[int]:
    """The page and its descendants, whose addresses move with it."""
    return list(Page.objects.filter(path__startswith=page.path).values_list("pk", flat=True))


def dependents(page_ids: Iterable[int], *, addresses: bool = True) -> set[int]:
    """The pages whose documents show any of ``page_ids``, or would once rebuilt.

    - documents that show them now (dependency rows: related lists, links,
      breadcrumbs and children lists; links only when ``addresses`` changed);
    - the live pages above them (a category and the topic index list their children);
    - topics whose related list they would now enter (shared tags, ranked
      ahead of the list's stored floor).
    """
    ids = set(page_ids)
    rows = DocumentDependency.objects.filter(page_id__in=ids)
    if not addresses:
        rows = rows.filter(path_only=False)
    found = set(rows.values_list("document_id", flat=True))
    paths = Page.objects.filter(pk__in=ids).values_list("path", flat=True)
    ancestor_paths = {
        path[:end] for path in paths for end in range(Page.steplen * 3, len(path), Page.steplen)
    }
    found |= set(Page.objects.filter(path__in=ancestor_paths).values_list("pk", flat=True))
    for topic in TopicPage.objects.live().filter(pk__in=ids):
        found.update(would_rank(topic))
    return found - ids


def shared_with(topic: TopicPage, ids: Iterable[int]) -> dict[int, int]:
    """How many of ``topic``'s tags each of these topics has (those with one or more)."""
    tags = TopicPageTag.objects.filter(content_object_id=topic.pk).values("tag_id")
    return dict(
        TopicPageTag.objects.filter(tag_id__in=tags, content_object_id__in=ids)
        .exclude(content_object_id=topic.pk)
        .values("content_object_id")
        .annotate(shared=Count("id"))
        .values_list("content_object_id", "shared")
    )


# The stored topics whose related list ``topic`` may rank into: those sharing a tag
# with it whose list is not full, or whose floor shares no more tags with its own
# page than they share with ``topic`` (the exact key is compared in Python). The
# floor is compared here, so that a topic whose tags tens of thousands of pages share
# reads only the few candidates, not a row per page. Table names are fixed by
# migrations; a list floor of pinned pages only has no ``shared`` and is a candidate.
_CANDIDATES_SQL = """
SELECT doc.page_id, tagged.shared
FROM (
    SELECT content_object_id AS id, COUNT(*) AS shared
    FROM pages_topicpagetag
    WHERE tag_id IN (SELECT tag_id FROM pages_topicpagetag WHERE content_object_id = %(page)s)
      AND content_object_id <> %(page)s
    GROUP BY content_object_id
) AS tagged
JOIN api_pagedocument AS doc ON doc.page_id = tagged.id
WHERE {floor_shared} IS NULL OR {floor_shared} <= tagged.shared
"""

_FLOOR_SHARED = {
    "sqlite": "json_extract(doc.related_floor, '$.shared')",
    "postgresql": "(doc.related_floor ->> 'shared')::integer",
}


def would_rank(topic: TopicPage) -> dict[int, int]:
    """Topics whose full related list ``topic`` ranks into by shared tags, with how
    many tags each shares with it."""
    floor_shared = _FLOOR_SHARED.get(connection.vendor, "NULL")  # elsewhere: all, in Python
    with connection.cursor() as cursor:
        cursor.execute(_CANDIDATES_SQL.format(floor_shared=floor_shared), {"page": topic.pk})
        shared = dict(cursor.fetchall())
    documents = PageDocument.objects.filter(pk__in=shared).values_list(
        "pk", "related_ids", "related_floor"
    )
    entering = {}
    for pk, related_ids, floor in documents:
        if topic.pk in related_ids:
            continue  # shown already: a dependency row covers it
        if ranks_ahead(shared[pk], topic.last_published_at, topic.pk, floor):
            entering[pk] = shared[pk]
    return entering


def ranks_ahead(shared: int, published: datetime | None, pk: int, floor: dict | None) -> bool:
    """Ordered as the related SQL orders: shared tags, then newest, then lowest id."""
    if floor is None:
        return True
    if floor.get("pinned_only"):
        return False
    if shared != floor["shared"]:
        return shared > floor["shared"]
    floor_published = floor["published"]
    mine = published.isoformat() if published else None
    if mine != floor_published:
        if mine is None or floor_published is None:
            return floor_published is None  # nulls rank last
        return _instant(mine) > _instant(floor_published)
    return pk < floor["id"]


def _instant(text: str) -> datetime:
    """An ISO timestamp as an aware datetime (naive ones are UTC, as the database stores)."""
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def pages_reviewed_by(user_id: int) -> list[int]:
    return list(TopicPage.objects.filter(last_reviewed_by_id=user_id).values_list("pk", flat=True))


def pages_showing_images(image_ids: list[int]) -> list[int]:
    """Topics with documents whose hero is one of these images."""
    topics = TopicPage.objects.filter(
        hero_image_id__in=image_ids, pk__in=PageDocument.objects.values("pk")
    )
    return list(topics.values_list("pk", flat=True))


def pages_showing_crisis_resources(resources_id: int) -> list[int]:
    """Topics with documents that chose these resources, or show a site's default."""
    shows = Q(crisis_resources_id=resources_id)
    is_default = PublisherSettings.objects.filter(default_crisis_resources_id=resources_id)
    if is_default.exists() or not PublisherSettings.objects.exists():
        shows |= Q(crisis_resources_id__isnull=True)
    topics = TopicPage.objects.filter(shows, pk__in=PageDocument.objects.values("pk"))
    return list(topics.values_list("pk", flat=True))


def pages_of_site(site_id: int) -> list[int]:
    site = Site.objects.filter(pk=site_id).select_related("root_page").first()
    if site is None:
        return list(PageDocument.objects.values_list("pk", flat=True))
    return list(
        PageDocument.objects.filter(page__path__startswith=site.root_page.path).values_list(
            "pk", flat=True
        )
    )


def pages_tagged(tag_id: int) -> list[int]:
    return list(
        TopicPageTag.objects.filter(tag_id=tag_id).values_list("content_object_id", flat=True)
    )
