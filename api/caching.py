"""HTTP caching for the delivery API, correct across processes and servers.

Page details are served from their stored documents (`DocumentGetMixin`): one
query, with the document's own ETag. Everything else (listings, navigation,
routes, tags, search) is cached under the *published-content version*, a
counter that `api.documents` moves whenever a published document changes or a
redirect, view restriction or tag does, and never on a draft save or a workflow
step. Every process reads it from the shared database in one query, and cache
keys and ETags carry it: after a change no process can find an old entry,
whatever cache backend it uses.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified

from api.documents import delivery_version
from api.edge import listing_keys, patch_edge_headers
from pages.richtext import site_roots_read_once


def content_version() -> str:
    """The published-content version (`api.models.DeliveryVersion`): one query."""
    return str(delivery_version())


def _etag(version: str, full_path: str) -> str:
    digest = hashlib.blake2b(f"{version} {full_path}".encode(), digest_size=12).hexdigest()
    return f'"{digest}"'


def _finish(response: HttpResponse, etag: str, keys: str) -> HttpResponse:
    response["ETag"] = etag
    return patch_edge_headers(response, keys)


class CachedGetMixin:
    """For DRF views: answer GET from the versioned cache, or with 304 for a fresh ETag.

    Subclasses implement ``build(request, *args, **kwargs)`` returning a DRF
    Response, and name the listing (``listing``, its surrogate key at the edge).
    Authentication, permissions and throttling still run first.
    """

    listing = "api"

    def get(self, request, *args, **kwargs):
        version = content_version()
        etag = _etag(version, request.get_full_path())
        keys = listing_keys(self.listing)
        if etag in request.headers.get("If-None-Match", ""):
            return _finish(HttpResponseNotModified(), etag, keys)
        key = f"api:{etag}"
        cached = cache.get(key)
        if cached is None:
            with site_roots_read_once():
                built = self.build(request, *args, **kwargs)
            response = self.finalize_response(request, built)
            response.render()
            if response.status_code != 200:
                return response
            cached = response.content
            cache.set(key, cached, settings.API_RESPONSE_CACHE_SECONDS)
        return _finish(HttpResponse(cached, content_type="application/json"), etag, keys)


class DocumentGetMixin:
    """For DRF detail views: answer GET from the page's stored document.

    Subclasses implement ``find(request, *args, **kwargs)``, returning the
    stored ``(etag, content, surrogate_keys)`` or None, and ``build(...)``, which
    builds and stores a missing one (or raises Http404). One query when it is stored.
    """

    def get(self, request, *args, **kwargs):
        found = self.find(request, *args, **kwargs)
        if found is None:
            with site_roots_read_once():
                document = self.build(request, *args, **kwargs)
            found = document.etag, document.content, document.surrogate_keys
        etag, content, keys = found
        if etag in request.headers.get("If-None-Match", ""):
            return _finish(HttpResponseNotModified(), etag, keys)
        body = HttpResponse(bytes(content), content_type="application/json")
        return _finish(body, etag, keys)
