"""Reading the environment: typed variables, and the URLs that name a cache or a search
server. `cms.settings.base` reads every variable through these."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool) -> bool:
    """Read a true/false environment variable, refusing anything ambiguous."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable into a list, dropping blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def cache_from_url(url: str) -> dict:
    """Turn CACHE_URL (``locmem://``, ``redis://host:6379/0``, ``dummy://``) into a CACHES entry."""
    parts = urlsplit(url)
    if parts.scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": parts.netloc or "topicdesk",
        }
    if parts.scheme in {"redis", "rediss"}:
        # django-redis, so that a Redis restart slows requests instead of failing them:
        # a read then misses and a write is dropped (and logged), within half a second.
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    if parts.scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL scheme {parts.scheme!r} is not supported; use locmem://, redis:// or dummy://."
    )


SEARCH_BACKENDS = {
    "elasticsearch7": "wagtail.search.backends.elasticsearch7",
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "elasticsearch9": "wagtail.search.backends.elasticsearch9",
    "opensearch2": "wagtail.search.backends.opensearch2",
    "opensearch3": "wagtail.search.backends.opensearch3",
}


def search_backend_from_url(url: str) -> dict:
    """SEARCH_URL → a Wagtail search backend; empty means the database backend.

    ``opensearch2://user:pass@host:9200/topicdesk`` names the backend by scheme,
    the server by host and port (https when the scheme ends in ``s``: ``opensearch2s://``),
    and the index by path.
    """
    if not url:
        return {"BACKEND": "search.backends"}
    parts = urlsplit(url)
    scheme = parts.scheme.removesuffix("s") if parts.scheme.endswith("s") else parts.scheme
    if scheme not in SEARCH_BACKENDS:
        raise ImproperlyConfigured(
            f"SEARCH_URL scheme {parts.scheme!r} is not supported; use one of "
            f"{', '.join(sorted(SEARCH_BACKENDS))} (add s for https), or leave it empty."
        )
    protocol = "https" if parts.scheme.endswith("s") else "http"
    auth = f"{parts.username}:{parts.password}@" if parts.username else ""
    return {
        "BACKEND": SEARCH_BACKENDS[scheme],
        "URLS": [f"{protocol}://{auth}{parts.hostname}:{parts.port or 9200}"],
        "INDEX": parts.path.strip("/") or "topicdesk",
        "TIMEOUT": 5,
        "OPTIONS": {},
        "INDEX_SETTINGS": {},
    }
