"""Turn site paths in authored HTML into Wagtail page links, and back.

Wagtail stores a link to a page as ``<a linktype="page" id="42">`` so that it
follows the page when it moves. Authored and imported HTML uses ordinary site
paths (``href="/topics/relationships/conflict-cycles/"``); this module maps
one to the other.
"""

from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from wagtail.models import Page, Site


@dataclass
class LinkedHtml:
    html: str
    #: Site paths that looked internal but had no page; left as plain links.
    unresolved: list[str] = field(default_factory=list)


def page_for_path(*, site: Site, path: str) -> Page | None:
    """The page at a site path such as ``/topics/relationships/trust-issues/``, or None."""
    path = path.split("#", 1)[0].split("?", 1)[0]
    if not path.startswith("/"):
        return None
    relative = path.strip("/")
    url_path = site.root_page.url_path + (f"{relative}/" if relative else "")
    return Page.objects.filter(url_path=url_path).first()


def internalise_links(html: str, *, site: Site) -> LinkedHtml:
    """Rewrite ``<a href="/…">`` to page links where a page exists at that path."""
    soup = BeautifulSoup(html, "html.parser")
    unresolved: list[str] = []
    for anchor in soup.find_all("a", href=True):
        href = anchor["href"]
        if not href.startswith("/") or href.startswith("//"):
            continue
        page = page_for_path(site=site, path=href)
        if page is None:
            unresolved.append(href)
            continue
        del anchor["href"]
        anchor["linktype"] = "page"
        anchor["id"] = str(page.pk)
    return LinkedHtml(html=str(soup), unresolved=unresolved)
