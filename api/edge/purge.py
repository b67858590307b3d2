"""What a change purges from the edge, and the call to the configured backend."""

import logging
import time

from django.conf import settings
from django.utils.module_loading import import_string

from api.edge.backends import PurgeFailed
from api.edge.keys import LISTINGS, page_key

logger = logging.getLogger(__name__)


def for_rebuilt(result) -> dict | None:
    """The purge a rebuild calls for (an `api.documents.Rebuilt`), as task arguments:
    the keys of the documents whose bytes changed or went, with the listings, and
    the paths they had or have. None when nothing published changed."""
    if not (result.changed_ids or result.changed_paths):
        return None
    keys = {page_key(pk) for pk in result.changed_ids} | {LISTINGS}
    return {"keys": sorted(keys), "paths": sorted(result.changed_paths)}


def for_listings() -> dict:
    """Listings only: a redirect or a tag changed, and no document."""
    return {"keys": [LISTINGS], "paths": []}


def backend():
    """The configured backend, or None (`EDGE_PURGE_BACKEND` empty: no edge to purge)."""
    if not settings.EDGE_PURGE_BACKEND:
        return None
    return import_string(settings.EDGE_PURGE_BACKEND)(settings.EDGE_PURGE_LOCATIONS)


def purge(keys: list[str], paths: list[str]) -> float:
    """Purge now; return the seconds it took. Raises `PurgeFailed` if the edge did not
    confirm it (`api.tasks.purge_edge` then tries again)."""
    edge = backend()
    if edge is None or not keys:
        return 0.0
    started = time.monotonic()
    edge.purge(set(keys), set(paths))
    took = time.monotonic() - started
    logger.info("Purged %d keys from the edge in %.0f ms", len(keys), took * 1000)
    return took


__all__ = ["PurgeFailed", "backend", "for_listings", "for_rebuilt", "purge"]
