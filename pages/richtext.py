"""Rich text for frontends: Wagtail's stored page links become site paths.

Wagtail stores a page link as ``<a linktype="page" id="42">``. Frontends need
``<a href="/topics/relationships/conflict-cycles/">``, and a link to a page
that is no longer live must not dangle, so it becomes its text alone.

The link targets are looked up once per API response (see
`pages.selectors`), never once per link or per block.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from html import escape

from wagtail.models import Page, Site

_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.IGNORECASE | re.DOTALL)
_ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')
_EMBED = re.compile(r"<embed\b[^>]*/?>", re.IGNORECASE)
_PAGE_LINK_ID = re.compile(r'<a\b[^>]*\blinktype="page"[^>]*>', re.IGNORECASE)
_ID = re.compile(r'\bid="(\d+)"')


@dataclass(frozen=True)
class PageLinks:
    """Frontend paths of the live pages a response links to, keyed by page id."""

    paths: dict[int, str] = field(default_factory=dict)

    def path_for(self, page_id: int | None) -> str | None:
        return self.paths.get(page_id) if page_id is not None else None


_site_roots: ContextVar[list | None] = ContextVar("topicdesk_site_roots", default=None)


@contextmanager
def site_roots_read_once() -> Iterator[None]:
    """Read the site roots once for a whole response, not once per path built.

    Wagtail keeps them in the shared cache, so with Redis each read is a round trip.
    """
    token = _site_roots.set(Site.get_site_root_paths())
    try:
        yield
    finally:
        _site_roots.reset(token)


#: What stored rich text may contain: the editor's own features, nothing else.
ALLOWED_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li", "h3", "h4"}
ALLOWED_LINK_ATTRIBUTES = {"href", "linktype", "id"}
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}
SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")


def clean_html(html: str) -> str:
    """Rich text reduced to the editor's features: no scripts, handlers or unsafe URLs.

    Wagtail's editor only produces such HTML, but rich text also arrives from
    importers, exports and code, and it is served to frontends as HTML.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html or "", "html.parser")
    for element in soup.find_all(DROPPED_WITH_CONTENT):
        element.decompose()
    for element in soup.find_all(True):
        if element.name not in ALLOWED_TAGS:
            element.unwrap()
            continue
        allowed = ALLOWED_LINK_ATTRIBUTES if element.name == "a" else set()
        for attribute in list(element.attrs):
            if attribute not in allowed:
                del element[attribute]
        href = element.get("href")
        if href is not None and not _safe_href(href):
            del element["href"]
    return str(soup)


def _safe_href(href: str) -> bool:
    value = "".join(href.split()).lower()
    if value.startswith("/") and not value.startswith("//"):
        return True
    return value.startswith(SAFE_SCHEMES) or value.startswith("#")


def frontend_path(url_path: str) -> str | None:
    """The path a frontend serves a page at: ``/home/topics/x/`` → ``/topics/x/``.

    Like Wagtail's own URL routing, the most specific site root containing the
    page wins. Wagtail caches the site roots, so this runs no query per page.
    None means the page is outside every site.
    """
    for root in _site_roots.get() or Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return "/" + url_path[len(root.root_path) :]
    return None


def linked_page_ids(html: str) -> set[int]:
    """Ids of the pages that stored rich text links to."""
    ids = set()
    for tag in _PAGE_LINK_ID.findall(html or ""):
        if match := _ID.search(tag):
            ids.add(int(match.group(1)))
    return ids


def links_for_ids(ids: set[int]) -> PageLinks:
    """Look up the live pages among ``ids`` in one query (used outside the delivery API)."""
    if not ids:
        return PageLinks()
    rows = Page.objects.live().filter(pk__in=ids).values_list("pk", "url_path")
    paths = {pk: path for pk, url_path in rows if (path := frontend_path(url_path))}
    return PageLinks(paths)


def frontend_html(html: str, links: PageLinks) -> str:
    """Rewrite stored rich text for frontends: page links to paths, dead links to text."""

    def rewrite(match: re.Match) -> str:
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        text = match.group(2)
        linktype = attributes.get("linktype")
        if linktype is None:
            return match.group(0)
        if linktype == "page" and attributes.get("id", "").isdigit():
            path = links.path_for(int(attributes["id"]))
            if path is not None:
                return f'<a href="{escape(path)}">{text}</a>'
        return text

    return _EMBED.sub("", _ANCHOR.sub(rewrite, html or ""))
