"""Reads of live content, for the delivery API and the reference templates.

Every function here decides its prefetching once, so that the number of SQL
queries does not depend on how many blocks, tags, links or related pages a
page has. Only live pages outside view restrictions are ever returned.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import reduce
from operator import or_
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils.dateparse import parse_datetime
from taggit.models import Tag
from wagtail.blocks import PageChooserBlock, StreamValue
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction, Site

from pages.models import TopicCategoryPage, TopicPage, TopicPageTag
from pages.review import ReviewRecord, review_record
from pages.richtext import PageLinks, frontend_path, linked_page_ids, site_root_for
from pages.trust import CrisisResources, PublisherSettings

RELATED_LIMIT = 6


@dataclass(frozen=True)
class PageRef:
    id: int
    title: str
    slug: str
    path: str


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


@dataclass
class PageBundle:
    """A live page with everything its API detail needs, fetched in constant queries."""

    page: Page
    path: str
    breadcrumbs: list[PageRef]
    category: PageRef | None = None
    tags: list[Tag] = field(default_factory=list)
    body: list[dict[str, Any]] = field(default_factory=list)
    related: list[RelatedTopic] = field(default_factory=list)
    children: list[PageRef] = field(default_factory=list)
    review: ReviewRecord | None = None
    #: The public address the path is served under (no trailing slash).
    base_url: str = ""
    publisher: PublisherSettings | None = None
    crisis_resources: CrisisResources | None = None
    preview: bool = False
    #: Ids of the other pages whose title, path or summary the detail shows: its
    #: ancestors, children, related topics and the pages its body links to.
    shows: set[int] = field(default_factory=set)
    #: Those of ``shows`` that it shows only as an address (rich-text links carry
    #: the path, not the title): only a change of address or liveness affects it.
    links_only: set[int] = field(default_factory=set)
    #: Those of ``shows`` that it shows on cards (a related topic, a listed child) and
    #: otherwise at most links to: a republish in place of one patches its card.
    cards_only: set[int] = field(default_factory=set)
    #: Those of ``shows`` that its rich text links to (whatever else shows them).
    linked: set[int] = field(default_factory=set)

    @property
    def url(self) -> str:
        return f"{self.base_url}{self.path}"


# --- Visibility --------------------------------------------------------------


def restricted_paths() -> list[str]:
    """Tree paths of pages with view restrictions (private pages): one query."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def public_q(restricted: list[str], prefix: str = "") -> Q:
    """A filter for pages that are not under any view restriction."""
    if not restricted:
        return Q()
    return ~reduce(or_, (Q(**{f"{prefix}path__startswith": path}) for path in restricted))


def live_public(queryset: QuerySet, restricted: list[str]) -> QuerySet:
    return queryset.live().filter(public_q(restricted))


def _type_name(app_label: str, model_name: str) -> str:
    """``pages.TopicPage``, as Wagtail's own API names page types."""
    return f"{app_label}.{apps.get_model(app_label, model_name).__name__}"


def _ref(row: dict) -> PageRef | None:
    path = frontend_path(row["url_path"])
    if path is None:
        return None
    return PageRef(id=row["pk"], title=row["title"], slug=row["slug"], path=path)


# --- One page ---------------------------------------------------------------


def page_detail_at_path(*, path: str) -> PageBundle | None:
    """The live, public page served at ``path`` (``/topics/x/``), with its detail."""
    relative = path.strip("/")
    candidates = [
        root.root_path + (f"{relative}/" if relative else "") for root in Site.get_site_root_paths()
    ]
    restricted = restricted_paths()
    row = (
        live_public(Page.objects.filter(url_path__in=candidates), restricted)
        .order_by("-depth")
        .values_list("pk", "content_type__app_label", "content_type__model")
        .first()
    )
    if row is None:
        return None
    pk, app_label, model_name = row
    return _specific_bundle(pk, apps.get_model(app_label, model_name), restricted)


#: What a topic's detail shows beside the page: its reviewer and its crisis resources.
TOPIC_DETAIL_RELATED = ("last_reviewed_by", "crisis_resources")


def page_detail(*, pk: int) -> PageBundle | None:
    """The live, public page with this id, of any type, with its detail."""
    restricted = restricted_paths()
    row = (
        live_public(Page.objects.filter(pk=pk), restricted)
        .values_list("content_type__app_label", "content_type__model")
        .first()
    )
    if row is None:
        return None
    return _specific_bundle(pk, apps.get_model(*row), restricted)


def _specific_bundle(pk: int, model: type[Page], restricted: list[str]) -> PageBundle:
    queryset = model.objects.all()
    if model is TopicPage:
        queryset = queryset.select_related(*TOPIC_DETAIL_RELATED)
    return _bundle(queryset.get(pk=pk), restricted)


