"""The edge cache in front of the API and the reference pages: surrogate keys on
every public response, and exact purges when published content changes.

- `keys`: the key names, and `patch_edge_headers` (``Cache-Control`` with the
  edge's ``s-maxage``, and the keys as ``xkey``, ``Surrogate-Key`` or ``Cache-Tag``);
- `purge`: which keys a rebuild purges (`for_rebuilt`), and the call to the backend;
- `backends`: Varnish (xkey), Cloudflare (cache tags) and Wagtail's frontend-cache
  backends (by URL).

`api.tasks` purges once a change commits: at once in the publishing process, and
again from the worker after it rebuilt the dependents. May import settings only;
never `api.documents`, `api.tasks` or a model.
"""

from api.edge.backends import PurgeFailed
from api.edge.keys import document_keys, listing_keys, page_key, patch_edge_headers, shown_ids
from api.edge.purge import backend, for_listings, for_rebuilt, purge

__all__ = [
    "PurgeFailed",
    "backend",
    "document_keys",
    "for_listings",
    "for_rebuilt",
    "listing_keys",
    "page_key",
    "patch_edge_headers",
    "purge",
    "shown_ids",
]
