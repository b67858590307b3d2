"""The site as a whole: navigation, every route, and the redirects."""

from dataclasses import dataclass
from datetime import datetime

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from pages.models import TopicCategoryPage, TopicPage
from pages.richtext import frontend_path
from pages.selectors.visibility import PageRef, live_public, page_ref, restricted_paths, type_name


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
        if ref := page_ref(row):
            by_parent.setdefault(row["path"][: -Page.steplen], []).append(ref)
    return [
        NavigationCategory(category=ref, topics=by_parent.get(row["path"], []))
        for row in categories.values(*fields)
        if (ref := page_ref(row))
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
        Route(path, type_name(app_label, model), last_published_at)
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