def topic_detail(*, pk: int) -> PageBundle | None:
    """The live, public topic page with this id, with its detail."""
    restricted = restricted_paths()
    page = (
        live_public(TopicPage.objects.filter(pk=pk), restricted)
        .select_related(*TOPIC_DETAIL_RELATED)
        .first()
    )
    return _bundle(page, restricted) if page is not None else None


def preview_detail(*, page: Page) -> PageBundle:
    """The detail of an unsaved draft (from a preview token), shaped like a live page's."""
    bundle = _bundle(page, restricted_paths())
    bundle.preview = True
    return bundle


def _publisher(page: Page) -> tuple[str, PublisherSettings | None]:
    """The page's public base URL and its site's publisher settings, in one query."""
    root = site_root_for(page.url_path)
    if root is None:
        return "", None
    publisher = (
        PublisherSettings.objects.select_related("default_crisis_resources")
        .filter(site_id=root.site_id)
        .first()
    )
    base = (publisher and publisher.public_base_url) or root.root_url
    return base.rstrip("/"), publisher


def _crisis_resources(
    page: TopicPage, publisher: PublisherSettings | None
) -> CrisisResources | None:
    """What the page shows: its own choice, else the site default; None when hidden."""
    if page.hide_crisis_resources:
        return None
    if page.crisis_resources_id:
        return page.crisis_resources  # select_related by the detail reads
    return publisher.default_crisis_resources if publisher else None


def _bundle(page: Page, restricted: list[str]) -> PageBundle:
    if isinstance(page, TopicPage):
        return _topic_bundle(page, restricted)
    referenced = _referenced_pages(page, ids=set())
    base_url, publisher = _publisher(page)
    children = (
        live_public(page.get_children(), restricted)
        .order_by("path")
        .values("pk", "title", "slug", "url_path")
    )
    return PageBundle(
        page=page,
        path=frontend_path(page.url_path) or "/",
        breadcrumbs=_breadcrumbs(page, referenced),
        children=[ref for row in children if (ref := _ref(row))],
        base_url=base_url,
        publisher=publisher,
        shows=(set(referenced) | {row["pk"] for row in children}) - {page.pk},
        cards_only={row["pk"] for row in children} - set(referenced) - {page.pk},
    )


def _topic_bundle(page: TopicPage, restricted: list[str]) -> PageBundle:
    stream: StreamValue = page.body
    chooser_ids = _chooser_ids(stream)
    linked_ids = _rich_text_ids(stream.raw_data)
    referenced = _referenced_pages(page, ids=linked_ids | chooser_ids)
    links = PageLinks(
        {
            pk: path
            for pk, row in referenced.items()
            if row["live"] and (path := frontend_path(row["url_path"]))
        }
    )
    parent = referenced.get(_parent_pk(page, referenced))
    base_url, publisher = _publisher(page)
    related = _related(page, restricted)
    linked = {
        pk
        for pk in linked_ids - {page.pk}
        if pk in referenced and not page.path.startswith(referenced[pk]["path"])
    }
    body_block = stream.stream_block
    body = body_block.get_api_representation(
        _stream_with_pages(stream, referenced), context={"page_links": links}
    )
    return PageBundle(
        page=page,
        path=frontend_path(page.url_path) or "/",
        breadcrumbs=_breadcrumbs(page, referenced),
        category=_ref(parent) if parent else None,
        tags=list(page.tags.order_by("name")),
        body=body,
        related=related,
        review=review_record(page),
        base_url=base_url,
        publisher=publisher,
        crisis_resources=_crisis_resources(page, publisher),
        shows=(set(referenced) | {topic.id for topic in related}) - {page.pk},
        cards_only={topic.id for topic in related} - chooser_ids - {page.pk},
        links_only=linked - chooser_ids - {topic.id for topic in related},
        linked=linked,
    )


def _referenced_pages(page: Page, *, ids: set[int]) -> dict[int, dict]:
    """The page's ancestors and the pages its body links to, in one query."""
    ancestor_paths = [page.path[:end] for end in range(Page.steplen, len(page.path), Page.steplen)]
    rows = Page.objects.filter(Q(path__in=ancestor_paths) | Q(pk__in=ids)).values(
        "pk", "title", "slug", "url_path", "path", "live", "depth"
    )
    return {row["pk"]: row for row in rows}


def _parent_pk(page: Page, referenced: dict[int, dict]) -> int | None:
    parent_path = page.path[: -Page.steplen]
    return next((pk for pk, row in referenced.items() if row["path"] == parent_path), None)


def _breadcrumbs(page: Page, referenced: dict[int, dict]) -> list[PageRef]:
    ancestors = sorted(
        (row for row in referenced.values() if page.path.startswith(row["path"])),
        key=lambda row: row["depth"],
    )
    trail = [ref for row in ancestors if (ref := _ref(row))]
    own = PageRef(page.pk, page.title, page.slug, frontend_path(page.url_path) or "/")
    return [*trail, own]


