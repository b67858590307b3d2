"""Topic listings: the scope of a listing, its cards, and the tags in use."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from taggit.models import Tag
from wagtail.models import Page

from pages.models import TopicCategoryPage, TopicPage, TopicPageTag
from pages.richtext import frontend_path
from pages.selectors.visibility import PageRef, live_public, page_ref, public_q, restricted_paths


@dataclass(frozen=True)
class TopicSummary:
    id: int
    title: str
    path: str
    summary: str
    tags: list[Tag]
    category: PageRef | None
    last_published_at: datetime | None


@dataclass(frozen=True)
class TopicScope:
    """Live, public topics filtered by tags and category, and what could not be found."""

    filters: Q
    unknown: list[str]

    @property
    def pages(self) -> QuerySet:
        return TopicPage.objects.filter(self.filters)

    def count(self) -> int:
        """The number of pages, counted on Wagtail's page table alone.

        Every filter is on a page column, so an index on ``(content_type_id, live,
        path)`` answers it without reading the topic table, at any site size.
        """
        topic_type = ContentType.objects.get_for_model(TopicPage)
        return Page.objects.filter(content_type=topic_type).filter(self.filters).count()


def topic_scope(*, tags: list[str], category: str | None) -> TopicScope:
    """Live, public topics having every tag in ``tags`` and in the ``category`` (a slug).

    Also returns the tags and category that do not exist, so callers can refuse them.
    """
    restricted = restricted_paths()
    filters = Q(live=True) & public_q(restricted)
    unknown: list[str] = []
    if tags:
        known = set(Tag.objects.filter(slug__in=tags).values_list("slug", flat=True))
        unknown += [f"tag {slug!r}" for slug in tags if slug not in known]
        for slug in tags:
            tagged = TopicPageTag.objects.filter(tag__slug=slug).values("content_object_id")
            filters &= Q(pk__in=tagged)
    if category:
        category_page = live_public(
            TopicCategoryPage.objects.filter(slug=category), restricted
        ).first()
        if category_page is None:
            unknown.append(f"category {category!r}")
        else:
            filters &= Q(path__startswith=category_page.path, depth=category_page.depth + 1)
    return TopicScope(filters=filters, unknown=unknown)


def topic_summaries(*, scope: TopicScope, ordering: str) -> QuerySet:
    """The scope's pages, ordered and prefetched for listing."""
    return (
        scope.pages.order_by(ordering, "pk")
        .only("pk", "title", "url_path", "path", "summary", "last_published_at")
        .prefetch_related("tags")
    )


def categories_by_path(pages: list[Page]) -> dict[str, PageRef | None]:
    """The parent of each page, keyed by the parent's tree path: one query for all."""
    parent_paths = {page.path[: -Page.steplen] for page in pages}
    return {
        row["path"]: page_ref(row)
        for row in Page.objects.filter(path__in=parent_paths).values(
            "pk", "title", "slug", "url_path", "path"
        )
    }


def summarise(pages: list[TopicPage]) -> list[TopicSummary]:
    """Attach categories to a page of results with one query for all of them."""
    categories = categories_by_path(pages)
    return [
        TopicSummary(
            id=page.pk,
            title=page.title,
            path=frontend_path(page.url_path) or "/",
            summary=page.summary,
            tags=sorted(page.tags.all(), key=lambda tag: tag.name),
            category=categories.get(page.path[: -Page.steplen]),
            last_published_at=page.last_published_at,
        )
        for page in pages
    ]


@dataclass(frozen=True)
class TagCount:
    name: str
    slug: str
    count: int


def live_tag_counts() -> list[TagCount]:
    restricted = restricted_paths()
    rows = (
        TopicPageTag.objects.filter(content_object__live=True)
        .filter(public_q(restricted, prefix="content_object__"))
        .values("tag__name", "tag__slug")
        .annotate(count=Count("content_object", distinct=True))
        .order_by("tag__name")
    )
    return [TagCount(row["tag__name"], row["tag__slug"], row["count"]) for row in rows]
