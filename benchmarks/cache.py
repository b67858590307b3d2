"""A local-memory cache that never keeps the delivery API's responses.

`api.caching` stores whole responses under ``api:…`` keys. This backend
drops exactly those, so every API request is built from the database, while
everything else that production caches (Wagtail's site root paths, …) stays
cached, as it would be with Redis or local memory in production.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

BYPASSED_PREFIX = "api:"


class ResponseCacheBypass(LocMemCache):
    def get(self, key, default=None, version=None):
        if key.startswith(BYPASSED_PREFIX):
            return default
        return super().get(key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if key.startswith(BYPASSED_PREFIX):
            return
        super().set(key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if key.startswith(BYPASSED_PREFIX):
            return True
        return super().add(key, value, timeout, version)
