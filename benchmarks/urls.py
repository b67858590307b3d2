"""The project's URLs plus ``/bench/ceiling/``: the cheapest Django response of the same size.

The ceiling is what the same server, middleware and WSGI stack can do when a
view does no work at all; a warm cached API response should come close to it.
Its body is ``BENCH_CEILING_BYTES`` bytes of valid JSON (the runner sets it to
the size of the trust-issues detail response).
"""

import os

from django.http import HttpResponse
from django.urls import path

from cms.urls import urlpatterns as cms_urlpatterns

DEFAULT_CEILING_BYTES = 12_000
_PREFIX, _SUFFIX = b'{"pad":"', b'"}'


def ceiling_body(size: int) -> bytes:
    """Valid JSON of exactly ``size`` bytes (at least 10)."""
    size = max(size, len(_PREFIX) + len(_SUFFIX))
    return _PREFIX + b"x" * (size - len(_PREFIX) - len(_SUFFIX)) + _SUFFIX


CEILING_BODY = ceiling_body(int(os.environ.get("BENCH_CEILING_BYTES") or DEFAULT_CEILING_BYTES))


def ceiling(request):
    return HttpResponse(CEILING_BODY, content_type="application/json")


# Before cms.urls, whose last route is Wagtail's catch-all page serving.
urlpatterns = [path("bench/ceiling/", ceiling, name="bench-ceiling"), *cms_urlpatterns]
