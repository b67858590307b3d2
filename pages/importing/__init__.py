"""Import plain-text articles as draft topic pages, block by block.

Publishers send articles as plain text (``tests/fixtures/trust-issues.txt`` is
the seed). `parse_article` recognises each part of such a file and turns it
into the block it belongs in; `import_article` validates the result with the
real blocks and writes it as a draft, never publishing.

The package owns the article format and its import, in four modules, each
importing only the ones listed before it:

- `grammar`: the rules (the format, in its docstring, as the README lists it):
  limits, the patterns each kind of line matches, line classification, and
  `ArticleError`;
- `blocks`: classified lines to block values (inline markup, one builder per
  block type) and the `Unplaced` text;
- `parser`: `parse_article`, text to a `ParsedArticle` (no database access);
- `service`: `import_article` and the rest of the write: decoding, tags, page
  links, validation, permissions, near duplicates and the `ImportReport`.

Outside the package it may import the models, the blocks and their text and
stream validation (`pages.models`, `pages.blocks`, `pages.text`,
`pages.streams`), `pages.links` and `pages.similar`, with Django and Wagtail;
never `api/`, which reads what is written here. Callers
(`pages.import_views`, the ``import_topic`` command) import from
`pages.importing` itself, not from its modules.
"""

from pages.importing.grammar import DEFAULT_BUTTON_LABEL, DEFAULT_TARGET_URL, ArticleError
from pages.importing.parser import parse_article
from pages.importing.service import (
    MAX_BYTES,
    ImportReport,
    clean_tags,
    decode_article,
    import_article,
    slug_for_file,
)

__all__ = [
    "DEFAULT_BUTTON_LABEL",
    "DEFAULT_TARGET_URL",
    "MAX_BYTES",
    "ArticleError",
    "ImportReport",
    "clean_tags",
    "decode_article",
    "import_article",
    "parse_article",
    "slug_for_file",
]
