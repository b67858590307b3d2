"""Published documents: every live page's detail JSON, built when it changes, read in one query.

A `PageDocument` holds the exact bytes `resolve` and `topics/{id}` return, with
its own ETag, and the ids of the pages it shows (`DocumentDependency`). This
package builds them (`api.publishing` only drops a deleted page's row):

- `build`: render a page's detail, store it (`rebuild`, `rebuild_in_batches`),
  build a missing one on the read that finds it (`document_for_bundle`), and
  compare with a fresh build (`stale_path`, for ``rebuild_documents --check``);
- `dependencies`: which documents show a page, now or once it ranks into their
  related list (each document stores the ranking key of its last tag-ranked
  related topic, ``related_floor``, so that set is exact);
- `dependents`: the worker's half of a change, which rebuilds those documents,
  or patches a republished topic's card into them where that is exact.

When each runs is decided above it: `api.publishing` rebuilds a changed page's
own document in the publish's transaction and queues the rest (`api.tasks`).
A draft save, a workflow step or an unrelated snippet edit builds nothing.

May import: `api.models`, `api.serializers` and `pages` (models, selectors,
routing). Never `api.tasks`, `api.publishing` or `api.webhooks`.
"""

from api.documents.build import (
    BATCH,
    Rebuilt,
    all_page_ids,
    bump_version,
    delivery_version,
    document_for_bundle,
    etag_for,
    rebuild,
    rebuild_in_batches,
    render,
    stale_path,
)
from api.documents.dependencies import (
    pages_of_site,
    pages_reviewed_by,
    pages_showing_crisis_resources,
    pages_showing_images,
    pages_tagged,
    subtree_ids,
)
from api.documents.dependents import rebuild_dependents  # (``dependents`` is that module)

__all__ = [
    "BATCH",
    "Rebuilt",
    "all_page_ids",
    "bump_version",
    "delivery_version",
    "document_for_bundle",
    "etag_for",
    "pages_of_site",
    "pages_reviewed_by",
    "pages_showing_crisis_resources",
    "pages_showing_images",
    "pages_tagged",
    "rebuild",
    "rebuild_dependents",
    "rebuild_in_batches",
    "render",
    "stale_path",
    "subtree_ids",
]