def _rich_text_ids(raw: Any) -> set[int]:
    """Ids of pages linked from any rich text anywhere in raw StreamField data."""
    if isinstance(raw, str):
        return linked_page_ids(raw) if 'linktype="page"' in raw else set()
    if isinstance(raw, dict):
        return set().union(*(_rich_text_ids(value) for value in raw.values()))
    if isinstance(raw, (list, tuple)) or hasattr(raw, "__iter__"):
        return set().union(*(_rich_text_ids(value) for value in raw))
    return set()


def _page_choosers(block) -> list[str]:
    children = getattr(block, "child_blocks", {})
    return [name for name, child in children.items() if isinstance(child, PageChooserBlock)]


def _chooser_ids(stream: StreamValue) -> set[int]:
    ids = set()
    for raw in stream.raw_data:
        for name in _page_choosers(stream.stream_block.child_blocks[raw["type"]]):
            if isinstance(raw["value"].get(name), int):
                ids.add(raw["value"][name])
    return ids


def _stream_with_pages(stream: StreamValue, referenced: dict[int, dict]) -> StreamValue:
    """The stream's values, with page choosers filled from ``referenced`` instead of queries.

    Wagtail would otherwise look chosen pages up block type by block type.
    """
    items = []
    for raw in stream.raw_data:
        block = stream.stream_block.child_blocks[raw["type"]]
        choosers = _page_choosers(block)
        value = block.to_python({**raw["value"], **dict.fromkeys(choosers)})
        for name in choosers:
            row = referenced.get(raw["value"].get(name))
            value[name] = (
                Page(pk=row["pk"], title=row["title"], url_path=row["url_path"], live=row["live"])
                if row
                else None
            )
        items.append((raw["type"], value, raw.get("id")))
    return StreamValue(stream.stream_block, items)


def related_topics(*, page: TopicPage) -> list[RelatedTopic]:
    """Up to six live related topics for ``page``, as the API's ``related`` lists them."""
    return _related(page, restricted_paths())


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


def _related(page: TopicPage, restricted: list[str]) -> list[RelatedTopic]:
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
            published=_as_datetime(published),
        )
        for pk, title, url_path, summary, pinned, shared, published in rows
        if (path := frontend_path(url_path)) is not None
    ]


def _as_datetime(value) -> datetime | None:
    """A timestamp from raw SQL as an aware datetime: SQLite returns text or a naive
    datetime (in UTC), PostgreSQL an aware one."""
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else parse_datetime(value)
    return parsed.replace(tzinfo=UTC) if parsed and parsed.tzinfo is None else parsed


# --- Listings ----------------------------------------------------------------


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
        row["path"]: _ref(row)
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


@dataclass(frozen=True)
class NavigationCategory:
    category: PageRef
    topics: list[PageRef]


def navigation() -> list[NavigationCategory]:
    restricted = restricted_paths()
    fields = ("pk", "title", "slug", "url_path", "path")
    categories = live_public(TopicCategoryPage.objects.all(), restricted).order_by("path")
    topics = live_public(TopicPage.objects.all(), restricted).order_by("title")
    by_parent: dict[str, list[PageRef]] = {}
    for row in topics.values(*fields):
        if ref := _ref(row):
            by_parent.setdefault(row["path"][: -Page.steplen], []).append(ref)
    return [
        NavigationCategory(category=ref, topics=by_parent.get(row["path"], []))
        for row in categories.values(*fields)
        if (ref := _ref(row))
    ]


@dataclass(frozen=True)
class Route:
    path: str
    type: str
    last_modified: datetime | None


def routes() -> list[Route]:
    restricted = restricted_paths()
    rows = (
        live_public(Page.objects.filter(depth__gt=1), restricted)
        .order_by("path")
        .values_list(
            "url_path", "content_type__app_label", "content_type__model", "last_published_at"
        )
    )
    return [
        Route(path, _type_name(app_label, model), last_published_at)
        for url_path, app_label, model, last_published_at in rows
        if (path := frontend_path(url_path)) is not None
    ]


@dataclass(frozen=True)
class RedirectRule:
    old_path: str
    target: str
    is_permanent: bool


def redirects() -> list[RedirectRule]:
    """Editors' redirects whose target still exists; page targets become frontend paths."""
    rows = Redirect.objects.order_by("old_path").values_list(
        "old_path",
        "is_permanent",
        "redirect_link",
        "redirect_page__url_path",
        "redirect_page__live",
    )
    result = []
    for old_path, is_permanent, link, page_url_path, page_live in rows:
        target = link or (frontend_path(page_url_path) if page_url_path and page_live else None)
        if target:
            result.append(RedirectRule(old_path, target, is_permanent))
    return result
