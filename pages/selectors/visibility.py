"""Which pages readers may see (live, outside view restrictions), and how a page is named."""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.apps import apps
from django.db.models import Q, QuerySet
from wagtail.models import PageViewRestriction

from pages.richtext import frontend_path


@dataclass(frozen=True)
class PageRef:
    id: int
    title: str
    slug: str
    path: str


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


def type_name(app_label: str, model_name: str) -> str:
    """``pages.TopicPage``, as Wagtail's own API names page types."""
    return f"{app_label}.{apps.get_model(app_label, model_name).__name__}"


def page_ref(row: dict) -> PageRef | None:
    path = frontend_path(row["url_path"])
    if path is None:
        return None
    return PageRef(id=row["pk"], title=row["title"], slug=row["slug"], path=path)
