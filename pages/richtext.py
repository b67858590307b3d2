"""Rich text for frontends: Wagtail's stored page links become site paths.

Wagtail stores a page link as ``<a linktype="page" id="42">``. Frontends need
``<a href="/topics/relationships/conflict-cycles/">``, and a link to a page
that is no longer live must not dangle, so it becomes its text alone.

The link targets are looked up once per API response (see
`pages.selectors`), never once per link or per block.
"""

import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

import nh3
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


#: The tags each rich-text editor feature produces; <p> and <br> come with every editor.
FEATURE_TAGS = {
    "bold": {"b", "strong"},
    "italic": {"i", "em"},
    "link": {"a"},
    "ol": {"ol", "li"},
    "ul": {"ul", "li"},
    "h2": {"h2"},
    "h3": {"h3"},
    "h4": {"h4"},
}
BASE_TAGS = {"p", "br"}
#: Wagtail's editor marks each block element with a key for comments; nothing else.
BLOCK_KEY = "data-block-key"
#: Stored page links are ``<a linktype="page" id="42">``; other links keep an ``href``.
STORED_LINK_ATTRIBUTES = {"href", "linktype", "id"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
#: Elements whose content is dropped with them, not kept as text.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "template", "noscript", "svg"}


def allowed_tags(features: list[str]) -> set[str]:
    return BASE_TAGS.union(*(FEATURE_TAGS.get(feature, set()) for feature in features))


@functools.cache
def _cleaner(features: tuple[str, ...], *, stored: bool) -> nh3.Cleaner:
    """An allowlist sanitiser (ammonia, through nh3) for one feature list.

    ``stored`` keeps Wagtail's page-link attributes; the frontend variant keeps
    only ``href``, which `frontend_html` has already made a site path.
    """
    tags = allowed_tags(list(features))
    return nh3.Cleaner(
        tags=tags,
        clean_content_tags=DROPPED_WITH_CONTENT - tags,
        attributes={"a": STORED_LINK_ATTRIBUTES if stored else {"href"}},
        url_schemes=SAFE_SCHEMES,
        link_rel=None,
    )


def clean_html(html: str, features: list[str]) -> str:
    """Stored rich text reduced to the editor's features: no scripts, handlers or unsafe URLs.

    Wagtail's editor only produces such HTML, but rich text also arrives from
    importers, exports and code, and it is served to frontends as HTML.
    """
    return _cleaner(tuple(features), stored=True).clean(html or "")


def neutralise_html(html: str, features: list[str]) -> str:
    """HTML on its way to a reader, whatever was stored: the features, and ``href`` only."""
    return _cleaner(tuple(features), stored=False).clean(html or "")


def _compact(href: str) -> str:
    """An href as a browser reads its scheme: without spaces and control characters."""
    return "".join(char for char in href if char.isprintable() and not char.isspace()).lower()


def safe_href(href: str) -> bool:
    """A site path, an anchor, or an http(s), mailto or tel URL; nothing else goes in an href."""
    value = _compact(href)
    if value.startswith("/") and not value.startswith("//"):
        return True
    if value.startswith("#"):
        return True
    scheme, colon, _ = value.partition(":")
    return bool(colon) and scheme in SAFE_SCHEMES


def rich_text_problems(html: str, features: list[str]) -> list[str]:
    """What in stored rich text its editor could not have produced, one reason each.

    For example ``["script elements are not allowed", "onerror attributes are not
    allowed"]``. Used to refuse such text wherever it is written.
    """
    checker = _RichTextChecker(allowed_tags(features))
    checker.feed(html or "")
    checker.close()
    return list(dict.fromkeys(checker.problems))


class _RichTextChecker(HTMLParser):
    def __init__(self, tags: set[str]):
        super().__init__(convert_charrefs=True)
        self.tags = tags
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.tags:
            self.problems.append(f"{tag} elements are not allowed")
            return
        for name, value in attrs:
            allowed = STORED_LINK_ATTRIBUTES if tag == "a" else {BLOCK_KEY}
            if name not in allowed:
                self.problems.append(f"{name} attributes are not allowed")
            elif name == "href" and not safe_href(value or ""):
                scheme = _compact(value or "").split(":", 1)[0] or "empty"
                self.problems.append(f"{scheme}: links are not allowed (use http(s) or a path)")

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.problems.append("HTML comments are not allowed")

    def handle_decl(self, decl):
        self.problems.append("declarations are not allowed")

    def handle_pi(self, data):
        self.problems.append("processing instructions are not allowed")


def frontend_path(url_path: str) -> str | None:
    """The path a frontend serves a page at: ``/home/topics/x/`` → ``/topics/x/``.

    Like Wagtail's own URL routing, the most specific site root containing the
    page wins. Wagtail caches the site roots, so this runs no query per page.
    None means the page is outside every site.
    """
    root = site_root_for(url_path)
    return "/" + url_path[len(root.root_path) :] if root else None


def site_root_for(url_path: str):
    """The most specific site root (Wagtail's ``SiteRootPath``) containing ``url_path``."""
    for root in _site_roots.get() or Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return root
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


def frontend_html(html: str, links: PageLinks, features: list[str]) -> str:
    """Stored rich text for frontends: page links to paths, dead links to text, then neutralised.

    The result passes the allowlist sanitiser whatever is stored, so text that
    reached the database by any path (a script, a migration, a bug) is never
    served as markup beyond the editor's features.
    """

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

    return neutralise_html(_EMBED.sub("", _ANCHOR.sub(rewrite, html or "")), features)
