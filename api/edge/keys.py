"""Surrogate keys and the edge's caching headers.

Every public response names what it shows, so that an edge cache (Varnish with
xkey, Fastly, Cloudflare) can drop exactly the responses a publish changed:

- ``td-page-<id>``: the page's own responses (its detail by id and by path, its
  reference HTML page). `api.edge.purge` purges these for every rebuilt document.
- ``td-shows-<id>``: a response that shows page ``<id>`` (a card, a link, a
  breadcrumb): the document's dependencies, for an operator's or CDN rule's use.
- ``td-listings`` and ``td-listing-<name>``: the listings (topics, navigation,
  routes, tags, search...), which are all rebuilt on the server under one
  published-content version, so every published change purges them together.
"""

from collections.abc import Iterable

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

LISTINGS = "td-listings"


def page_key(page_id: int) -> str:
    return f"td-page-{page_id}"


def shows_key(page_id: int) -> str:
    return f"td-shows-{page_id}"


def listing_keys(name: str) -> str:
    return f"{LISTINGS} td-listing-{name}"


def document_keys(page_id: int, shows: Iterable[int]) -> str:
    """A page document's keys, space-separated (stored with the document)."""
    return " ".join([page_key(page_id), *(shows_key(pk) for pk in sorted(set(shows)))])


def shown_ids(keys: str) -> set[int]:
    """The ids of the ``td-shows-`` keys in a stored key string."""
    prefix = shows_key(0)[:-1]
    return {int(key[len(prefix) :]) for key in keys.split() if key.startswith(prefix)}


def patch_edge_headers(response: HttpResponse, keys: str) -> HttpResponse:
    """Mark a public response cacheable, by browsers briefly and by the edge for long,
    and name its surrogate keys in each header `EDGE_KEY_HEADERS` lists.

    The edge's long lifetime (``s-maxage``) is only sent when a purge backend is
    configured (`EDGE_PURGE_BACKEND`): without purges, a shared cache keeps a
    response only as long as a browser does.
    """
    extra = {}
    if settings.EDGE_PURGE_BACKEND:
        extra = {
            "s_maxage": settings.EDGE_CACHE_MAX_AGE,
            "stale_while_revalidate": settings.EDGE_STALE_WHILE_REVALIDATE,
            "stale_if_error": settings.EDGE_STALE_IF_ERROR,
        }
    patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE, **extra)
    for header in settings.EDGE_KEY_HEADERS:
        # Cloudflare's Cache-Tag is comma-separated; xkey and Surrogate-Key use spaces.
        response[header] = keys.replace(" ", ",") if header.lower() == "cache-tag" else keys
    return response
