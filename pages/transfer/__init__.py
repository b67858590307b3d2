"""Move every page between databases (SQLite to PostgreSQL included) without loss.

The export is one JSON document, ``{"format": "topicdesk-content", "version": 1,
"sites": [...], "pages": [...]}``. Pages come in tree order, each with its type, its
``url_path`` (the key that survives the move: database ids do not), its fields, its
blocks, tags, pinned related pages, live state and, when it has unpublished changes,
its latest draft. Every reference to another page (rich text links, page choosers,
pinned pages, redirects to pages) is written as that page's ``url_path`` and turned
back into an id on import. Exporting, importing into an empty database and exporting
again gives identical JSON.

- `schema`: the format, its fields, and page references as ``url_path``;
- `export`: `export_content`;
- `restore`: `import_content`, which refuses a whole file (`TransferError`,
  naming each problem) before it writes anything.

May import `pages.models`, `pages.streams` and `pages.text`; nothing above them.
"""

from pages.transfer.export import export_content
from pages.transfer.restore import import_content
from pages.transfer.schema import FORMAT, VERSION, TransferError

__all__ = ["FORMAT", "VERSION", "TransferError", "export_content", "import_content"]
