"""Purge backends: how a set of surrogate keys (or, for URL-based CDNs, paths)
leaves the edge. `EDGE_PURGE_BACKEND` names one by dotted path:

- `VarnishXkey`: one ``PURGE`` per Varnish (``EDGE_PURGE_LOCATIONS``), naming the
  keys in an ``xkey-purge`` header, for the VCL in ``cms/deploy/varnish.vcl``
  (Debian's varnish-modules' ``xkey``).
- `CloudflareTags`: Cloudflare's purge-by-cache-tag API, the tags being the keys.
- `WagtailFrontendCache`: any of Wagtail's frontend-cache backends, configured in
  ``WAGTAILFRONTENDCACHE`` (CloudFront, Azure, Cloudflare or plain HTTP by URL),
  for CDNs that purge only by URL.

A backend raises `PurgeFailed` when the edge did not confirm the purge, so that
the caller can try again (`api.tasks.purge_edge`).
"""

import json
import urllib.error
import urllib.request
from collections.abc import Iterable
from urllib.parse import quote, urlsplit

from django.conf import settings

#: Keys per request: Varnish's default limit on one header is 8 KB.
KEYS_PER_REQUEST = 200


class PurgeFailed(Exception):
    """The edge did not confirm a purge."""


def _send(request: urllib.request.Request, what: str) -> bytes:
    try:
        with urllib.request.urlopen(request, timeout=settings.EDGE_PURGE_TIMEOUT) as response:  # noqa: S310 (configured URLs)
            return response.read()
    except urllib.error.HTTPError as exc:
        raise PurgeFailed(f"{what} answered HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise PurgeFailed(f"{what} did not answer: {getattr(exc, 'reason', exc)}") from exc


def _chunks(items: Iterable[str], size: int = KEYS_PER_REQUEST) -> Iterable[list[str]]:
    items = sorted(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


class VarnishXkey:
    """``PURGE /`` with ``xkey-purge: <keys>`` to every Varnish in ``EDGE_PURGE_LOCATIONS``."""

    def __init__(self, locations: list[str]):
        if not locations:
            raise ValueError("VarnishXkey needs EDGE_PURGE_LOCATIONS (e.g. http://127.0.0.1:6081).")
        self.locations = [location.rstrip("/") for location in locations]

    def purge(self, keys: set[str], paths: set[str]) -> None:
        for location in self.locations:
            for chunk in _chunks(keys):
                request = urllib.request.Request(  # noqa: S310 (configured URLs)
                    f"{location}/", method="PURGE", headers={"xkey-purge": " ".join(chunk)}
                )
                _send(request, f"Varnish at {location}")


class CloudflareTags:
    """Cloudflare's ``purge_cache`` by tags (the responses' ``Cache-Tag``)."""

    API = "https://api.cloudflare.com/client/v4"

    def __init__(self, locations: list[str]):
        self.zone = settings.CLOUDFLARE_ZONE_ID
        self.token = settings.CLOUDFLARE_API_TOKEN
        if not (self.zone and self.token):
            raise ValueError("CloudflareTags needs CLOUDFLARE_ZONE_ID and CLOUDFLARE_API_TOKEN.")
        self.api = (locations[0] if locations else self.API).rstrip("/")

    def purge(self, keys: set[str], paths: set[str]) -> None:
        for chunk in _chunks(keys, 30):  # the API takes at most 30 tags per call
            request = urllib.request.Request(  # noqa: S310 (the API's https URL)
                f"{self.api}/zones/{quote(self.zone)}/purge_cache",
                data=json.dumps({"tags": chunk}).encode(),
                method="POST",
                headers={
                    "Authorization": f"Bearer {self.token}",
                    "Content-Type": "application/json",
                },
            )
            answer = json.loads(_send(request, "Cloudflare") or b"{}")
            if not answer.get("success"):
                raise PurgeFailed(f"Cloudflare refused the purge: {answer.get('errors')}")


class WagtailFrontendCache:
    """Wagtail's frontend-cache backends (``WAGTAILFRONTENDCACHE``), by URL.

    A URL-based CDN cannot purge by key: this purges each changed page's reference
    page and detail URLs and the listings' URLs without a query string. Searches and
    filtered listings then expire after ``EDGE_CACHE_MAX_AGE``, so keep it short with
    this backend, or use a CDN that purges by key.
    """

    LISTINGS = ("topics/", "tags/", "navigation/", "routes/", "redirects/")

    def __init__(self, locations: list[str]):
        from wagtail.contrib.frontend_cache.utils import get_backends

        self.backends = get_backends()
        if not self.backends:
            raise ValueError("WagtailFrontendCache needs WAGTAILFRONTENDCACHE to name a backend.")
        self.base = urlsplit(settings.EDGE_PUBLIC_URL or settings.WAGTAILADMIN_BASE_URL)

    def urls(self, keys: set[str], paths: set[str]) -> list[str]:
        from api.edge.keys import page_key

        root = f"{self.base.scheme}://{self.base.netloc}"
        urls = {f"{root}{path}" for path in paths}
        urls |= {f"{root}/api/v1/pages/resolve/?path={quote(path)}" for path in paths}
        prefix = page_key(0)[:-1]
        urls |= {
            f"{root}/api/v1/topics/{key[len(prefix) :]}/" for key in keys if key.startswith(prefix)
        }
        urls |= {f"{root}/api/v1/{listing}" for listing in self.LISTINGS}
        return sorted(urls)

    def purge(self, keys: set[str], paths: set[str]) -> None:
        urls = self.urls(keys, paths)
        for backend in self.backends.values():
            backend.purge_batch(urls)
