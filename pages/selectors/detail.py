"""One page's detail, with everything the API shows of it, fetched in constant queries."""

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Q
from taggit.models import Tag
from wagtail.blocks import PageChooserBlock, StreamValue
from wagtail.models import Page, Site

from pages.images import find_renditions, image_json, images_with_renditions
from pages.models import TopicPage
from pages.review.services import ReviewRecord, review_record
from pages.richtext import PageLinks, frontend_path, linked_page_ids, site_root_for
from pages.selectors.related import RelatedTopic, ranked_related
from pages.selectors.visibility import PageRef, live_public, page_ref, restricted_paths
from pages.trust import CrisisResources, PublisherSettings


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
    #: The hero image's API value; None without one, or until its renditions are made.
    hero_image: dict | None = None
    #: Ids of the images the page uses whose renditions the worker has yet to make.
    images_pending: set[int] = field(default_factory=set)

    @property
    def url(self) -> str:
        return f"{self.base_url}{self.path}"


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
        children=[ref for row in children if (ref := page_ref(row))],
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
    related = ranked_related(page, restricted)
    linked = {
        pk
        for pk in linked_ids - {page.pk}
        if pk in referenced and not page.path.startswith(referenced[pk]["path"])
    }
    hero, pending = _hero_image(page)
    body_block = stream.stream_block
    body = body_block.get_api_representation(
        _stream_with_pages(stream, referenced), context={"page_links": links}
    )
    return PageBundle(
        page=page,
        path=frontend_path(page.url_path) or "/",
        breadcrumbs=_breadcrumbs(page, referenced),
        category=page_ref(parent) if parent else None,
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
        hero_image=hero,
        images_pending=pending,
    )


def _hero_image(page: TopicPage) -> tuple[dict | None, set[int]]:
    """The hero's API value from its stored renditions (two queries; none without a
    hero). Missing renditions are never made here: the image waits for the worker."""
    if page.hero_image_id is None:
        return None, set()
    image = images_with_renditions([page.hero_image_id]).first()
    if image is None:
        return None, set()
    renditions = find_renditions(image)
    if renditions is None:
        return None, {image.pk}
    return image_json(page.hero_use(image), renditions), set()


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
    trail = [ref for row in ancestors if (ref := page_ref(row))]
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
